import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '../tools/embedded-postgres.js';

const ourTempDirs = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('dhakacart-pg-'));

describe('startEmbeddedPostgres', () => {
  it('runs a UTF-8 cluster on 127.0.0.1 as a non-root user, and stop() removes every trace', async () => {
    const before = await ourTempDirs();
    const cluster = await startEmbeddedPostgres();
    const created = (await ourTempDirs()).filter((d) => !before.includes(d));
    expect(created).toHaveLength(1);
    try {
      const client = new pg.Client(cluster.adminUrl);
      await client.connect();
      const { rows } = await client.query<{ encoding: string; listen: string; superuser: string }>(
        `SELECT pg_encoding_to_char(encoding) AS encoding, current_setting('listen_addresses') AS listen,
                current_user AS superuser
           FROM pg_database WHERE datname = current_database()`,
      );
      await client.end();
      expect(rows[0]).toEqual({ encoding: 'UTF8', listen: '127.0.0.1', superuser: 'postgres' });
      expect(new URL(cluster.adminUrl).hostname).toBe('127.0.0.1');
      expect(cluster.port).toBe(Number(new URL(cluster.adminUrl).port));
      // PostgreSQL refuses root; as root the cluster (and its files) belong to an unprivileged user.
      const owner = (await stat(`${tmpdir()}/${created[0]}/data`)).uid;
      if (process.getuid?.() === 0) expect(owner).not.toBe(0);
      else expect(owner).toBe(process.getuid?.());
    } finally {
      await cluster.stop();
      await cluster.stop(); // idempotent: signal handlers and finally blocks may both call it
    }
    expect(existsSync(`${tmpdir()}/${created[0]}`)).toBe(false);
    await expect(
      new pg.Client({ connectionString: cluster.adminUrl, connectionTimeoutMillis: 1000 }).connect(),
    ).rejects.toThrow();
  });
});
