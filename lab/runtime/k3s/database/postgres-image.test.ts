import { spawnSync } from 'node:child_process';
import { PostgreSqlContainer, type StartedPostgreSqlContainer } from '@testcontainers/postgresql';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLabels } from '../docker/labels.js';
import {
  containerTestImages,
  dockerSkipReason,
  imageBuildTimeoutMs,
  startTestNetwork,
  type TestNetwork,
} from './test-support.js';

const skip = dockerSkipReason();
if (skip) console.warn(skip);

/** @testcontainers/postgresql's module as it is, but publishing on 127.0.0.1 only (the lab's rule). */
class LoopbackPostgreSqlContainer extends PostgreSqlContainer {
  protected override async beforeContainerCreated(): Promise<void> {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}))
      for (const binding of bindings as { HostIp?: string }[]) binding.HostIp = '127.0.0.1';
  }
}

/**
 * The lab's PostgreSQL image honours the official image's contract, so @testcontainers/postgresql runs
 * it unchanged (its health check and port wait), and it is set up for streaming replication.
 */
describe.skipIf(skip !== undefined)('the lab postgres image (docker-entrypoint.sh)', () => {
  let network: TestNetwork;
  let container: StartedPostgreSqlContainer;

  beforeAll(async () => {
    const images = await containerTestImages();
    network = await startTestNetwork('pgimage');
    const began = performance.now();
    container = await new LoopbackPostgreSqlContainer(images.postgres)
      .withDatabase('shop')
      .withUsername('shopper')
      // The module's health check puts the password into a shell command unquoted: keep it plain.
      .withPassword('shopper-password')
      .withNetworkMode(network.name)
      .withLabels(runLabels(network.runId, 'postgres-image-test'))
      .start();
    console.log(`PostgreSqlContainer started in ${Math.round(performance.now() - began)} ms`);
  }, imageBuildTimeoutMs);

  afterAll(async () => {
    await container?.stop({ remove: true, removeVolumes: true });
    await network?.[Symbol.asyncDispose]();
  });

  it('answers on the connection URI with the requested user and database', async () => {
    const client = new pg.Client({ connectionString: container.getConnectionUri() });
    await client.connect();
    try {
      const { rows } = await client.query(
        `SELECT current_user AS user, current_database() AS db, current_setting('server_encoding') AS encoding,
                current_setting('lc_collate') AS collate, current_setting('password_encryption') AS pw,
                current_setting('wal_level') AS wal, current_setting('hot_standby') AS hot_standby,
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
      );
      expect(rows[0]).toEqual({
        user: 'shopper',
        db: 'shop',
        encoding: 'UTF8',
        collate: 'C.UTF-8',
        pw: 'scram-sha-256',
        wal: 'replica',
        hot_standby: 'on',
        superuser: true,
      });
      expect(new URL(container.getConnectionUri()).port).toBe(String(container.getPort()));
    } finally {
      await client.end();
    }
  });

  it('runs the server as the postgres user, and only the final server logs that it is ready', async () => {
    const owner = await container.exec(['stat', '-c', '%U', '/proc/1']);
    expect(owner.output.trim()).toBe('postgres');
    const out = spawnSync('docker', ['logs', container.getId()], { encoding: 'utf8' });
    const logs = out.stdout + out.stderr;
    expect(logs.match(/ready to accept connections/g)).toHaveLength(1);
    expect(logs).toMatch(/initialised \/var\/lib\/postgresql\/data as a primary/);
  });

  it('refuses a password-less login from the network', async () => {
    const uri = new URL(container.getConnectionUri());
    uri.password = 'wrong';
    const client = new pg.Client({ connectionString: uri.toString() });
    await expect(client.connect()).rejects.toThrow(/password authentication failed/);
  });
});
