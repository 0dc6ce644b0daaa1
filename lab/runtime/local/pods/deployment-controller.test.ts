import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DeploymentSpec } from '../../../topology/model.js';
import { ServiceEndpoints } from '../service-endpoints.js';
import {
  startDeployment,
  type DeploymentController,
  type DeploymentControllerOptions,
} from './deployment-controller.js';
import type { ScaleTarget } from './autoscaler.js';
import { nameAlphabet } from './pod-names.js';
import { fixtureDeployment, repoRoot } from './test/fixture-deployment.js';
import { EventLog, startTestRun, until, type TestRun } from './test/test-run.js';

let run: TestRun;
const started: DeploymentController[] = [];

beforeAll(async () => {
  run = await startTestRun('deployment-test');
});
afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.stop({ gracePeriodSeconds: 0 })));
});
afterAll(async () => {
  await until(async () => (await run.liveProcesses()).length === 0, 'no labelled process left', 5_000);
  await run.cleanup();
});

async function start(spec: DeploymentSpec, options: Partial<DeploymentControllerOptions> = {}) {
  const events = new EventLog();
  const endpoints = new ServiceEndpoints(spec.name);
  const deployment = await startDeployment({
    spec,
    repoRoot,
    runId: run.runId,
    logsDir: run.logsDir,
    endpoints: [endpoints],
    restartBackoff: { initialSeconds: 0.1, maxSeconds: 0.4 },
    onEvent: events.listener,
    ...options,
  });
  started.push(deployment);
  return { deployment, events, endpoints };
}

