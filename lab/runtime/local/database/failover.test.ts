import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId } from '../../shared/run-label.js';
import { startDatabaseCluster, type RepointTarget, type StartedDatabaseCluster } from './database-cluster.js';
import { connect, processesOfRun, query, tempDirsOfRun, waitFor } from './test-support.js';

/** POSIX shared memory segments PostgreSQL made (`PostgreSQL.<n>` in /dev/shm, where Linux keeps them). */
async function postgresSegments(): Promise<string[]> {
  const names = await readdir('/dev/shm').catch(() => [] as string[]);
  return names.filter((name) => name.startsWith('PostgreSQL.'));
}

// The cases run in order on one cluster: each starts from where the previous one left it.
describe('DatabaseCluster failover and re-clone', () => {
  const runId = newRunId();
  let logsDir: string;
  let cluster: StartedDatabaseCluster;
  let segmentsBefore: string[];

  beforeAll(async () => {
    segmentsBefore = await postgresSegments();
    logsDir = await mkdtemp(join(tmpdir(), 'dhakacart-db-test-logs-'));
    cluster = await startDatabaseCluster({
      runId,
      user: 'shop',
      password: 'secret',
      database: 'dhakacart',
      logsDir,
    });
    await query(cluster.primary.url, `CREATE TABLE orders (id serial PRIMARY KEY, note text NOT NULL)`);
  });

  afterAll(async () => {
    await cluster?.stop();
    await rm(logsDir, { recursive: true, force: true });
  });

  /**
   * Inserts one row at a time until the primary dies under it; returns the ids it acknowledged and why
   * the last insert failed.
   */
  async function writeUntilKilled(writer: pg.Client, acknowledged: number[]): Promise<Error | undefined> {
    for (let i = 0; i < 100_000; i++) {
      try {
        const { rows } = await writer.query<{ id: number }>(
          `INSERT INTO orders (note) VALUES ('before failover') RETURNING id`,
        );
        acknowledged.push(rows[0]!.id);
      } catch (error) {
        return error as Error; // the primary is gone; this last insert was never acknowledged
      }
    }
    return undefined;
  }

  it('promotes the standby with every acknowledged commit, then re-points clients after the detection delay', async () => {
    const writer = await connect(cluster.primary.url, { queryTimeoutMs: 1_000 });
    const acknowledged: number[] = [];
    const writing = writeUntilKilled(writer, acknowledged);
    await waitFor('the writer to get going', async () => acknowledged.length >= 20);
    const repoints: { target: RepointTarget; at: number }[] = [];

    const result = await cluster.failover({
      detectionDelayMs: 300,
      repoint: (target) => {
        repoints.push({ target, at: Date.now() });
      },
    });
    // A lost host resets nothing: the insert under way hangs until the client's own timeout, as against
    // a lost RDS instance or Kubernetes node (a killed process would have its connection reset at once).
    expect((await writing)?.message).toMatch(/timeout/i);
    await writer.end().catch(() => undefined);

    expect(result).toMatchObject({ oldPrimary: 'postgres-0', newPrimary: 'postgres-1' });
    const killedAt = Date.parse(result.killedAt);
    expect(Date.parse(result.promotedAt) - killedAt).toBeGreaterThanOrEqual(300);
    expect(repoints).toEqual([
      {
        target: { host: '127.0.0.1', port: cluster.primary.port, node: 'postgres-1' },
        at: expect.any(Number),
      },
    ]);
    expect(repoints[0]!.at - killedAt).toBeGreaterThanOrEqual(300);
    expect(Date.parse(result.repointedAt)).toBeGreaterThanOrEqual(Date.parse(result.promotedAt));

    // RPO 0: every commit the old primary acknowledged is on the new one.
    const survivors = await query<{ n: number }>(
      cluster.primary.url,
      `SELECT count(*)::int AS n FROM orders WHERE id = ANY($1::int[])`,
      [acknowledged],
    );
    expect(survivors[0]?.n).toBe(acknowledged.length);
    // New writes succeed (and do not wait for a standby that is gone).
    await query(cluster.primary.url, `INSERT INTO orders (note) VALUES ('after failover')`);

    expect(cluster.primary).toMatchObject({ name: 'postgres-1', role: 'primary' });
    expect(cluster.standby).toBeUndefined();
    expect(cluster.status()).toMatchObject({
      primary: { name: 'postgres-1', role: 'primary' },
      standby: { name: 'postgres-0', role: 'down' },
      synchronous: false,
    });
    expect((await cluster.replicationState()).standby).toBeNull();
  });

  it('re-clones the old primary as a synchronous streaming standby of the new primary', async () => {
    const standby = await cluster.recloneStandby();
    expect(standby).toMatchObject({ name: 'postgres-0', role: 'standby' });
    expect((await cluster.replicationState()).standby).toMatchObject({
      name: 'postgres-0',
      state: 'streaming',
      syncState: 'sync',
    });
    expect(cluster.status()).toMatchObject({
      standby: { name: 'postgres-0', role: 'standby' },
      synchronous: true,
    });

    await query(cluster.primary.url, `INSERT INTO orders (note) VALUES ('after re-clone')`);
    await cluster.waitForStandbyCaughtUp();
    const notes = await query<{ note: string }>(
      standby.url,
      `SELECT DISTINCT note FROM orders ORDER BY note`,
    );
    expect(notes.map((r) => r.note)).toEqual(['after failover', 'after re-clone', 'before failover']);
  });

  it('fails over again, back to postgres-0', async () => {
    const result = await cluster.failover({ detectionDelayMs: 0, repoint: () => undefined });
    expect(result).toMatchObject({ oldPrimary: 'postgres-1', newPrimary: 'postgres-0' });
    await query(cluster.primary.url, `INSERT INTO orders (note) VALUES ('second failover')`);
    const [row] = await query<{ n: number }>(
      cluster.primary.url,
      `SELECT count(*)::int AS n FROM orders WHERE note = 'after re-clone'`,
    );
    expect(row?.n).toBe(1);
  });

  it('refuses to promote when there is no standby, and says what to do', async () => {
    await expect(cluster.promoteStandby()).rejects.toThrow(/no running standby to promote.*re-clone/);
  });

  it('refuses a failover with no standby before touching the primary, which keeps serving', async () => {
    let repointed = false;
    await expect(
      cluster.failover({ detectionDelayMs: 0, repoint: () => void (repointed = true) }),
    ).rejects.toThrow(/no running standby to promote.*lab fault db-reclone.*nothing was changed/);
    expect(repointed).toBe(false);
    expect(cluster.status().primary).toMatchObject({ name: 'postgres-0', role: 'primary' });
    await query(cluster.primary.url, `INSERT INTO orders (note) VALUES ('after a refused failover')`);
  });

  it('stop() leaves no process, no temp dir and no shared memory segment of the run, and may be called again', async () => {
    expect((await processesOfRun(runId)).length).toBeGreaterThan(0);
    await cluster.stop();
    await cluster.stop();
    expect(await processesOfRun(runId)).toEqual([]);
    expect(await tempDirsOfRun(runId)).toEqual([]);
    // Two primaries were SIGKILLed above: segments in /dev/shm would have outlived them.
    const leaked = (await postgresSegments()).filter((name) => !segmentsBefore.includes(name));
    expect(leaked).toEqual([]);
    await expect(cluster.recloneStandby()).rejects.toThrow(/stopped/);
  });
});
