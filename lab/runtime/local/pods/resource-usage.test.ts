import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { newRunId, runLabel } from '../../shared/run-label.js';
import {
  clockTicksPerSecond,
  cpuMillicores,
  measurePodUsage,
  sampleProcessTree,
  type ProcessTreeSample,
} from './resource-usage.js';

// Every child ends by itself after about 5 s even if the test dies before killing it.
const scripts = {
  busy: `console.log('ready'); const end = Date.now() + 5000; while (Date.now() < end) {}`,
  idle: `console.log('ready'); setTimeout(() => {}, 5000);`,
  // An idle wrapper whose child does the work, as a pod's command may be a launcher.
  wrapper: `require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(
    `console.log('ready'); const end = Date.now() + 5000; while (Date.now() < end) {}`,
  )}], { stdio: ['ignore', 'inherit', 'ignore'] });`,
};

const runId = newRunId();
const started: ChildProcess[] = [];

/** Starts a node process in its own process group and resolves once it (or its child) is running. */
async function startProcess(kind: keyof typeof scripts): Promise<number> {
  const child = spawn(process.execPath, ['-e', scripts[kind]], {
    detached: true,
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, ...runLabel(runId) },
  });
  started.push(child);
  await once(child.stdout!, 'data');
  return child.pid!;
}

afterEach(async () => {
  await Promise.all(
    started.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
      await exited;
    }),
  );
});

describe('measurePodUsage', () => {
  it('reports a busy process near a core and an idle one near zero, with a plausible RSS', async () => {
    const [busy, idle] = await Promise.all([startProcess('busy'), startProcess('idle')]);

    const [busyUsage, idleUsage] = await Promise.all([
      measurePodUsage(busy, 1000),
      measurePodUsage(idle, 1000),
    ]);

    // Generous bounds: two cores are shared with other work, so "busy" may get well under 1000m.
    expect(busyUsage!.cpuMillicores).toBeGreaterThan(100);
    expect(idleUsage!.cpuMillicores).toBeLessThan(50);
    for (const usage of [busyUsage!, idleUsage!]) {
      expect(usage.memoryBytes).toBeGreaterThan(5 * 1024 ** 2);
      expect(usage.memoryBytes).toBeLessThan(1024 ** 3);
    }
  });

  it('counts the CPU and memory of descendants, as a container counts every process in it', async () => {
    const wrapper = await startProcess('wrapper');

    const tree = await sampleProcessTree(wrapper);
    const usage = await measurePodUsage(wrapper, 1000);

    expect(tree!.processes).toBe(2);
    expect(usage!.cpuMillicores).toBeGreaterThan(100);
    expect(usage!.memoryBytes).toBeGreaterThan(10 * 1024 ** 2);
  });

  it('reports nothing for a process that is gone', async () => {
    const pid = await startProcess('idle');
    const child = started.at(-1)!;
    const exited = once(child, 'exit');
    process.kill(-pid, 'SIGKILL');
    await exited;

    expect(await sampleProcessTree(pid)).toBeUndefined();
    expect(await measurePodUsage(pid, 10)).toBeUndefined();
  });
});

describe('cpuMillicores', () => {
  const sample = (overrides: Partial<ProcessTreeSample>): ProcessTreeSample => ({
    pid: 42,
    startTicks: 1000,
    cpuSeconds: 10,
    memoryBytes: 0,
    processes: 1,
    takenAtMs: 0,
    ...overrides,
  });

  it('is CPU seconds per elapsed second, in thousandths of a core', () => {
    expect(cpuMillicores(sample({}), sample({ cpuSeconds: 13, takenAtMs: 15_000 }))).toBeCloseTo(200);
  });

  it('refuses to compare a pid reused by another process', () => {
    expect(cpuMillicores(sample({}), sample({ startTicks: 2000, takenAtMs: 15_000 }))).toBeUndefined();
  });

  it('refuses an empty interval', () => {
    expect(cpuMillicores(sample({}), sample({ cpuSeconds: 11 }))).toBeUndefined();
  });
});

describe('clockTicksPerSecond', () => {
  it('reads the kernel clock tick rate once', async () => {
    const ticks = await clockTicksPerSecond();
    expect(Number.isInteger(ticks) && ticks > 0).toBe(true);
    expect(await clockTicksPerSecond()).toBe(ticks);
  });
});
