import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../cli/test-support/run-lab.js';
import type { StartedTopology, TopologyEvent } from '../topology.js';
import { docker } from './docker/docker-cli.js';
import { labels } from './docker/labels.js';
import { listLabResources } from './docker/lab-resources.js';
import { k3sSkipReason } from './test/k3s-prerequisites.js';

const skip = await k3sSkipReason();
if (skip) console.warn(skip);

/**
 * The k3s profile end to end, on a real Kubernetes node in a container: one bring-up, then each fault
 * the LabController offers, checked from the outside (the API server's view, HTTP through the
 * in-cluster ingress on 127.0.0.1, SQL on the database containers), then teardown leaving nothing.
 */
describe.skipIf(skip !== undefined)('k3s profile', () => {
  let lab: StartedTopology;
  let logsDir: string;
  const events: TopologyEvent[] = [];

  beforeAll(async () => {
    logsDir = await mkdtemp(path.join(tmpdir(), 'k3s-topology-test-'));
    const { startTopology } = await import('./k3s-topology.js');
    lab = await startTopology({
      repoRoot,
      logsDir,
      register: false,
      onEvent: (e) => events.push(e),
      env: { backend: { RATE_LIMIT_MAX: '1000000' } },
    });
  }, 600_000);

  afterAll(async () => {
    await lab?.stop();
    await rm(logsDir, { recursive: true, force: true });
  }, 120_000);

  it('serves the storefront and the API through the in-cluster ingress on 127.0.0.1', async () => {
    expect(new URL(lab.urls.storefront).hostname).toBe('127.0.0.1');
    const page = await fetch(lab.urls.storefront);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html/i);
    const products = await fetch(`${lab.urls.api}/products?limit=2`);
    expect(products.status).toBe(200);
    expect(((await products.json()) as { items: unknown[] }).items).toHaveLength(2);
  });

  it("reports the API server's view: every Deployment ready, and which Kubernetes ran", () => {
    const status = lab.status();
    expect(status.profile).toBe('k3s');
    expect(status.implementations.pods).toMatch(/Kubernetes v1\.34\.2|k3s/i);
    for (const name of ['backend', 'frontend']) {
      const deployment = status.deployments.find((d) => d.name === name)!;
      expect(deployment.readyReplicas).toBe(deployment.desiredReplicas);
      expect(deployment.pods.every((p) => p.phase === 'Running' && p.ready)).toBe(true);
    }
    expect(status.database.primary.role).toBe('primary');
    expect(status.database.standby?.role).toBe('standby');
  });

  it("gives the pods the run's extra env over the manifests' own (the lab's raised per-IP rate limit)", async () => {
    const node = await nodeContainer(lab.runId);
    const pod = lab.status().deployments.find((d) => d.name === 'backend')!.pods[0]!.name;
    const value = await docker([
      'exec',
      node,
      'kubectl',
      '-n',
      'dhakacart',
      'exec',
      pod,
      '--',
      'printenv',
      'RATE_LIMIT_MAX',
    ]);
    expect(value.trim()).toBe('1000000');
  });

  it('replaces a killed pod through its ReplicaSet, the victim leaving the endpoints first', async () => {
    const before = lab.status().deployments.find((d) => d.name === 'backend')!;
    const { pod } = await lab.killPod({ deployment: 'backend' });
    expect(before.pods.map((p) => p.name)).toContain(pod);
    await until(() => {
      const now = lab.status().deployments.find((d) => d.name === 'backend')!;
      return !now.pods.some((p) => p.name === pod) && now.readyReplicas === before.desiredReplicas;
    }, 60_000);
    expect(
      events.some(
        (e) =>
          (e.type === 'endpoint-removed' || e.type === 'unready' || e.type === 'deleted') && e.pod === pod,
      ),
    ).toBe(true);
  }, 90_000);

  it('freezes a paused pod until its readiness probe fails, and it turns ready again on resume', async () => {
    const { pod } = await lab.pausePod({ deployment: 'backend' });
    const podOf = () =>
      lab
        .status()
        .deployments.flatMap((d) => d.pods)
        .find((p) => p.name === pod);
    await until(() => podOf()?.ready === false, 60_000);
    const { resumed } = await lab.resumePod(pod);
    expect(resumed).toBe(true);
    await until(() => podOf()?.ready === true, 60_000);
  }, 150_000);

  it('rolls a new pod template out through the Deployment', async () => {
    const result = await lab.rollout('frontend', { version: 'k3s-test-2' });
    expect(result.to).not.toBe(result.from);
    const frontend = lab.status().deployments.find((d) => d.name === 'frontend')!;
    expect(frontend.readyReplicas).toBe(frontend.desiredReplicas);
  }, 300_000);

  it('slows database queries by the latency toxic on the backend-database link, and clears it', async () => {
    await lab.addLatency({ link: 'backend-database', latencyMs: 400, jitterMs: 0 });
    expect(lab.status().faults[0]?.toxics[0]?.type).toBe('latency');
    const slow = await timedGet(`${lab.urls.api}/products?search=zz-${Date.now()}`);
    expect(slow.status).toBe(200);
    expect(slow.ms).toBeGreaterThanOrEqual(400);
    await lab.clearFaults();
    expect(lab.status().faults).toEqual([]);
  }, 60_000);

  it('fails over to the standby without losing a committed row, and refuses a second failover', async () => {
    const marker = `k3s-test-${Date.now()}`;
    await sql(lab.database.primary.url, `CREATE TABLE IF NOT EXISTS lab_marker (v text)`);
    await sql(lab.database.primary.url, `INSERT INTO lab_marker VALUES ($1)`, [marker]);
    const result = await lab.failoverDatabase();
    expect(result.newPrimary).not.toBe(result.oldPrimary);
    const rows = await sql(lab.database.primary.url, `SELECT v FROM lab_marker WHERE v = $1`, [marker]);
    expect(rows).toHaveLength(1);
    // Pods reach the new primary through the re-pointed toxiproxy proxy.
    await until(async () => (await fetch(`${lab.urls.api}/products?limit=1`)).status === 200, 30_000);
    await expect(lab.failoverDatabase()).rejects.toThrow(/standby|re-clone/i);
    expect(lab.status().database.primary.role).toBe('primary');
    const { standby } = await lab.recloneStandby();
    expect(lab.status().database.standby?.name).toBe(standby);
  }, 180_000);

  it("serves the pods' CPU and memory through metrics.k8s.io, and the HPAs compute replica counts from it", async () => {
    const node = await nodeContainer(lab.runId);
    const kubectl = async (...args: string[]) =>
      JSON.parse(await docker(['exec', node, 'kubectl', ...args, '-o', 'json'])) as unknown;
    // metrics-server scrapes every 15 s and the HPA controller syncs every 15 s, as on EKS.
    await until(async () => {
      const hpa = (await kubectl('-n', 'dhakacart', 'get', 'hpa', 'backend')) as {
        status: { conditions?: { type: string; status: string }[]; currentMetrics?: unknown[] };
      };
      return (
        hpa.status.conditions?.some((c) => c.type === 'ScalingActive' && c.status === 'True') === true &&
        (hpa.status.currentMetrics?.length ?? 0) > 0
      );
    }, 120_000);
    const metrics = JSON.parse(
      await docker([
        'exec',
        node,
        'kubectl',
        'get',
        '--raw',
        '/apis/metrics.k8s.io/v1beta1/namespaces/dhakacart/pods',
      ]),
    ) as {
      items: { metadata: { name: string }; containers: { usage: { cpu: string; memory: string } }[] }[];
    };
    const backendPods = metrics.items.filter((p) => p.metadata.name.startsWith('backend-'));
    expect(backendPods.length).toBeGreaterThanOrEqual(3);
    for (const pod of backendPods) expect(pod.containers[0]?.usage.memory).toMatch(/^\d+(Ki|Mi)$/);
  }, 180_000);

  it('leaves no container, volume or network of the run after stop', async () => {
    await lab.stop();
    const left = await listLabResources({ runId: lab.runId });
    expect(left).toEqual({ containers: [], volumes: [], networks: [] });
  }, 120_000);
});

async function nodeContainer(runId: string): Promise<string> {
  return (
    await docker([
      'ps',
      '-q',
      '--filter',
      `label=${labels.run}=${runId}`,
      '--filter',
      `label=${labels.role}=node`,
    ])
  ).trim();
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function timedGet(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return { status: response.status, ms: performance.now() - started };
}

async function sql(url: string, text: string, values: unknown[] = []): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows;
  } finally {
    await client.end();
  }
}
