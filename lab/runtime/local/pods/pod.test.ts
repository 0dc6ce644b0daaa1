import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ServiceEndpoints } from '../service-endpoints.js';
import { fixtureDeployment, httpProbe } from './test/fixture-deployment.js';
import { PodHarness } from './test/pod-harness.js';
import { startTestRun, until, type TestRun } from './test/test-run.js';

let run: TestRun;
let harness: PodHarness;

beforeAll(async () => {
  run = await startTestRun('pod-test');
  harness = new PodHarness(run);
});
afterEach(() => harness.forceDeleteAll());
afterAll(async () => {
  await until(async () => (await run.liveProcesses()).length === 0, 'no labelled process left', 5_000);
  await run.cleanup();
});

const fastBackoff = { initialSeconds: 0.1, maxSeconds: 0.4 };

describe('Pod', () => {
  it('joins the endpoints of every Service that selects it once its readiness probe passes', async () => {
    const services = [new ServiceEndpoints('web'), new ServiceEndpoints('web-headless')];
    const { pod, events } = await harness.startPod(
      fixtureDeployment({ fixture: { FIXTURE_READY_AFTER_MS: '300' } }),
      {
        endpoints: services,
      },
    );
    await events.waitFor('endpoint-added', (e) => e.service === 'web-headless');
    expect(events.typesOf(pod.name)).toEqual(
      expect.arrayContaining(['pod-created', 'container-started', 'probe-failed', 'ready', 'endpoint-added']),
    );
    expect(events.typesOf(pod.name).indexOf('ready')).toBeGreaterThan(
      events.typesOf(pod.name).lastIndexOf('probe-failed'),
    );
    for (const service of services)
      expect(service.ready()).toEqual([{ pod: pod.name, host: '127.0.0.1', port: pod.port }]);
    expect(pod.status()).toMatchObject({
      name: pod.name,
      deployment: 'web',
      phase: 'Running',
      ready: true,
      restarts: 0,
    });
  });

  it('keeps its name across container restarts and counts them', async () => {
    const { pod, events } = await harness.startPod(fixtureDeployment(), { restartBackoff: fastBackoff });
    await events.waitFor('ready');
    const firstPid = pod.pid;
    await pod.kill();
    await events.waitFor('container-started', (e) => e.restarts === 1);
    await until(() => pod.ready, 'ready again');
    expect(pod.status()).toMatchObject({ name: pod.name, restarts: 1, phase: 'Running', ready: true });
    expect(pod.pid).not.toBe(firstPid);
    expect(pod.status().lastExit).toMatchObject({ code: null, signal: 'SIGKILL', reason: 'Error' });
  });

  it('leaves the endpoints within about 1 s of dying', async () => {
    const { pod, events, endpoints } = await harness.startPod(fixtureDeployment(), {
      restartBackoff: fastBackoff,
    });
    await events.waitFor('endpoint-added');
    const removed = new Promise<number>((resolve) =>
      endpoints[0]!.once('change', (ready) => ready.length === 0 && resolve(performance.now())),
    );
    // Killed from outside, as the OOM killer would: the pod learns it from the process exit.
    const killedAt = performance.now();
    process.kill(pod.pid!, 'SIGKILL');
    expect((await removed) - killedAt).toBeLessThan(1_000);
    const exited = events.of('container-exited')[0]!;
    expect(events.of('endpoint-removed')[0]!.at).toBeGreaterThanOrEqual(exited.at - 1);
  });

  it('restarts a crashing container at once, then with doubling back-off, in CrashLoopBackOff meanwhile', async () => {
    const { pod, events } = await harness.startPod(
      fixtureDeployment({ fixture: { FIXTURE_EXIT_CODE: '3' } }),
      {
        restartBackoff: fastBackoff,
      },
    );
    await events.waitFor('restart-scheduled', (e) => e.restarts === 5);
    expect(
      events
        .of('restart-scheduled')
        .map((e) => e.delayMs)
        .slice(0, 5),
    ).toEqual([0, 100, 200, 400, 400]);
    await until(() => pod.phase === 'CrashLoopBackOff', 'CrashLoopBackOff');
    expect(pod.status()).toMatchObject({
      ready: false,
      lastExit: { code: 3, signal: null, reason: 'Error' },
    });
    expect(events.of('endpoint-added')).toEqual([]);
  });

  it('leaves the endpoints after failureThreshold readiness failures and returns when ready again', async () => {
    const { pod, events, endpoints } = await harness.startPod(fixtureDeployment());
    await events.waitFor('endpoint-added');
    const turnedAt = performance.timeOrigin + performance.now();
    await fetch(`http://127.0.0.1:${pod.port}/control?ready=0`);
    const removed = await events.waitFor('endpoint-removed');
    const failures = events
      .of('probe-failed')
      .filter((e) => e.probe === 'readiness' && e.at > turnedAt && e.at <= removed.at);
    expect(failures.map((e) => e.consecutiveFailures)).toEqual([1, 2, 3]);
    expect(removed.reason).toBe('readiness probe failed');
    expect(endpoints[0]!.ready()).toEqual([]);
    expect(pod.status()).toMatchObject({ phase: 'Running', ready: false, restarts: 0 });
    await fetch(`http://127.0.0.1:${pod.port}/control?ready=1`);
    await events.waitFor('endpoint-added', (e) => e.at > removed.at);
    expect(endpoints[0]!.ready()).toHaveLength(1);
  });

  it('kills a container that fails its liveness probe, with its grace period, and restarts it', async () => {
    // The startup probe holds liveness back until the server answers, so the only liveness failures
    // are the ones this test causes.
    const spec = fixtureDeployment({
      fixture: { FIXTURE_LOG_SIGNALS: '1' },
      container: { startupProbe: httpProbe('/healthz', { failureThreshold: 100 }) },
    });
    const { pod, events } = await harness.startPod(spec, { restartBackoff: fastBackoff });
    await events.waitFor('ready');
    const brokenAt = performance.timeOrigin + performance.now();
    await fetch(`http://127.0.0.1:${pod.port}/control?live=0`);
    await events.waitFor('container-started', (e) => e.restarts === 1);
    const types = events.typesOf(pod.name);
    const killing = events.of('killing')[0]!;
    expect(killing.reason).toMatch(/^LivenessProbeFailed: HTTP probe failed with statuscode: 500/);
    expect(killing.gracePeriodSeconds).toBe(spec.terminationGracePeriodSeconds);
    expect(types.slice(types.indexOf('killing'))).toEqual(
      expect.arrayContaining([
        'killing',
        'signal-sent',
        'container-exited',
        'restart-scheduled',
        'container-started',
      ]),
    );
    expect(
      events
        .of('probe-failed')
        .filter((e) => e.probe === 'liveness' && e.at > brokenAt)
        .map((e) => e.consecutiveFailures),
    ).toEqual([1, 2, 3]);
    expect(pod.status().lastExit).toMatchObject({ code: 0, reason: 'LivenessProbeFailed' });
    expect(await readFile(pod.logFile, 'utf8')).toMatch(/received SIGTERM/);
  });

  it('kills a container whose startup probe never passes', async () => {
    const spec = fixtureDeployment({
      container: { startupProbe: httpProbe('/no-such-path', { failureThreshold: 2 }) },
    });
    const { pod, events } = await harness.startPod(spec, { restartBackoff: fastBackoff });
    await events.waitFor('container-exited');
    expect(events.of('killing')[0]!.reason).toMatch(
      // Failing on the 404 or because the server is not listening yet: either way, killed.
      /^StartupProbeFailed: (HTTP probe failed with statuscode: 404|Get "http:\/\/127\.0\.0\.1)/,
    );
    expect(events.of('ready', pod.name)).toEqual([]);
  });
});

describe('Pod termination', () => {
  it('removes the pod from endpoints before preStop runs, then sends SIGTERM', async () => {
    const spec = fixtureDeployment({
      fixture: { FIXTURE_LOG_SIGNALS: '1' },
      container: { preStop: { type: 'httpGet', path: '/prestop', port: 3000 } },
    });
    const { pod, events, endpoints } = await harness.startPod(spec);
    await events.waitFor('endpoint-added');
    await pod.delete();
    expect(events.typesOf(pod.name).slice(events.typesOf(pod.name).indexOf('terminating'))).toEqual([
      'terminating',
      'unready',
      'endpoint-removed',
      'killing',
      'prestop-started',
      'prestop-finished',
      'signal-sent',
      'container-exited',
      'deleted',
    ]);
    expect(endpoints[0]!.ready()).toEqual([]);
    const log = await readFile(pod.logFile, 'utf8');
    expect(log.indexOf('fixture: prestop called')).toBeGreaterThan(0);
    expect(log.indexOf('fixture: received SIGTERM')).toBeGreaterThan(log.indexOf('fixture: prestop called'));
    expect(pod.status()).toMatchObject({ phase: 'Succeeded', ready: false });
  });

  it('sends SIGKILL when the grace period, counted from the start of termination, ends', async () => {
    const spec = fixtureDeployment({
      terminationGracePeriodSeconds: 1.5,
      fixture: { FIXTURE_IGNORE_SIGTERM: '1', FIXTURE_LOG_SIGNALS: '1' },
      container: { preStop: { type: 'sleep', seconds: 0.5 } },
    });
    const { pod, events } = await harness.startPod(spec, { minimumGracePeriodSeconds: 0.2 });
    await events.waitFor('ready');
    await pod.delete();
    const terminating = events.of('terminating')[0]!;
    const [sigterm, sigkill] = events.of('signal-sent');
    expect([sigterm?.signal, sigkill?.signal]).toEqual(['SIGTERM', 'SIGKILL']);
    // preStop used 0.5 s of the 1.5 s; SIGKILL comes at 1.5 s, not 0.5 + 1.5 s.
    expect(sigterm!.at - terminating.at).toBeGreaterThanOrEqual(490);
    expect(sigkill!.at - terminating.at).toBeGreaterThanOrEqual(1_490);
    expect(sigkill!.at - terminating.at).toBeLessThan(2_000);
    expect(pod.status()).toMatchObject({ phase: 'Failed', lastExit: { signal: 'SIGKILL' } });
    expect(await readFile(pod.logFile, 'utf8')).toMatch(/received SIGTERM/);
  });

  it('still gives the container the minimum wait after SIGTERM when preStop used up the grace period', async () => {
    const spec = fixtureDeployment({
      terminationGracePeriodSeconds: 0.5,
      fixture: { FIXTURE_IGNORE_SIGTERM: '1' },
      container: { preStop: { type: 'sleep', seconds: 30 } },
    });
    const { pod, events } = await harness.startPod(spec, { minimumGracePeriodSeconds: 0.4 });
    await events.waitFor('ready');
    await pod.delete();
    const [sigterm, sigkill] = events.of('signal-sent');
    expect(events.of('prestop-finished')).toEqual([]);
    expect(sigkill!.at - sigterm!.at).toBeGreaterThanOrEqual(390);
  });

  it('force-deletes with grace period 0: no preStop, SIGKILL at once', async () => {
    const spec = fixtureDeployment({ container: { preStop: { type: 'sleep', seconds: 30 } } });
    const { pod, events } = await harness.startPod(spec);
    await events.waitFor('ready');
    await pod.delete({ gracePeriodSeconds: 0 });
    expect(events.typesOf(pod.name).slice(events.typesOf(pod.name).indexOf('terminating'))).toEqual([
      'terminating',
      'unready',
      'endpoint-removed',
      'killing',
      'signal-sent',
      'container-exited',
      'deleted',
    ]);
    expect(events.of('signal-sent')[0]!.signal).toBe('SIGKILL');
  });

  it('cuts a graceful deletion short when deleted again with a shorter grace period', async () => {
    const spec = fixtureDeployment({
      terminationGracePeriodSeconds: 60,
      fixture: { FIXTURE_IGNORE_SIGTERM: '1' },
    });
    const { pod, events } = await harness.startPod(spec);
    await events.waitFor('ready');
    const graceful = pod.delete();
    await events.waitFor('signal-sent');
    await pod.delete({ gracePeriodSeconds: 0 });
    await graceful;
    expect(events.of('signal-sent').map((e) => e.signal)).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('cancels a pending restart when the pod is deleted during CrashLoopBackOff', async () => {
    const { pod, events } = await harness.startPod(
      fixtureDeployment({ fixture: { FIXTURE_EXIT_CODE: '1' } }),
      {
        restartBackoff: { initialSeconds: 30 },
      },
    );
    await until(() => pod.phase === 'CrashLoopBackOff', 'CrashLoopBackOff');
    await pod.delete();
    expect(pod.phase).toBe('Failed');
    expect(events.of('container-started')).toHaveLength(2);
    expect(events.typesOf(pod.name).at(-1)).toBe('deleted');
  });

  it('kills every process of the pod, not only the main one', async () => {
    const { pod, events } = await harness.startPod(
      fixtureDeployment({ fixture: { FIXTURE_SPAWN_CHILD: '1' } }),
    );
    await events.waitFor('ready');
    await pod.delete();
    await until(
      async () => (await run.liveProcesses()).length === 0,
      'the fixture and its child to be gone',
      2_000,
    );
  });
});
