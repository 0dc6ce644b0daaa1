import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogsDir } from './test/test-logs-dir.js';
import { startLocalTopology, type StartedLocalTopology } from './local-topology.js';
import { fastTimings } from './test/fast-timings.js';
import { processesOfRun, tempDirsOfRun } from './test/leftovers.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 30_000,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Milliseconds one GET takes, and its status. */
async function timed(url: string): Promise<{ ms: number; status: number; version: string | null }> {
  const started = performance.now();
  const response = await fetch(url);
  await response.arrayBuffer();
  return {
    ms: performance.now() - started,
    status: response.status,
    version: response.headers.get('x-app-version'),
  };
}

/**
 * GETs the catalogue while `during` runs, 4 at a time at most every 50 ms (bounded: 2,000 requests or
 * 60 s), and counts the ones that did not answer 200.
 */
async function getsWhile(
  api: string,
  during: () => Promise<unknown>,
): Promise<{ sent: number; failed: number }> {
  let done = false;
  let sent = 0;
  let failed = 0;
  const load = (async () => {
    const deadline = Date.now() + 60_000;
    while (!done && Date.now() < deadline && sent < 2_000) {
      await Promise.all([
        ...Array.from({ length: 4 }, async () => {
          sent++;
          const response = await fetch(`${api}/products?limit=1`).catch(() => undefined);
          if (response?.status !== 200) failed++;
          await response?.arrayBuffer();
        }),
        new Promise((resolve) => setTimeout(resolve, 50)),
      ]);
    }
  })();
  try {
    await during();
  } finally {
    done = true;
    await load;
  }
  return { sent, failed };
}

