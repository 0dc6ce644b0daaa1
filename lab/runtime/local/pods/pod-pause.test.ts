import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fixtureDeployment, httpProbe } from './test/fixture-deployment.js';
import { PodHarness } from './test/pod-harness.js';
import { startTestRun, until, type TestRun } from './test/test-run.js';

let run: TestRun;
let harness: PodHarness;

beforeAll(async () => {
  run = await startTestRun('pod-pause-test');
  harness = new PodHarness(run);
});
afterEach(() => harness.forceDeleteAll());
afterAll(async () => {
  await until(async () => (await run.liveProcesses()).length === 0, 'no labelled process left', 5_000);
  await run.cleanup();
});

/** The process state letter from /proc (T = stopped by a signal, S/R = running). */
async function processState(pid: number): Promise<string> {
  const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

/** Readiness notices a frozen pod after 2 probe timeouts; liveness only when a test wants it to. */
const pausable = (liveness = httpProbe('/healthz', { failureThreshold: 1000 })) =>
  fixtureDeployment({
    terminationGracePeriodSeconds: 1,
    container: {
      readinessProbe: httpProbe('/readyz', { timeoutSeconds: 0.3, failureThreshold: 2 }),
      livenessProbe: liveness,
    },
  });

describe('Pod pause', () => {
  it('freezes the container: readiness probes time out, the pod leaves the endpoints, and rejoins once resumed', async () => {
    const { pod, events, endpoints } = await harness.startPod(pausable());
    await events.waitFor('endpoint-added');
    const pid = pod.pid!;
    expect(pod.pause()).toEqual({ pid });
    expect(await processState(pid)).toBe('T');
    expect(pod.status().paused).toEqual({ since: expect.any(String) });
    const removed = await events.waitFor('endpoint-removed');
    expect(removed.reason).toBe('readiness probe failed');
    expect(endpoints[0]!.ready()).toEqual([]);
    expect(
      events.of('probe-failed').filter((e) => e.probe === 'readiness' && e.at > events.of('paused')[0]!.at)[0]
        ?.message,
    ).toMatch(/timeout|Timeout|deadline/);

    expect(pod.resume()).toBe(true);
    expect(await processState(pid)).not.toBe('T');
    await events.waitFor('endpoint-added', (e) => e.at > removed.at);
    expect(pod.status()).toMatchObject({ phase: 'Running', ready: true, restarts: 0, pid });
    expect(pod.status().paused).toBeUndefined();
    expect(events.of('resumed')).toEqual([expect.objectContaining({ pid, resumed: true })]);
  });

  it('resumes by itself after forMs, and says until when in its status meanwhile', async () => {
    const { pod, events } = await harness.startPod(pausable());
    await events.waitFor('ready');
    pod.pause({ forMs: 400 });
    const { since, until: resumesAt } = pod.status().paused!;
    expect(Date.parse(resumesAt!) - Date.parse(since)).toBe(400);
    const resumed = await events.waitFor('resumed');
    expect(resumed.resumed).toBe(true);
    expect(await processState(pod.pid!)).not.toBe('T');
    expect(pod.paused).toBe(false);
  });

  it('is killed and restarted when its liveness probe fails; the new container is not paused', async () => {
    const { pod, events } = await harness.startPod(
      pausable(httpProbe('/healthz', { periodSeconds: 0.2, timeoutSeconds: 0.3, failureThreshold: 2 })),
      { restartBackoff: { initialSeconds: 0.1, maxSeconds: 0.4 }, minimumGracePeriodSeconds: 0.2 },
    );
    await events.waitFor('ready');
    const frozenPid = pod.pid!;
    pod.pause();
    const killing = await events.waitFor('killing');
    expect(killing.reason).toMatch(/^LivenessProbeFailed/);
    await events.waitFor('container-started', (e) => e.restarts === 1);
    // A frozen process cannot act on SIGTERM: the grace period runs out and SIGKILL ends it.
    expect(pod.status().lastExit).toMatchObject({ signal: 'SIGKILL', reason: 'LivenessProbeFailed' });
    expect(pod.pid).not.toBe(frozenPid);
    expect(pod.paused).toBe(false);
    expect(pod.resume()).toBe(false);
    await until(() => pod.ready, 'the restarted container to be ready');
  }, 20_000);

  it('refuses to pause a pod twice, or one that is terminating', async () => {
    const { pod, events } = await harness.startPod(pausable());
    await events.waitFor('ready');
    pod.pause();
    expect(() => pod.pause()).toThrow(/already paused .*resume it first/);
    const deleted = pod.delete({ gracePeriodSeconds: 0 });
    expect(() => pod.pause()).toThrow(/is terminating; it cannot be paused/);
    await deleted;
    expect(pod.status().phase).toBe('Failed');
  });
});
