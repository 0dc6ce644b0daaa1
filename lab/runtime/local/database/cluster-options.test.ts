import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId } from '../../shared/run-label.js';
import { startDatabaseCluster } from './database-cluster.js';
import { connect, processesOfRun, query, tempDirsOfRun, waitFor, whileFrozen } from './test-support.js';

const app = { user: 'shop', password: 'secret', database: 'dhakacart' };
let logsDir: string;

beforeAll(async () => {
  logsDir = await mkdtemp(join(tmpdir(), 'dhakacart-db-test-logs-'));
});

afterAll(async () => {
  await rm(logsDir, { recursive: true, force: true });
});

describe('DatabaseCluster with synchronous: false', () => {
  it('reports the standby as async and acknowledges commits without waiting for it', async () => {
    await using cluster = await startDatabaseCluster({
      runId: newRunId(),
      ...app,
      synchronous: false,
      logsDir,
    });
    expect((await cluster.replicationState()).standby).toMatchObject({
      state: 'streaming',
      syncState: 'async',
    });
    expect(cluster.status().synchronous).toBe(false);

    await query(cluster.primary.url, `CREATE TABLE notes (text text)`);
    const writer = await connect(cluster.primary.url);
    try {
      await whileFrozen(cluster.standby!.pid!, async () => {
        // With the standby frozen, a synchronous commit would hang; an asynchronous one returns.
        const outcome = await Promise.race([
          writer.query(`INSERT INTO notes VALUES ('async')`).then(() => 'acknowledged'),
          new Promise((resolve) => setTimeout(resolve, 10_000, 'still waiting after 10 s')),
        ]);
        expect(outcome).toBe('acknowledged');
      });
    } finally {
      await writer.end();
    }
    await cluster.waitForStandbyCaughtUp();
    expect(await query(cluster.standby!.url, `SELECT text FROM notes`)).toEqual([{ text: 'async' }]);
  });
});

describe('DatabaseCluster with standby: false', () => {
  it('runs a primary alone, for the app user, with no standby to report or re-clone', async () => {
    await using cluster = await startDatabaseCluster({ runId: newRunId(), ...app, standby: false, logsDir });
    expect(await query(cluster.primary.url, `SELECT current_user AS user, current_database() AS db`)).toEqual(
      [{ user: 'shop', db: 'dhakacart' }],
    );
    expect(cluster.standby).toBeUndefined();
    expect(await cluster.replicationState()).toEqual({ primary: 'postgres-0', standby: null });
    expect(cluster.status()).toEqual({
      primary: { name: 'postgres-0', port: cluster.primary.port, role: 'primary' },
      synchronous: false,
    });
    await expect(cluster.recloneStandby()).rejects.toThrow(/standby: false/);
  });
});

describe('startDatabaseCluster failures', () => {
  it('names the node and PostgreSQL’s complaint when a setting is invalid, and leaves nothing behind', async () => {
    const runId = newRunId();
    await expect(
      startDatabaseCluster({ runId, ...app, logsDir, settings: { shared_buffers: 'lots' } }),
    ).rejects.toThrow(/postgres-0: postgres exited during start-up[\s\S]*shared_buffers/);
    await waitFor(
      'the run to leave no process',
      async () => (await processesOfRun(runId)).length === 0,
      5_000,
    );
    expect(await tempDirsOfRun(runId)).toEqual([]);
    expect(await readFile(join(logsDir, 'postgres-0.log'), 'utf8')).toMatch(/shared_buffers/);
  });
});
