import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TopologyEvent } from '../../topology.js';
import type { RepointTarget, StartedContainerDatabase } from './database-cluster.js';
import {
  containerTestImages,
  dockerSkipReason,
  imageBuildTimeoutMs,
  startTestNetwork,
  type TestNetwork,
} from './test-support.js';

const skip = dockerSkipReason();
if (skip) console.warn(skip);

const credentials = { user: 'shop', password: "s3cret 'quoted'", database: 'dhakacart' };

async function query<R extends pg.QueryResultRow>(
  url: string,
  sql: string,
  values?: unknown[],
): Promise<R[]> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return (await client.query<R>(sql, values)).rows;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * The k3s profile's database pair on real containers, one cluster through its whole story: streaming
 * synchronously, a failover under a stream of commits that loses none of them, a second failover refused
 * because no standby is left, a re-clone that streams again, and nothing left on Docker after stop.
 */
describe.skipIf(skip !== undefined)('startContainerDatabase (k3s profile)', () => {
  let network: TestNetwork;
  let cluster: StartedContainerDatabase;
  let logsDir: string;
  const events: TopologyEvent[] = [];

  beforeAll(async () => {
    const images = await containerTestImages();
    network = await startTestNetwork('db');
    logsDir = await mkdtemp(join(tmpdir(), 'k3s-database-test-'));
    const { startContainerDatabase } = await import('./database-cluster.js');
    cluster = await startContainerDatabase({
      runId: network.runId,
      network: network.name,
      image: images.postgres,
      credentials,
      synchronous: true,
      logsDir,
      onEvent: (event) => events.push(event),
    });
    console.log(`database cluster streaming synchronously after ${cluster.startupMs} ms`);
  }, imageBuildTimeoutMs);

  afterAll(async () => {
    await cluster?.stop();
    await network?.[Symbol.asyncDispose]();
    if (logsDir) await rm(logsDir, { recursive: true, force: true });
  }, 60_000);

  it('runs postgres-0 as primary and postgres-1 as its synchronous streaming standby', async () => {
    expect(cluster.status()).toMatchObject({
      primary: { name: 'postgres-0', role: 'primary' },
      standby: { name: 'postgres-1', role: 'standby' },
      synchronous: true,
    });
    expect(cluster.primary).toMatchObject({ alias: 'postgres-0', address: 'postgres-0:5432' });
    expect(cluster.standby?.address).toBe('postgres-1:5432');
    const replication = await cluster.replicationState();
    expect(replication.standby).toMatchObject({ name: 'postgres-1', state: 'streaming', syncState: 'sync' });
    const [row] = await query<{ user: string; db: string }>(
      cluster.primary.url,
      'SELECT current_user AS user, current_database() AS db',
    );
    expect(row).toEqual({ user: 'shop', db: 'dhakacart' });
  });

  it('publishes on 127.0.0.1 only, on the lab network only, with the run labels', () => {
    const url = new URL(cluster.primary.url);
    expect(url.hostname).toBe('127.0.0.1');
    for (const node of [cluster.primary, cluster.standby!]) {
      const inspect = JSON.parse(
        execFileSync('docker', ['inspect', node.container!.getId()], { encoding: 'utf8' }),
      )[0];
      const bindings = Object.values(inspect.HostConfig.PortBindings).flat() as { HostIp: string }[];
      expect(bindings.map((b) => b.HostIp)).toEqual(['127.0.0.1']);
      expect(Object.keys(inspect.NetworkSettings.Networks)).toEqual([network.name]);
      expect(inspect.NetworkSettings.Networks[network.name].Aliases).toContain(node.alias);
      expect(inspect.Config.Labels).toMatchObject({
        'dev.dhakacart.lab.run': network.runId,
        'dev.dhakacart.lab.role': node.name,
      });
    }
  });

  it('keeps every acknowledged order through a failover (synchronous replication: RPO 0)', async () => {
    await query(
      cluster.primary.url,
      'CREATE TABLE orders (id serial PRIMARY KEY, placed_at timestamptz DEFAULT now())',
    );
    // A writer commits orders one after another, right up to the moment the primary dies.
    const writer = new pg.Client({ connectionString: cluster.primary.url });
    writer.on('error', () => undefined);
    await writer.connect();
    const acknowledged: number[] = [];
    let writing = true;
    const writes = (async () => {
      while (writing) {
        try {
          const { rows } = await writer.query<{ id: number }>(
            'INSERT INTO orders DEFAULT VALUES RETURNING id',
          );
          acknowledged.push(rows[0]!.id);
        } catch {
          return;
        }
      }
    })();
    while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 10));

    const repointed: RepointTarget[] = [];
    const began = performance.now();
    const result = await cluster.failover({
      detectionDelayMs: 500,
      repoint: (target) => void repointed.push(target),
    });
    const failoverMs = Math.round(performance.now() - began);
    writing = false;
    await writes;
    await writer.end().catch(() => undefined);
    console.log(
      `failover (detection delay 500 ms) took ${failoverMs} ms; ${acknowledged.length} orders acknowledged`,
    );

    expect(result).toMatchObject({ oldPrimary: 'postgres-0', newPrimary: 'postgres-1' });
    expect(Date.parse(result.promotedAt) - Date.parse(result.killedAt)).toBeGreaterThanOrEqual(500);
    expect(Date.parse(result.repointedAt)).toBeGreaterThanOrEqual(Date.parse(result.promotedAt));
    expect(repointed).toEqual([
      { node: 'postgres-1', host: 'postgres-1', port: 5432, address: 'postgres-1:5432' },
    ]);
    expect(cluster.status()).toMatchObject({
      primary: { name: 'postgres-1', role: 'primary' },
      standby: { name: 'postgres-0', role: 'down' },
      synchronous: false,
    });
    const ids = (await query<{ id: number }>(cluster.primary.url, 'SELECT id FROM orders')).map((r) => r.id);
    expect(acknowledged.filter((id) => !ids.includes(id))).toEqual([]);
    // The new primary takes writes, without waiting for a standby that is not there.
    await query(cluster.primary.url, 'INSERT INTO orders DEFAULT VALUES');
    expect(events.map((e) => e.type)).toEqual(
      expect.arrayContaining(['database-node-killed', 'database-node-promoted']),
    );
  });

  it('refuses a failover when no standby streams, and changes nothing', async () => {
    const before = cluster.status();
    await expect(cluster.checkFailoverPossible()).rejects.toThrow(/no running standby/);
    let repointed = false;
    await expect(
      cluster.failover({ detectionDelayMs: 0, repoint: () => void (repointed = true) }),
    ).rejects.toThrow(/no running standby \(postgres-0 is down\); re-clone one first.*Nothing was changed/);
    expect(repointed).toBe(false);
    expect(cluster.status()).toEqual(before);
    await query(cluster.primary.url, 'INSERT INTO orders DEFAULT VALUES');
  });

  it('re-clones the dead node as a fresh synchronous standby of the new primary', async () => {
    const oldContainer = execFileSync(
      'docker',
      [
        'ps',
        '-aq',
        '--filter',
        `label=dev.dhakacart.lab.role=postgres-0`,
        '--filter',
        `label=dev.dhakacart.lab.run=${network.runId}`,
      ],
      { encoding: 'utf8' },
    ).trim();
    const began = performance.now();
    const standby = await cluster.recloneStandby();
    console.log(`re-clone took ${Math.round(performance.now() - began)} ms`);
    expect(standby).toMatchObject({ name: 'postgres-0', role: 'standby', address: 'postgres-0:5432' });
    expect(standby.container!.getId()).not.toBe(oldContainer);
    expect(
      execFileSync('docker', ['ps', '-aq', '--filter', `id=${oldContainer}`], { encoding: 'utf8' }).trim(),
    ).toBe('');
    expect(cluster.status()).toMatchObject({
      primary: { name: 'postgres-1', role: 'primary' },
      standby: { name: 'postgres-0', role: 'standby' },
      synchronous: true,
    });
    expect((await cluster.replicationState()).standby).toMatchObject({
      name: 'postgres-0',
      state: 'streaming',
      syncState: 'sync',
    });
    await query(cluster.primary.url, 'INSERT INTO orders DEFAULT VALUES');
    await cluster.waitForStandbyCaughtUp();
    const [primaryCount] = await query<{ n: number }>(
      cluster.primary.url,
      'SELECT count(*)::int AS n FROM orders',
    );
    const [standbyCount] = await query<{ n: number }>(standby.url, 'SELECT count(*)::int AS n FROM orders');
    expect(standbyCount).toEqual(primaryCount);
    // The lab's notes and both containers' output are in the node's log.
    const log = await readFile(join(logsDir, 'postgres-0.log'), 'utf8');
    expect(log).toMatch(
      /killed with SIGKILL[\s\S]*re-cloning as a standby of postgres-1[\s\S]*ready to accept read-only connections/,
    );
  });

  it('removes every container and volume it made on stop, and stop is idempotent', async () => {
    await cluster.stop();
    await cluster.stop();
    const left = await network.resources();
    expect(left.containers).toEqual([]);
    expect(left.volumes).toEqual([]);
    await network[Symbol.asyncDispose]();
    expect(await network.resources()).toEqual({ containers: [], volumes: [], networks: [] });
  });
});

describe.skipIf(skip !== undefined)('startContainerDatabase with synchronous: false', () => {
  it('streams asynchronously: commits do not wait for the standby', async () => {
    const images = await containerTestImages();
    await using network = await startTestNetwork('dbasync');
    const { startContainerDatabase } = await import('./database-cluster.js');
    await using cluster = await startContainerDatabase({
      runId: network.runId,
      network: network.name,
      image: images.postgres,
      credentials,
      synchronous: false,
      statusPollMs: 0,
    });
    expect(cluster.status().synchronous).toBe(false);
    expect((await cluster.replicationState()).standby).toMatchObject({
      state: 'streaming',
      syncState: 'async',
    });
    const [setting] = await query<{ synchronous_standby_names: string }>(
      cluster.primary.url,
      'SHOW synchronous_standby_names',
    );
    expect(setting).toEqual({ synchronous_standby_names: '' });
  }, 60_000);
});
