import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rm } from 'node:fs/promises';
import { Agent, request } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../../testing/tool.js';
import { startToxiproxy, toxiproxyInstallCommand, type StartedToxiproxy } from '../../toxiproxy/index.js';
import { listToxics } from '../shared/link-toxics.js';
import { startIngressProxy, type IngressEvent } from './network/ingress-proxy.js';
import { refusingEndpoint, shopIngress, startUpstream, type TestUpstream } from './network/test-upstreams.js';
import { ProxiedEndpoints } from './proxied-endpoints.js';
import { makeRunTempDir, newRunId } from '../shared/run-label.js';
import { ServiceEndpoints, type Endpoint } from './service-endpoints.js';

const realTool = findTool('toxiproxy-server', toxiproxyInstallCommand);
if (realTool.skipReason) console.warn(realTool.skipReason);

const runId = newRunId();
let logsDir = '';
const client = new Agent({ keepAliveTimeout: 100 });
const cleanups: (() => Promise<void>)[] = [];
beforeAll(async () => {
  logsDir = await makeRunTempDir(runId, 'proxied-endpoints-test');
});
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(async () => {
  await client.close();
  await rm(logsDir, { recursive: true, force: true });
});

async function until(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 5_000) {
  const end = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function get(endpoint: Endpoint, path = '/'): Promise<{ status: number; pod: string; body: string }> {
  const response = await request(`http://${endpoint.host}:${endpoint.port}${path}`, { dispatcher: client });
  return {
    status: response.statusCode,
    pod: String(response.headers['x-pod'] ?? ''),
    body: await response.body.text(),
  };
}

describe.each([
  { implementation: 'embedded' as const, skip: false },
  { implementation: 'real' as const, skip: !!realTool.skipReason },
])('ProxiedEndpoints on the $implementation Toxiproxy', ({ implementation, skip }) => {
  let toxiproxy: StartedToxiproxy;
  beforeAll(async () => {
    if (skip) return;
    toxiproxy = await startToxiproxy({ prefer: implementation, runId, logsDir });
  });
  afterAll(() => toxiproxy?.stop());

  async function pod(name: string): Promise<TestUpstream> {
    const started = await startUpstream(name);
    cleanups.push(() => started.close());
    return started;
  }

  async function link(source: ServiceEndpoints): Promise<ProxiedEndpoints> {
    const started = await ProxiedEndpoints.start({
      toxiproxy,
      link: 'ingress-backend',
      source,
      endpoints: new ServiceEndpoints(source.service),
    });
    cleanups.push(() => started.stop());
    return started;
  }

  async function proxyNames(): Promise<string[]> {
    return Object.keys(await toxiproxy.client.getAll()).sort();
  }

  it.skipIf(skip)(
    "gives every ready pod its own proxy and lists the proxy's address in the mirror once it exists",
    async () => {
      const [a, b] = [await pod('backend-a'), await pod('backend-b')];
      const source = new ServiceEndpoints('backend');
      source.add(a.endpoint);
      const proxied = await link(source);
      expect(proxied.endpoints.ready()).toHaveLength(1);
      source.add(b.endpoint);
      await until('backend-b in the mirror', () => proxied.endpoints.ready().length === 2);
      expect(await proxyNames()).toEqual(['ingress-backend-backend-a', 'ingress-backend-backend-b']);
      for (const [mirrored, upstream] of [
        [proxied.endpoints.ready()[0]!, a],
        [proxied.endpoints.ready()[1]!, b],
      ] as const) {
        expect(mirrored.pod).toBe(upstream.endpoint.pod);
        expect(mirrored.port).not.toBe(upstream.endpoint.port);
        expect(await get(mirrored)).toMatchObject({ status: 200, pod: upstream.endpoint.pod });
      }
      expect(a.hits + b.hits).toBe(2);
    },
  );

  it.skipIf(skip)(
    'drops a pod from the mirror in the same tick it leaves; its proxy lets requests under way finish, and goes when the pod is deleted',
    async () => {
      // A pod that answers after 300 ms, so a request is under way when the pod leaves the endpoints.
      const slow = createServer((_req, res) => setTimeout(() => res.end('late answer'), 300));
      await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
      cleanups.push(() => new Promise((resolve) => slow.close(() => resolve())));
      const source = new ServiceEndpoints('backend');
      source.add({ pod: 'backend-slow', host: '127.0.0.1', port: (slow.address() as AddressInfo).port });
      const proxied = await link(source);
      const underWay = get(proxied.endpoints.ready()[0]!);
      await new Promise((resolve) => setTimeout(resolve, 100));
      source.remove('backend-slow');
      expect(proxied.endpoints.ready()).toEqual([]);
      expect(await underWay).toMatchObject({ status: 200, body: 'late answer' });
      expect(await proxyNames()).toEqual(['ingress-backend-backend-slow']);
      proxied.podDeleted('backend-slow');
      await until('the proxy to be removed', async () => (await proxyNames()).length === 0);
      expect(proxied.proxies()).toEqual([]);
    },
  );

  it.skipIf(skip)(
    "puts a toxic on every pod's proxy, and on proxies made later, until it is cleared",
    async () => {
      const [a, b, c, d] = await Promise.all(['a', 'b', 'c', 'd'].map((n) => pod(`backend-${n}`)));
      const source = new ServiceEndpoints('backend');
      source.add(a!.endpoint);
      source.add(b!.endpoint);
      const proxied = await link(source);
      expect(await proxied.addToxic({ type: 'latency', attributes: { latency: 40, jitter: 0 } })).toEqual({
        name: 'latency_downstream',
      });
      source.add(c!.endpoint);
      await until('backend-c in the mirror', () => proxied.endpoints.ready().length === 3);
      for (const proxy of proxied.proxies()) {
        expect(await listToxics(toxiproxy, proxy.name), proxy.name).toEqual([
          { name: 'latency_downstream', type: 'latency', attributes: { latency: 40, jitter: 0 } },
        ]);
      }
      expect(proxied.applied).toEqual([
        { name: 'latency_downstream', type: 'latency', attributes: { latency: 40, jitter: 0 } },
      ]);
      await proxied.clear();
      source.add(d!.endpoint);
      await until('backend-d in the mirror', () => proxied.endpoints.ready().length === 4);
      for (const proxy of proxied.proxies()) expect(await listToxics(toxiproxy, proxy.name)).toEqual([]);
      expect(proxied.applied).toEqual([]);
    },
  );

  it.skipIf(skip)(
    "lets the ingress retry a GET that met a dead pod's proxy on the next pod (Toxiproxy accepts, then closes)",
    async () => {
      const live = await pod('backend-live');
      const source = new ServiceEndpoints('backend');
      // The pod died a moment ago and has not left the endpoints yet: its proxy accepts, dials, is refused.
      source.add(await refusingEndpoint('backend-dead'));
      source.add(live.endpoint);
      const proxied = await link(source);
      const events: IngressEvent[] = [];
      const ingress = await startIngressProxy({
        ingress: shopIngress(),
        services: new Map([['backend', proxied.endpoints]]),
        onEvent: (event) => events.push(event),
      });
      cleanups.push(() => ingress.stop());
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await request(`${ingress.url}/api/products`, { dispatcher: client });
        await response.body.text();
        statuses.push(response.statusCode);
      }
      expect(statuses).toEqual([200, 200, 200, 200]);
      const failed = events.filter((e) => e.type === 'upstream-try-failed');
      expect(failed.length).toBeGreaterThan(0);
      for (const event of failed)
        expect(event).toMatchObject({ endpoint: { pod: 'backend-dead' }, reason: 'connection-error' });
      expect(events.filter((e) => e.type === 'retried')).toHaveLength(failed.length);
      // What the extra hop costs: a POST that reached the dead pod's proxy may have been delivered, as
      // far as the ingress can tell, so it is not retried (nginx's non-idempotent rule): 502.
      const posts: number[] = [];
      for (let i = 0; i < 2; i++) {
        const response = await request(`${ingress.url}/api/orders`, {
          method: 'POST',
          body: '{}',
          dispatcher: client,
        });
        await response.body.text();
        posts.push(response.statusCode);
      }
      expect(posts.sort()).toEqual([200, 502]);
    },
  );

  it.skipIf(skip)('stop() removes its proxies and stops following the Service', async () => {
    const a = await pod('backend-a');
    const source = new ServiceEndpoints('backend');
    source.add(a.endpoint);
    const proxied = await link(source);
    await proxied.stop();
    await proxied.stop(); // idempotent
    expect(await proxyNames()).toEqual([]);
    source.add((await pod('backend-b')).endpoint);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(proxied.endpoints.ready().map((e) => e.pod)).toEqual([]);
  });
});
