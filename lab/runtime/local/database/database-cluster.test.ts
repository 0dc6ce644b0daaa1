import { access, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newRunId, runLabelEnv } from '../../shared/run-label.js';
import { startDatabaseCluster, type StartedDatabaseCluster } from './database-cluster.js';
import { serverPids } from './server-processes.js';
import { connect, processIdentity, query, waitFor, whileFrozen } from './test-support.js';

// One cluster for every case here: none of them changes which node is primary.
describe('DatabaseCluster (synchronous replication, the default)', () => {
  const runId = newRunId();
  let logsDir: string;
  let cluster: StartedDatabaseCluster;

  beforeAll(async () => {
    logsDir = await mkdtemp(join(tmpdir(), 'dhakacart-db-test-logs-'));
    cluster = await startDatabaseCluster({
      runId,
      user: 'shop',
      password: "p@ss'word/with:symbols",
      database: 'dhakacart',
      logsDir,
    });
    await query(cluster.primary.url, `CREATE TABLE notes (id serial PRIMARY KEY, text text NOT NULL)`);
  });

  afterAll(async () => {
    await cluster?.stop();
    await rm(logsDir, { recursive: true, force: true });
  });

  it('names the nodes like a StatefulSet: postgres-0 primary, postgres-1 hot standby', () => {
    expect(cluster.primary).toMatchObject({ name: 'postgres-0', role: 'primary' });
    expect(cluster.standby).toMatchObject({ name: 'postgres-1', role: 'standby' });
    expect(cluster.primary.port).not.toBe(cluster.standby?.port);
    expect(cluster.primary.url).toMatch(/^postgres:\/\/shop:.+@127\.0\.0\.1:\d+\/dhakacart$/);
  });

  it('replicates a row written on the primary to the hot standby', async () => {
    await query(cluster.primary.url, `INSERT INTO notes (text) VALUES ('replicated')`);
    await cluster.waitForStandbyCaughtUp();
    const rows = await query(cluster.standby!.url, `SELECT text FROM notes WHERE text = 'replicated'`);
    expect(rows).toEqual([{ text: 'replicated' }]);
  });

  it('refuses writes on the standby', async () => {
    await expect(query(cluster.standby!.url, `INSERT INTO notes (text) VALUES ('nope')`)).rejects.toThrow(
      /read-only transaction/,
    );
  });

  it('reports the standby as streaming and synchronous', async () => {
    const state = await cluster.replicationState();
    expect(state.primary).toBe('postgres-0');
    expect(state.standby).toMatchObject({ name: 'postgres-1', state: 'streaming', syncState: 'sync' });
    expect(state.standby?.replayLsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    expect(cluster.status()).toMatchObject({
      primary: { name: 'postgres-0', role: 'primary', port: cluster.primary.port },
      standby: { name: 'postgres-1', role: 'standby', port: cluster.standby!.port },
      synchronous: true,
    });
  });

  it('acknowledges a commit only once the standby has it (RPO 0)', async () => {
    const writer = await connect(cluster.primary.url);
    try {
      let acknowledged = false;
      const { commit } = await whileFrozen(cluster.standby!.pid!, async () => {
        const pending = writer.query(`INSERT INTO notes (text) VALUES ('waits for the standby')`).then(() => {
          acknowledged = true;
        });
        // The primary holds the commit in the SyncRep wait while the standby cannot confirm it.
        await waitFor('the commit to wait for synchronous replication', async () => {
          const rows = await query(
            cluster.primary.url,
            `SELECT 1 FROM pg_stat_activity WHERE wait_event = 'SyncRep'`,
          );
          return rows.length === 1;
        });
        expect(acknowledged).toBe(false);
        return { commit: pending }; // wrapped: returning the promise itself would wait for it while frozen
      });
      await commit;
      expect(acknowledged).toBe(true);
      await cluster.waitForStandbyCaughtUp();
      const rows = await query(
        cluster.standby!.url,
        `SELECT 1 FROM notes WHERE text = 'waits for the standby'`,
      );
      expect(rows).toHaveLength(1);
    } finally {
      await writer.end();
    }
  });

  it('lets the app user in with its password only, scram-hashed', async () => {
    const [setting] = await query<{ password_encryption: string }>(
      cluster.primary.url,
      `SHOW password_encryption`,
    );
    expect(setting?.password_encryption).toBe('scram-sha-256');
    const wrong = new URL(cluster.primary.url);
    wrong.password = 'not-the-password';
    await expect(query(wrong.toString(), 'SELECT 1')).rejects.toThrow(/password authentication failed/);
  });

  it('runs every server process as an unprivileged user, labelled with the run', async () => {
    for (const node of [cluster.primary, cluster.standby!]) {
      const pids = serverPids(node.pid!);
      expect(pids.length, `${node.name}: postmaster and its children`).toBeGreaterThan(3);
      for (const pid of pids) {
        const identity = await processIdentity(pid).catch(() => undefined); // a short-lived worker may be gone
        if (!identity) continue;
        expect(identity.uid, `${node.name} process ${pid} must not run as root`).not.toBe(0);
      }
      // Only the postmaster's environ stays readable (children overwrite it with their ps title); the
      // reaper finds the postmaster by it, and the children exit when their postmaster dies.
      const postmaster = await processIdentity(node.pid!);
      expect(postmaster.environ).toContain(`${runLabelEnv}=${runId}:${process.pid}`);
      // It leads its own process group, so Ctrl-C at the lab's terminal does not reach it.
      expect(postmaster.pgrp).toBe(node.pid);
      await access(join(logsDir, `${node.name}.log`));
    }
  });

  // Last: it replaces the standby the cases above used.
  it('re-clones a running standby from scratch, and it streams synchronously again', async () => {
    const before = cluster.standby!;
    const after = await cluster.recloneStandby();
    expect(after).toMatchObject({ name: 'postgres-1', role: 'standby' });
    expect(after.pid).not.toBe(before.pid);
    expect((await cluster.replicationState()).standby).toMatchObject({
      name: 'postgres-1',
      syncState: 'sync',
    });
    const rows = await query(after.url, `SELECT 1 FROM notes WHERE text = 'replicated'`);
    expect(rows).toHaveLength(1);
  });
});