/** A small seeded generator (mulberry32), as a scenario would pass for repeatable pod names. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function versionOf(port: number): Promise<string | null> {
  const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { version: string | null };
  return body.version;
}

const podName = new RegExp(`^web-bcdfg2456z-[${nameAlphabet}]{5}$`);

describe('DeploymentController (ReplicaSet)', () => {
  it('runs `replicas` pods named <deployment>-<templateHash>-<5 chars>, each on its own port', async () => {
    const { deployment, endpoints } = await start(fixtureDeployment({ replicas: 3 }));
    await deployment.waitForReady();
    const pods = deployment.status().pods;
    expect(pods).toHaveLength(3);
    for (const pod of pods) expect(pod.name).toMatch(podName);
    expect(new Set(pods.map((p) => p.port)).size).toBe(3);
    expect(
      endpoints
        .ready()
        .map((e) => e.pod)
        .sort(),
    ).toEqual(pods.map((p) => p.name).sort());
    expect(deployment.status()).toMatchObject({ name: 'web', desiredReplicas: 3, readyReplicas: 3 });
    // What the autoscaler measures: the ready pods' processes.
    const target: ScaleTarget = deployment;
    const pids = target.podProcesses().map((p) => p.pid);
    expect(pids.sort()).toEqual(pods.map((p) => p.pid).sort());
  });

  it('draws the name suffixes from the random option, so a seeded generator repeats them', async () => {
    const names: string[][] = [];
    for (let i = 0; i < 2; i++) {
      const { deployment } = await start(fixtureDeployment({ replicas: 2 }), { random: seeded(42) });
      names.push(deployment.pods().map((p) => p.name));
      await deployment.stop({ gracePeriodSeconds: 0 });
    }
    expect(names[1]).toEqual(names[0]);
  });

  it('replaces a deleted pod with a new pod under a new name', async () => {
    const { deployment, events } = await start(fixtureDeployment({ replicas: 2 }));
    await deployment.waitForReady();
    const [victim, survivor] = deployment.pods().map((p) => p.name);
    await deployment.deletePod(victim!);
    await deployment.waitForReady();
    const names = deployment.pods().map((p) => p.name);
    expect(names).toHaveLength(2);
    expect(names).toContain(survivor);
    expect(names).not.toContain(victim);
    // The replacement is created when the deletion starts, not after the old pod is gone.
    const replacement = names.find((n) => n !== survivor)!;
    expect(events.of('pod-created', replacement)[0]!.at).toBeLessThan(events.of('deleted', victim)[0]!.at);
  });

  it('restarts a crashed container in place rather than replacing the pod', async () => {
    const { deployment } = await start(fixtureDeployment({ replicas: 2 }));
    await deployment.waitForReady();
    const names = deployment.pods().map((p) => p.name);
    await deployment.pods()[0]!.kill();
    await until(
      () => deployment.status().pods.some((p) => p.restarts === 1 && p.ready),
      'a restarted, ready pod',
    );
    expect(deployment.pods().map((p) => p.name)).toEqual(names);
  });

  it('scales up and down, deleting a not-ready pod before ready ones', async () => {
    const { deployment, events } = await start(fixtureDeployment({ replicas: 1 }));
    await deployment.scale(3);
    await deployment.waitForReady();
    const unready = deployment.pods()[1]!;
    await fetch(`http://127.0.0.1:${unready.port}/control?ready=0`);
    await events.waitFor('unready', (e) => e.pod === unready.name);
    await deployment.scale(2);
    await until(() => deployment.status().pods.length === 2, 'two pods');
    expect(deployment.pods().map((p) => p.name)).not.toContain(unready.name);
    expect(events.of('scaled').map((e) => [e.from, e.to])).toEqual([
      [1, 3],
      [3, 2],
    ]);
  });

  it('reports pods that never become ready when waitForReady times out', async () => {
    const { deployment } = await start(
      fixtureDeployment({ replicas: 1, fixture: { FIXTURE_EXIT_CODE: '1' } }),
    );
    const name = deployment.pods()[0]!.name;
    await expect(deployment.waitForReady({ timeoutMs: 1_000 })).rejects.toThrow(
      new RegExp(
        `0 of 1 pods ready after 1 s; ${name} (Running|CrashLoopBackOff) not ready, \\d+ restarts, last exit 1 \\(Error\\), log .*${name}\\.log`,
      ),
    );
  });
});

describe('DeploymentController rollout', () => {
  it('RollingUpdate keeps replicas - maxUnavailable pods ready and at most replicas + maxSurge pods', async () => {
    const spec = fixtureDeployment({ replicas: 3, container: { env: { APP_VERSION: 'v1' } } });
    const { deployment, events, endpoints } = await start(spec);
    await deployment.waitForReady();
    let fewestReady = Infinity;
    endpoints.on('change', (ready) => (fewestReady = Math.min(fewestReady, ready.length)));
    const from = events.events.length;

    const { to } = await deployment.rollout({ env: { APP_VERSION: 'v2' } });

    expect(to).not.toBe(spec.templateHash);
    let active = 3;
    let most = 3;
    for (const event of events.events.slice(from)) {
      if (event.type === 'pod-created') most = Math.max(most, ++active);
      if (event.type === 'terminating') active -= 1;
    }
    expect(most).toBe(4);
    expect(fewestReady).toBe(3);
    const pods = deployment.pods().filter((p) => !p.terminating);
    expect(pods.map((p) => p.templateHash)).toEqual([to, to, to]);
    for (const pod of pods) expect(pod.name).toMatch(new RegExp(`^web-${to}-`));
    expect(await Promise.all(pods.map((p) => versionOf(p.port)))).toEqual(['v2', 'v2', 'v2']);
    expect(events.of('rollout-progress').at(-1)).toMatchObject({
      templateHash: to,
      complete: true,
      oldReplicas: 0,
    });
  });

  it('returns to the earlier pod-template-hash when the template is changed back', async () => {
    const spec = fixtureDeployment({ replicas: 1, container: { env: { APP_VERSION: 'v1' } } });
    const { deployment } = await start(spec);
    await deployment.waitForReady();
    const { to } = await deployment.rollout({ env: { APP_VERSION: 'v2' } });
    const back = await deployment.rollout({ env: { APP_VERSION: 'v1' } });
    expect(back).toEqual({ from: to, to: spec.templateHash });
    expect(
      deployment
        .pods()
        .filter((p) => !p.terminating)
        .map((p) => p.templateHash),
    ).toEqual([spec.templateHash]);
  });

  it('waits minReadySeconds after a new pod is ready before removing an old one', async () => {
    const spec = fixtureDeployment({ replicas: 2, minReadySeconds: 0.5 });
    const { deployment, events } = await start(spec);
    await deployment.waitForReady();
    const { to } = await deployment.rollout({ env: { APP_VERSION: 'v2' } });
    const readyAt = (pod: string) => events.of('ready', pod)[0]?.at ?? Infinity;
    const newPods = events
      .of('pod-created')
      .filter((e) => e.templateHash === to)
      .map((e) => e.pod);
    for (const old of events.of('terminating').filter((e) => e.pod.includes(spec.templateHash))) {
      const availableBefore = newPods.filter((p) => readyAt(p) + 500 <= old.at + 1);
      expect(availableBefore.length).toBeGreaterThan(0);
    }
  });

  it('Recreate stops every old pod before it starts the first new one', async () => {
    const spec = fixtureDeployment({
      replicas: 2,
      strategy: { type: 'Recreate', maxSurge: 0, maxUnavailable: 0 },
    });
    const { deployment, events } = await start(spec);
    await deployment.waitForReady();
    const { to } = await deployment.rollout({ env: { APP_VERSION: 'v2' } });
    const lastOldDeleted = Math.max(...events.of('deleted').map((e) => e.at));
    const firstNewCreated = Math.min(
      ...events
        .of('pod-created')
        .filter((e) => e.templateHash === to)
        .map((e) => e.at),
    );
    expect(events.of('deleted')).toHaveLength(2);
    expect(lastOldDeleted).toBeLessThanOrEqual(firstNewCreated);
  });

  it('gives up on a rollout that makes no progress for progressDeadlineSeconds, keeping the old pods', async () => {
    const spec = fixtureDeployment({ replicas: 2, progressDeadlineSeconds: 1 });
    const { deployment, endpoints } = await start(spec);
    await deployment.waitForReady();
    await expect(deployment.rollout({ env: { FIXTURE_FAIL_READINESS: '1' } })).rejects.toThrow(
      /made no progress for 1 s \(ProgressDeadlineExceeded\)/,
    );
    expect(endpoints.ready()).toHaveLength(2);
    expect(endpoints.ready().every((e) => e.pod.includes(spec.templateHash))).toBe(true);
  });
});

describe('DeploymentController stop', () => {
  it('terminates every pod in parallel and is idempotent', async () => {
    const spec = fixtureDeployment({ replicas: 3, container: { preStop: { type: 'sleep', seconds: 0.3 } } });
    const { deployment, events } = await start(spec);
    await deployment.waitForReady();
    const first = deployment.stop();
    const second = deployment.stop();
    await Promise.all([first, second]);
    const terminating = events.of('terminating');
    expect(terminating).toHaveLength(3);
    expect(Math.max(...terminating.map((e) => e.at))).toBeLessThan(
      Math.min(...events.of('deleted').map((e) => e.at)),
    );
    expect(deployment.status().pods).toEqual([]);
    await deployment.stop();
  });

  it('lets a later stop shorten the grace period for a quick teardown', async () => {
    const spec = fixtureDeployment({
      replicas: 2,
      terminationGracePeriodSeconds: 60,
      fixture: { FIXTURE_IGNORE_SIGTERM: '1' },
    });
    const { deployment, events } = await start(spec);
    await deployment.waitForReady();
    const graceful = deployment.stop();
    await until(() => events.of('signal-sent').length === 2, 'SIGTERM to both pods');
    await deployment.stop({ gracePeriodSeconds: 0 });
    await graceful;
    expect(
      events
        .of('signal-sent')
        .map((e) => e.signal)
        .sort(),
    ).toEqual(['SIGKILL', 'SIGKILL', 'SIGTERM', 'SIGTERM']);
  });

  it('is disposable with await using', async () => {
    let pids: number[] = [];
    {
      await using deployment = await startDeployment({
        spec: fixtureDeployment({ replicas: 1 }),
        repoRoot,
        runId: run.runId,
        logsDir: run.logsDir,
      });
      await deployment.waitForReady();
      pids = deployment.podProcesses().map((p) => p.pid);
    }
    expect(pids).toHaveLength(1);
    expect((await run.liveProcesses()).filter((pid) => pids.includes(pid))).toEqual([]);
  });
});
