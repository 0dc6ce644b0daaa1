import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import type { AutoscalerSpec, ScalingRules } from '../../../topology/model.js';
import { newRunId, runLabel } from '../../shared/run-label.js';
import { startAutoscaler, type AutoscalerEvent, type ScaleTarget } from './autoscaler.js';
import {
  limitScaleRate,
  newScalingHistory,
  reconcile,
  recordScale,
  replicasForResource,
  stabilizeRecommendation,
  type ResourceUsageGroups,
} from './hpa-algorithm.js';

// The numbers of k8s/base/backend/hpa.yaml (which spells out Kubernetes' default behavior).
const backendHpa: AutoscalerSpec = {
  name: 'backend',
  source: { file: 'k8s/base/backend/hpa.yaml', resource: 'HorizontalPodAutoscaler/backend' },
  target: 'backend',
  minReplicas: 3,
  maxReplicas: 10,
  metrics: [
    { resource: 'cpu', averageUtilization: 70 },
    { resource: 'memory', averageUtilization: 80 },
  ],
  behavior: {
    scaleUp: {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Percent', value: 100, periodSeconds: 15 },
        { type: 'Pods', value: 4, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: 300,
      selectPolicy: 'Max',
      policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  },
};
const cpuOnly: AutoscalerSpec = { ...backendHpa, metrics: [{ resource: 'cpu', averageUtilization: 70 }] };
const MiB = 1024 ** 2;
const ready = (...usage: number[]): ResourceUsageGroups => ({ ready: usage, unready: 0, missing: 0 });
const s = (seconds: number): number => seconds * 1000;

describe('replicasForResource', () => {
  const cpu = (
    currentReplicas: number,
    usage: ResourceUsageGroups,
    targetUtilization = 70,
    tolerance = 0.1,
  ) =>
    replicasForResource({
      resource: 'cpu',
      currentReplicas,
      targetUtilization,
      requestPerPod: 100,
      usage,
      tolerance,
    });

  it.each([
    // [what, current, usage of each pod in millicores of a 100m request, target %, expected replicas]
    ['3 pods at 140 % of a 70 % target double to 6', 3, ready(140, 140, 140), 70, 6],
    ['200m used of 100m wanted doubles the pods (docs)', 4, ready(200, 200, 200, 200), 100, 8],
    ['50m used of 100m wanted halves the pods (docs)', 4, ready(50, 50, 50, 50), 100, 2],
    ['uneven pods are averaged: (160 + 20 + 30) / 3 = 70 % stays', 3, ready(160, 20, 30), 70, 3],
    ['75 % of 70 % (ratio 1.07) is within the 0.1 tolerance', 3, ready(75, 75, 75), 70, 3],
    ['77 % of 70 % (ratio exactly 1.1) is still within it', 3, ready(77, 77, 77), 70, 3],
    ['78 % of 70 % (ratio 1.11) scales: ceil(3 × 1.114) = 4', 3, ready(78, 78, 78), 70, 4],
    ['64 % of 70 % (ratio 0.914) is within it', 3, ready(64, 64, 64), 70, 3],
    ['50 % of 70 % (ratio 0.71) scales 4 pods down to ceil(2.86) = 3', 4, ready(50, 50, 50, 50), 70, 3],
    ['idle pods ask for 0 (minReplicas applies later)', 3, ready(0, 0, 0), 70, 0],
  ] as const)('%s', (_what, current, usage, target, expected) => {
    const result = cpu(current, usage, target);
    expect(result.ok && result.replicas).toBe(expected);
  });

  it('honours a tighter tolerance', () => {
    const result = cpu(3, ready(75, 75, 75), 70, 0.05);
    expect(result.ok && result.replicas).toBe(4);
  });

  it('reports utilisation as a whole percentage of the request, as Kubernetes truncates it', () => {
    expect(cpu(2, ready(70, 71))).toMatchObject({ ok: true, utilization: 70, averageValue: 70.5 });
  });

  it('counts unready pods as idle on a scale-up, so pods still starting damp it', () => {
    // Ready pods at 140 % ask for double; with two unready pods at 0 % the average is 70 %: no change.
    expect(cpu(4, { ready: [140, 140], unready: 2, missing: 0 })).toMatchObject({ ok: true, replicas: 4 });
    // At 210 % the average with the unready pods is 105 %, a ratio of 1.5 over 4 pods: 6.
    expect(cpu(4, { ready: [210, 210], unready: 2, missing: 0 })).toMatchObject({ ok: true, replicas: 6 });
  });

  it('ignores unready pods on a scale-down', () => {
    expect(cpu(3, { ready: [35, 35], unready: 1, missing: 0 })).toMatchObject({ ok: true, replicas: 1 });
  });

  it('counts pods without a metric as fully used on a scale-down and idle on a scale-up', () => {
    // Scale-down: (20 + 20 + 100) / 3 = 46 % of a 50 % target is within tolerance: keep 3, not 1.
    expect(cpu(3, { ready: [20, 20], unready: 0, missing: 1 }, 50)).toMatchObject({ ok: true, replicas: 3 });
    // Scale-up: (280 + 0) / 2 = 140 % of 70 %: ceil(2 × 2) = 4.
    expect(cpu(2, { ready: [280], unready: 0, missing: 1 })).toMatchObject({ ok: true, replicas: 4 });
  });

  it('names the missing request and where to set it', () => {
    const result = replicasForResource({
      resource: 'memory',
      currentReplicas: 3,
      targetUtilization: 80,
      requestPerPod: undefined,
      usage: ready(1, 2, 3),
      tolerance: 0.1,
    });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/missing request for memory.*resources\.requests\.memory/);
  });

  it('has no proposal without a ready pod to measure', () => {
    expect(cpu(3, { ready: [], unready: 3, missing: 0 })).toMatchObject({ ok: false });
  });
});

describe('reconcile', () => {
  const sync = (
    current: number,
    usage: Parameters<typeof reconcile>[1]['usage'],
    spec: AutoscalerSpec = backendHpa,
    history = newScalingHistory(),
  ) =>
    reconcile(history, {
      spec,
      currentReplicas: current,
      usage,
      requests: { cpuMillicores: 100, memoryBytes: 100 * MiB },
      tolerance: 0.1,
      nowMs: 0,
    });

  it('takes the metric that asks for the most replicas', () => {
    const decision = sync(3, { cpu: ready(100, 100, 100), memory: ready(160 * MiB, 160 * MiB, 160 * MiB) });
    // CPU asks for ceil(3 × 100/70) = 5, memory for ceil(3 × 160/80) = 6.
    expect(decision).toMatchObject({
      desiredReplicas: 6,
      reason: 'memory resource utilization (percentage of request) above target',
    });
    expect(decision.metrics.map((m) => [m.resource, m.currentUtilization, m.desiredReplicas])).toEqual([
      ['cpu', 100, 5],
      ['memory', 160, 6],
    ]);
  });

  it('does not scale down while a metric is unavailable, but may scale up', () => {
    const down = sync(5, { cpu: ready(10, 10, 10, 10, 10), memory: { ready: [], unready: 0, missing: 5 } });
    expect(down).toMatchObject({ desiredReplicas: 5, reason: 'FailedGetResourceMetric' });
    expect(down.error).toMatch(/did not receive memory metrics/);

    const up = sync(3, { cpu: ready(140, 140, 140), memory: { ready: [], unready: 0, missing: 3 } });
    expect(up.desiredReplicas).toBe(6);
  });

  it('clamps to maxReplicas and raises to minReplicas', () => {
    expect(sync(8, { cpu: ready(...Array<number>(8).fill(140)) }, cpuOnly)).toMatchObject({
      desiredReplicas: 10,
      limitedBy: 'TooManyReplicas',
    });
    expect(sync(2, {}, cpuOnly)).toMatchObject({
      desiredReplicas: 3,
      reason: 'Current number of replicas below Spec.MinReplicas',
    });
    expect(sync(12, {}, cpuOnly)).toMatchObject({
      desiredReplicas: 10,
      reason: 'Current number of replicas above Spec.MaxReplicas',
    });
  });

  it('leaves a target scaled to 0 alone, as Kubernetes does', () => {
    expect(sync(0, {}, cpuOnly).desiredReplicas).toBe(0);
  });

  it('scales a burst up at once and back to minReplicas only after the 300 s scale-down window', () => {
    const history = newScalingHistory();
    let replicas = 3;
    const step = (atSeconds: number, cpuPerPod: number) => {
      const decision = reconcile(history, {
        spec: cpuOnly,
        currentReplicas: replicas,
        usage: { cpu: ready(...Array<number>(replicas).fill(cpuPerPod)) },
        requests: { cpuMillicores: 100 },
        tolerance: 0.1,
        nowMs: s(atSeconds),
      });
      recordScale(history, cpuOnly.behavior, replicas, decision.desiredReplicas, s(atSeconds));
      replicas = decision.desiredReplicas;
      return replicas;
    };
    expect(step(0, 140)).toBe(6);
    expect(step(15, 140)).toBe(10); // asks for 12: maxReplicas
    expect(step(30, 10)).toBe(10); // asks for 2; the window still holds 12
    expect(step(200, 10)).toBe(10);
    expect(step(314, 10)).toBe(10); // 12 (t = 15) is still inside the window (14, 314]
    expect(step(315, 10)).toBe(3); // only 2s left: minReplicas
  });
});

describe('stabilizeRecommendation', () => {
  it('keeps the highest recommendation of the scale-down window (300 s)', () => {
    const history = newScalingHistory();
    const at = (seconds: number, desired: number, current = 10) =>
      stabilizeRecommendation(history, backendHpa.behavior, current, desired, s(seconds));
    expect(at(0, 10)).toBe(10);
    expect(at(60, 4)).toBe(10);
    expect(at(120, 5)).toBe(10);
    expect(at(300, 4)).toBe(5); // t = 0 has left the window; 5 (t = 120) is the highest left
    expect(at(421, 3)).toBe(4); // only t = 300 and now remain
  });

  it('keeps the lowest recommendation of a scale-up window', () => {
    const behavior = {
      ...backendHpa.behavior,
      scaleUp: { ...backendHpa.behavior.scaleUp, stabilizationWindowSeconds: 60 },
    };
    const history = newScalingHistory();
    expect(stabilizeRecommendation(history, behavior, 3, 3, s(0))).toBe(3);
    expect(stabilizeRecommendation(history, behavior, 3, 8, s(30))).toBe(3);
    expect(stabilizeRecommendation(history, behavior, 3, 6, s(61))).toBe(6);
  });
});

describe('limitScaleRate', () => {
  const spec = (scaleUp: ScalingRules, scaleDown = backendHpa.behavior.scaleDown, min = 1, max = 100) => ({
    minReplicas: min,
    maxReplicas: max,
    behavior: { scaleUp, scaleDown },
  });
  const defaults = spec(backendHpa.behavior.scaleUp);

  it.each([
    // Percent 100 / Pods 4 per 15 s, selectPolicy Max: whichever adds more.
    [1, 50, 5, 'ScaleUpLimit'], // Pods: 1 + 4 beats Percent: 2
    [3, 50, 7, 'ScaleUpLimit'], // 3 + 4 beats 6
    [10, 50, 20, 'ScaleUpLimit'], // 20 beats 14
    [10, 15, undefined, undefined], // within both
  ] as const)('from %i pods towards %i allows %s', (current, desired, expected, limitedBy) => {
    const result = limitScaleRate(newScalingHistory(), defaults, current, desired, 0);
    expect(result).toEqual({ replicas: expected ?? desired, ...(limitedBy && { limitedBy }) });
  });

  it('counts from the replica count at the start of the period, as Kubernetes does', () => {
    const history = newScalingHistory();
    recordScale(history, defaults.behavior, 3, 7, s(0));
    // 5 s later the period began at 3 pods: at most 7, already reached.
    expect(limitScaleRate(history, defaults, 7, 50, s(5)).replicas).toBe(7);
    recordScale(history, defaults.behavior, 7, 8, s(5)); // e.g. a manual scale
    // At 15 s the scale at 0 s has left the period (strictly newer than now - 15 s); the one at 5 s has not.
    expect(limitScaleRate(history, defaults, 8, 50, s(15)).replicas).toBe(14); // start 7: max(14, 11)
    expect(limitScaleRate(history, defaults, 8, 50, s(21)).replicas).toBe(16); // start 8: max(16, 12)
  });

  it('scales 80 pods down by 8 a minute with Pods 4 / Percent 10 per 60 s (docs)', () => {
    const down: ScalingRules = {
      stabilizationWindowSeconds: 0,
      selectPolicy: 'Max',
      policies: [
        { type: 'Pods', value: 4, periodSeconds: 60 },
        { type: 'Percent', value: 10, periodSeconds: 60 },
      ],
    };
    const rules = spec(backendHpa.behavior.scaleUp, down);
    const history = newScalingHistory();
    const steps: number[] = [];
    let replicas = 80;
    for (let minute = 0; minute < 12; minute++) {
      const next = limitScaleRate(history, rules, replicas, 10, s(60 * minute)).replicas;
      recordScale(history, rules.behavior, replicas, next, s(60 * minute));
      replicas = next;
      steps.push(replicas);
    }
    // 10 % of 80 is 8; of 72 it is 7.2, i.e. down to 64; from 40 pods down, Pods 4 removes at least as many.
    expect(steps).toEqual([72, 64, 57, 51, 45, 40, 36, 32, 28, 24, 20, 16]);
  });

  it('with selectPolicy Min picks the policy that changes least', () => {
    const up = { ...backendHpa.behavior.scaleUp, selectPolicy: 'Min' as const };
    expect(limitScaleRate(newScalingHistory(), spec(up), 10, 50, 0)).toEqual({
      replicas: 14,
      limitedBy: 'ScaleUpLimit',
    });
  });

  it('with selectPolicy Disabled never scales in that direction', () => {
    const up = { ...backendHpa.behavior.scaleUp, selectPolicy: 'Disabled' as const };
    expect(limitScaleRate(newScalingHistory(), spec(up), 3, 9, 0).replicas).toBe(3);
    expect(limitScaleRate(newScalingHistory(), spec(up), 9, 4, 0).replicas).toBe(4);
  });

  it('never goes below minReplicas however much a policy allows', () => {
    expect(
      limitScaleRate(newScalingHistory(), spec(backendHpa.behavior.scaleUp, undefined, 3), 10, 0, 0),
    ).toEqual({
      replicas: 3,
      limitedBy: 'TooFewReplicas',
    });
  });
});

describe('startAutoscaler', () => {
  const runId = newRunId();
  const started: ChildProcess[] = [];
  // Each child ends by itself after about 5 s even if the test dies before killing it.
  const busy = `console.log('ready'); const end = Date.now() + 5000; while (Date.now() < end) {}`;
  const idle = `console.log('ready'); setTimeout(() => {}, 5000);`;

  async function startPod(script: string): Promise<number> {
    const child = spawn(process.execPath, ['-e', script], {
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

  it('asks a target whose pods burn CPU to scale up, within the scale-up policies', async () => {
    const pids = await Promise.all([startPod(busy), startPod(busy), startPod(idle)]);
    const requested: number[] = [];
    const target: ScaleTarget = {
      name: 'busy-loop',
      replicas: () => 3,
      scale: (replicas) => void requested.push(replicas),
      podProcesses: () => pids.map((pid, i) => ({ pod: `busy-loop-abc-${i}`, pid })),
    };
    const events: AutoscalerEvent[] = [];
    // A sync period far beyond the test: only evaluate() runs syncs here.
    await using autoscaler = await startAutoscaler({
      spec: backendHpa,
      target,
      requests: { cpuMillicores: 50, memoryBytes: 1024 * MiB },
      syncPeriodSeconds: 3600,
      onEvent: (event) => events.push(event),
    });
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the CPU measurement window

    const result = await autoscaler.evaluate();

    expect(result.scaled).toBe(true);
    expect(requested).toHaveLength(1);
    // Up from 3, and no further than Percent 100 / Pods 4 per 15 s allow (7).
    expect(requested[0]).toBeGreaterThan(3);
    expect(requested[0]).toBeLessThanOrEqual(7);
    const cpu = result.metrics.find((m) => m.resource === 'cpu')!;
    expect(cpu.currentUtilization).toBeGreaterThan(70);
    const memory = result.metrics.find((m) => m.resource === 'memory')!;
    expect(memory.averageValue).toBeGreaterThan(5 * MiB);
    expect(events).toEqual([
      expect.objectContaining({
        type: 'scaled',
        autoscaler: 'backend',
        target: 'busy-loop',
        from: 3,
        to: requested[0],
        reason: 'cpu resource utilization (percentage of request) above target',
      }),
    ]);
  });

  it('stops idempotently and refuses to evaluate afterwards', async () => {
    const pid = await startPod(idle);
    const autoscaler = await startAutoscaler({
      spec: backendHpa,
      target: {
        name: 'idle',
        replicas: () => 3,
        scale: () => {},
        podProcesses: () => [{ pod: 'idle-abc-0', pid }],
      },
      requests: { cpuMillicores: 100, memoryBytes: 100 * MiB },
    });
    await autoscaler.stop();
    await autoscaler.stop();
    await expect(autoscaler.evaluate()).rejects.toThrow(/autoscaler backend is stopped/);
  });
});