describe('The local profile: ingress-backend link and pod faults', () => {
  let lab: StartedLocalTopology;
  let logs: Awaited<ReturnType<typeof testLogsDir>> | undefined;
  const backend = () => lab.status().deployments.find((d) => d.name === 'backend')!;

  beforeAll(async () => {
    logs = await testLogsDir();
    lab = await startLocalTopology({
      repoRoot,
      logsDir: logs.path,
      patch: fastTimings,
      register: false,
      // Every test request comes from 127.0.0.1: the per-address rate limit is not what these tests are about.
      env: { backend: { RATE_LIMIT_MAX: '100000' } },
    });
  });
  afterAll(async () => {
    await lab?.stop();
    await logs?.remove();
  });

  it('sends the ingress to each backend pod through a Toxiproxy proxy of its own', async () => {
    const pods = backend().pods;
    const proxies = lab.ingressBackend.proxies();
    expect(proxies.map((p) => p.pod).sort()).toEqual(pods.map((p) => p.name).sort());
    for (const proxy of proxies) {
      const pod = pods.find((p) => p.name === proxy.pod)!;
      expect(proxy).toMatchObject({ name: `ingress-backend-${pod.name}`, upstream: `127.0.0.1:${pod.port}` });
    }
    const listed = Object.keys(await lab.toxiproxy.client.getAll());
    expect(listed).toEqual(expect.arrayContaining(proxies.map((p) => p.name)));
    expect(
      lab.ingressBackend.endpoints
        .ready()
        .map((e) => `${e.host}:${e.port}`)
        .sort(),
    ).toEqual(proxies.map((p) => p.listen).sort());
  });

  it('latency on ingress-backend delays /api requests but not the storefront, until cleared', async () => {
    const latencyMs = 800;
    await lab.addLatency({ link: 'ingress-backend', latencyMs, jitterMs: 0 });
    expect(lab.status().faults).toEqual([
      {
        link: 'ingress-backend',
        toxics: [
          { name: 'latency_downstream', type: 'latency', attributes: { latency: latencyMs, jitter: 0 } },
        ],
      },
    ]);
    for (let i = 0; i < 3; i++) {
      const api = await timed(`${lab.urls.api}/products?limit=1`);
      expect(api.status).toBe(200);
      expect(api.ms).toBeGreaterThanOrEqual(latencyMs);
      const storefront = await timed(lab.urls.storefront);
      expect(storefront.status).toBe(200);
      expect(storefront.ms).toBeLessThan(latencyMs);
    }
    await lab.clearFaults('ingress-backend');
    expect(lab.status().faults).toEqual([]);
    const cleared = await timed(`${lab.urls.api}/products?limit=1`);
    expect(cleared.status).toBe(200);
    expect(cleared.ms).toBeLessThan(latencyMs);
  });

  it('pauses a backend pod: it turns unready and leaves the ingress, shows as paused, and rejoins once resumed', async () => {
    const { pod } = await lab.pausePod({ deployment: 'backend' });
    const paused = backend().pods.find((p) => p.name === pod)!;
    expect(paused.paused).toEqual({ since: expect.any(String) });
    await until('the paused pod to turn unready', () =>
      backend().pods.find((p) => p.name === pod)?.ready === false ? true : undefined,
    );
    expect(lab.ingressBackend.endpoints.ready().map((e) => e.pod)).not.toContain(pod);
    expect(await lab.resumePod(pod)).toEqual({ pod, resumed: true });
    await until('the resumed pod to be ready again', () =>
      backend().pods.find((p) => p.name === pod)?.ready ? true : undefined,
    );
    expect(backend().pods.find((p) => p.name === pod)!.paused).toBeUndefined();
    await until('the resumed pod back behind the ingress', () =>
      lab.ingressBackend.endpoints.ready().some((e) => e.pod === pod) ? true : undefined,
    );
  });

  it('kills every backend pod but the one to keep; GETs keep answering and the Deployment returns to 3 ready', async () => {
    const before = backend().pods.map((p) => p.name);
    const keep = before[1]!;
    let result: { killed: string[]; survivor: string } | undefined;
    const { sent, failed } = await getsWhile(lab.urls.api, async () => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      result = await lab.killAllButOne('backend', { keep });
    });
    expect(result).toEqual({ killed: before.filter((p) => p !== keep), survivor: keep });
    expect(sent).toBeGreaterThan(20);
    expect(failed).toBe(0);
    const after = await until('3 ready backend pods', () => {
      const status = backend();
      return status.readyReplicas === 3 && status.pods.length === 3 ? status : undefined;
    });
    expect(after.pods.map((p) => p.name)).toContain(keep);
    expect(after.pods.filter((p) => before.includes(p.name))).toHaveLength(1);
    // The killed pods' proxies went with them; the new pods have their own.
    expect(
      lab.ingressBackend
        .proxies()
        .map((p) => p.pod)
        .sort(),
    ).toEqual(after.pods.map((p) => p.name).sort());
  });

  it('rolls a new version out through RollingUpdate under load with no failed GET, and resolves when complete', async () => {
    const before = backend().pods.map((p) => p.name);
    let result: { from: string; to: string; version: string } | undefined;
    const { failed } = await getsWhile(lab.urls.api, async () => {
      result = await lab.rollout('backend', { version: 'rollout-test-2' });
    });
    expect(result!.version).toBe('rollout-test-2');
    expect(result!.to).not.toBe(result!.from);
    expect(failed).toBe(0);
    // Complete as Kubernetes counts it: 3 updated, available pods and no old replica (an old pod may
    // still be finishing its graceful termination).
    const pods = backend().pods.filter((p) => p.phase !== 'Terminating');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(before).not.toContain(pod.name);
      expect(pod.name).toContain(`-${result!.to}-`);
      expect(pod.ready).toBe(true);
    }
    expect((await timed(`${lab.urls.api}/products?limit=1`)).version).toBe('rollout-test-2');
  });

  it('leaves no process, temp dir or Toxiproxy behind when stopped', async () => {
    const runId = lab.runId;
    await lab.stop();
    expect(await processesOfRun(runId)).toEqual([]);
    expect(await tempDirsOfRun(runId)).toEqual([]);
    await expect(fetch(`${lab.toxiproxy.url}/version`)).rejects.toThrow();
  });
});
