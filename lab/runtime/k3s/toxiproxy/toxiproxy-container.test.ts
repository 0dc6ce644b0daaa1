import { execFileSync } from 'node:child_process';
import pg from 'pg';
import type { StartedTestContainer } from 'testcontainers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresNodeContainer } from '../database/postgres-container.js';
import {
  containerTestImages,
  dockerSkipReason,
  imageBuildTimeoutMs,
  startTestNetwork,
  type TestNetwork,
} from '../database/test-support.js';
import type { ContainerProxy } from './container-proxy.js';
import type { StartedToxiproxyContainer } from './toxiproxy-container.js';

const skip = dockerSkipReason();
if (skip) console.warn(skip);

const superuserPassword = 'toxiproxy-test';

/**
 * The real toxiproxy-server in a container in front of a PostgreSQL container, as the backend pods
 * reach the database in the k3s profile: the `postgres` proxy inside the toxiproxy container, toxics
 * that slow clients on the lab network and through the published port, a re-point that drops the
 * connections open to the old upstream, and nothing left on Docker afterwards.
 */
describe.skipIf(skip !== undefined)('startToxiproxyContainer (k3s profile)', () => {
  let network: TestNetwork;
  let postgres: StartedTestContainer;
  let toxiproxy: StartedToxiproxyContainer;
  let proxy: ContainerProxy;
  /** The database through the proxy's published port. */
  let viaProxy: string;

  beforeAll(async () => {
    const images = await containerTestImages();
    network = await startTestNetwork('tpx');
    const { startToxiproxyContainer } = await import('./toxiproxy-container.js');
    const began = performance.now();
    [postgres, toxiproxy] = await Promise.all([
      postgresNodeContainer({
        runId: network.runId,
        network: network.name,
        image: images.postgres,
        name: 'pg',
        superuserPassword,
        replicationPassword: 'unused',
        database: 'shop',
        startupTimeoutMs: 60_000,
      }).start(),
      startToxiproxyContainer({ runId: network.runId, network: network.name, image: images.toxiproxy }),
    ]);
    console.log(`postgres + toxiproxy containers started in ${Math.round(performance.now() - began)} ms`);
    proxy = await toxiproxy.createDatabaseProxy('pg:5432');
    viaProxy = `postgres://postgres:${superuserPassword}@${proxy.hostAddress}/shop`;
  }, imageBuildTimeoutMs);

  afterAll(async () => {
    await toxiproxy?.stop();
    await postgres?.stop({ remove: true, removeVolumes: true });
    await network?.[Symbol.asyncDispose]();
  }, 60_000);

  /** Milliseconds for a fresh connection and one query, from the host through the published port. */
  async function timedQuery(): Promise<number> {
    const began = performance.now();
    const client = new pg.Client({ connectionString: viaProxy, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query('SELECT 1');
    } finally {
      await client.end();
    }
    return performance.now() - began;
  }

  /** Milliseconds psql takes to connect and query from the PostgreSQL container, over the lab network. */
  function timedInNetworkQuery(): number {
    const url = `postgres://postgres:${superuserPassword}@${proxy.networkAddress}/shop`;
    const out = execFileSync(
      'docker',
      [
        'exec',
        postgres.getId(),
        'bash',
        '-c',
        `s=$(date +%s%N); psql "$1" -tAc 'SELECT 1' >/dev/null; echo $(( ($(date +%s%N) - s) / 1000000 ))`,
        'bash',
        url,
      ],
      { encoding: 'utf8' },
    );
    return Number(out.trim());
  }

  it('reports the real server and version, its API on 127.0.0.1 only', async () => {
    expect(toxiproxy.version).toBe('2.12.0');
    expect(toxiproxy.description).toBe('toxiproxy-server 2.12.0 (container)');
    expect(toxiproxy.implementation).toEqual({ name: 'toxiproxy-server', version: '2.12.0' });
    expect(new URL(toxiproxy.apiUrl).hostname).toBe('127.0.0.1');
    const inspect = JSON.parse(
      execFileSync('docker', ['inspect', toxiproxy.container.getId()], { encoding: 'utf8' }),
    )[0];
    const bindings = Object.values(inspect.HostConfig.PortBindings).flat() as { HostIp: string }[];
    expect(new Set(bindings.map((b) => b.HostIp))).toEqual(new Set(['127.0.0.1']));
    expect(Object.keys(inspect.NetworkSettings.Networks)).toEqual([network.name]);
    expect(proxy).toMatchObject({ name: 'postgres', listen: '0.0.0.0:5432', upstream: 'pg:5432' });
    expect(proxy.networkAddress).toBe(`${toxiproxy.ipAddress}:5432`);
  });

  it('slows queries from the lab network and from the host while a latency toxic is on', async () => {
    const hostBefore = await timedQuery();
    const networkBefore = timedInNetworkQuery();
    const { name } = await proxy.addToxic({ type: 'latency', attributes: { latency: 400, jitter: 0 } });
    expect(name).toBe('latency_downstream');
    // Adding it again replaces it (no 409), as the local profile's links do.
    await proxy.setLatency(400, 0);
    expect(proxy.applied).toEqual([{ name, type: 'latency', attributes: { latency: 400, jitter: 0 } }]);
    expect((await proxy.toxics()).map((t) => t.name)).toEqual([name]);
    const hostDuring = await timedQuery();
    const networkDuring = timedInNetworkQuery();
    await proxy.clear();
    expect(await proxy.toxics()).toEqual([]);
    const hostAfter = await timedQuery();
    console.log(
      `connect+query through toxiproxy: host ${Math.round(hostBefore)} → ${Math.round(hostDuring)} → ${Math.round(hostAfter)} ms; lab network ${networkBefore} → ${networkDuring} ms`,
    );
    // A connection is several round trips (startup, scram, query), each answer 400 ms late.
    expect(hostDuring - hostBefore).toBeGreaterThan(800);
    expect(networkDuring - networkBefore).toBeGreaterThan(800);
    expect(hostAfter).toBeLessThan(hostDuring - 800);
  });

  it('re-points the proxy to another upstream, closing the connections open through it', async () => {
    const open = new pg.Client({ connectionString: viaProxy });
    const errors: Error[] = [];
    open.on('error', (error) => errors.push(error));
    await open.connect();
    await open.query('SELECT 1');
    // The same server by its IP: a different upstream to toxiproxy, so the proxy restarts.
    const byIp = `${postgres.getIpAddress(network.name)}:5432`;
    await proxy.repoint(byIp);
    expect(proxy.upstream).toBe(byIp);
    await expect(open.query('SELECT 1')).rejects.toThrow(/Connection terminated|ECONNRESET|not queryable/);
    await open.end().catch(() => undefined);
    expect(await timedQuery()).toBeLessThan(5_000);
    expect((await toxiproxy.client.get('postgres')).upstream).toBe(byIp);
  });

  it('removes its container on stop, idempotently', async () => {
    await toxiproxy.stop();
    await toxiproxy.stop();
    await postgres.stop({ remove: true, removeVolumes: true });
    expect((await network.resources()).containers).toEqual([]);
    await network[Symbol.asyncDispose]();
    expect(await network.resources()).toEqual({ containers: [], volumes: [], networks: [] });
  });
});
