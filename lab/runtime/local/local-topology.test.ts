import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogsDir } from './test/test-logs-dir.js';
import { startLocalTopology, type StartedLocalTopology } from './local-topology.js';
import { fastTimings } from './test/fast-timings.js';
import { answers, processesOfRun, tempDirsOfRun } from './test/leftovers.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function json<T>(response: Response): Promise<T> {
  const body = await response.text();
  if (!response.ok) throw new Error(`${response.url} answered ${response.status}: ${body}`);
  return JSON.parse(body) as T;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('The local profile (startLocalTopology)', () => {
  let lab: StartedLocalTopology;
  let logs: Awaited<ReturnType<typeof testLogsDir>> | undefined;
  let api: string;
  let token: string;

  beforeAll(async () => {
    logs = await testLogsDir();
    lab = await startLocalTopology({
      repoRoot,
      logsDir: logs.path,
      patch: fastTimings,
      register: false,
      database: { failoverDetectionMs: 200 },
    });
    api = lab.urls.api;
    const user = await json<{ token: string }>(
      await fetch(`${api}/auth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: `shopper${Date.now()}`, password: 'correct horse battery' }),
      }),
    );
    token = user.token;
  });

  afterAll(async () => {
    await lab?.stop();
    await logs?.remove();
  });

  async function placeOrder(): Promise<{ id: string }> {
    const products = await json<{ items: { id: string }[] }>(await fetch(`${api}/products?limit=1`));
    return json(
      await fetch(`${api}/orders`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'idempotency-key': randomUUID(),
        },
        body: JSON.stringify({ items: [{ productId: products.items[0]!.id, quantity: 1 }] }),
      }),
    );
  }

  it('serves the storefront and the API through one ingress on 127.0.0.1', async () => {
    expect(lab.urls.storefront).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(lab.urls.storefront);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const products = await json<{ items: unknown[] }>(await fetch(`${api}/products?limit=2`));
    expect(products.items).toHaveLength(2);
  });

  it("runs each Deployment's replicas as processes named like Kubernetes pods, each with its own port", () => {
    const status = lab.status();
    const byName = new Map(status.deployments.map((d) => [d.name, d]));
    for (const [name, replicas] of [
      ['backend', 3],
      ['frontend', 3],
    ] as const) {
      const deployment = byName.get(name)!;
      expect(deployment.readyReplicas).toBe(replicas);
      for (const pod of deployment.pods)
        expect(pod.name).toMatch(
          new RegExp(`^${name}-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$`),
        );
    }
    const ports = status.deployments.flatMap((d) => d.pods.map((p) => p.port));
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('gives each pod the env Kubernetes would build, with its port, loopback host and the database proxy', async () => {
    const pod = lab.status().deployments.find((d) => d.name === 'backend')!.pods[0]!;
    const environ = Object.fromEntries(
      (await readFile(`/proc/${pod.pid}/environ`, 'utf8'))
        .split('\0')
        .filter(Boolean)
        .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
    );
    expect(environ.PORT).toBe(String(pod.port));
    expect(environ.HOST).toBe('127.0.0.1');
    expect(environ.TRUST_PROXY).toBe('1'); // from the backend-config ConfigMap
    expect(environ.JWT_SECRET).toBe('lab-only-jwt-secret-not-a-secret-0123456789'); // from the lab Secret
    expect(new URL(environ.DATABASE_URL!).host).toBe(lab.databaseProxy.listen);
    expect(environ.DHAKACART_LAB_RUN).toBe(`${lab.runId}:${process.pid}`);
  });

  it('keeps every GET answering while a backend pod is killed, and replaces the pod under a new name', async () => {
    const before = lab
      .status()
      .deployments.find((d) => d.name === 'backend')!
      .pods.map((p) => p.name);
    let failed = 0;
    let sent = 0;
    const load = (async () => {
      const deadline = Date.now() + 3000;
      while (Date.now() < deadline && sent < 600) {
        const batch = Array.from({ length: 4 }, async () => {
          sent++;
          const response = await fetch(`${api}/products?limit=1`).catch(() => undefined);
          if (response?.status !== 200) failed++;
          await response?.arrayBuffer();
        });
        await Promise.all(batch);
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const { pod } = await lab.killPod({ deployment: 'backend' });
    await load;
    expect(before).toContain(pod);
    expect(sent).toBeGreaterThan(20);
    expect(failed).toBe(0);
    const after = await until('a replacement backend pod to be ready', async () => {
      const backend = lab.status().deployments.find((d) => d.name === 'backend')!;
      return backend.readyReplicas === 3 && !backend.pods.some((p) => p.name === pod) ? backend : undefined;
    });
    expect(after.pods.filter((p) => !before.includes(p.name))).toHaveLength(1);
  });

  it('adds and clears latency on backend→database through the Toxiproxy API', async () => {
    await lab.addLatency({ link: 'backend-database', latencyMs: 300, jitterMs: 0 });
    expect(await lab.databaseProxy.toxics()).toEqual([
      expect.objectContaining({ type: 'latency', attributes: expect.objectContaining({ latency: 300 }) }),
    ]);
    const started = performance.now();
    await json(await fetch(`${api}/products?limit=1`));
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(lab.status().faults).toEqual([
      { link: 'backend-database', toxics: [expect.objectContaining({ type: 'latency' })] },
    ]);
    await lab.clearFaults();
    expect(await lab.databaseProxy.toxics()).toEqual([]);
    expect(lab.status().faults).toEqual([]);
  });

  it('resets backend→database connections with a reset_peer toxic; the shop answers again once it is cleared', async () => {
    expect(
      await lab.addNetworkFault({ link: 'backend-database', type: 'reset_peer', attributes: { timeout: 0 } }),
    ).toEqual({
      name: 'reset_peer_downstream',
    });
    const broken = await until('a request to fail while connections are reset', async () => {
      const response = await fetch(`${api}/products?limit=1&search=reset${Date.now()}`);
      await response.arrayBuffer();
      return response.status >= 500 ? response.status : undefined;
    });
    expect(broken).toBeGreaterThanOrEqual(500);
    await lab.clearFaults('backend-database');
    const healed = await until('the catalogue to answer again', async () => {
      const response = await fetch(`${api}/products?limit=1`);
      await response.arrayBuffer();
      return response.ok ? response.status : undefined;
    });
    expect(healed).toBe(200);
  });

  it('fails the database over: the standby is promoted, the proxy re-points, acknowledged orders survive', async () => {
    const acknowledged = await placeOrder();
    const oldPrimary = lab.status().database.primary.name;
    const result = await lab.failoverDatabase();
    expect(result.oldPrimary).toBe(oldPrimary);
    expect(result.newPrimary).not.toBe(oldPrimary);
    const database = lab.status().database;
    expect(database.primary.name).toBe(result.newPrimary);
    expect(database.proxy.upstream).toBe(`127.0.0.1:${database.primary.port}`);
    const order = await until('the order placed before the failover to be readable', async () => {
      const response = await fetch(`${api}/orders/${acknowledged.id}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return response.ok ? ((await response.json()) as { id: string }) : undefined;
    });
    expect(order.id).toBe(acknowledged.id);
    const next = await until('a new order to succeed on the new primary', () => placeOrder());
    expect(next.id).not.toBe(acknowledged.id);
  });

  it('re-clones the old primary as a streaming standby of the new one', async () => {
    expect(await lab.recloneStandby()).toEqual({ standby: expect.stringMatching(/^postgres-\d$/) });
    const state = await lab.database.replicationState();
    expect(state.primary).toBe(lab.status().database.primary.name);
    expect(state.standby?.state).toBe('streaming');
  });

  it('leaves no process, temp dir or port behind when stopped', async () => {
    const runId = lab.runId;
    const ingress = lab.urls.storefront;
    expect((await processesOfRun(runId)).length).toBeGreaterThan(6);
    await lab.stop();
    await lab.stop(); // idempotent
    expect(await processesOfRun(runId)).toEqual([]);
    expect(await tempDirsOfRun(runId)).toEqual([]);
    expect(await answers(ingress)).toBe(false);
  });
});
