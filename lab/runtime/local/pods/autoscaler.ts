import type { AutoscalerSpec } from '../../../topology/model.js';
import {
  newScalingHistory,
  reconcile,
  recordScale,
  type Decision,
  type MetricStatus,
  type PodRequests,
  type ResourceName,
  type ResourceUsageGroups,
} from './hpa-algorithm.js';
import { cpuMillicores, sampleProcessTrees, type ProcessTreeSample } from './resource-usage.js';

/**
 * The running HorizontalPodAutoscaler of the local profile: it samples the target's pod processes every
 * sync period, feeds the usage to the Kubernetes algorithm (hpa-algorithm.ts), scales the target and
 * reports each rescale or failure as an event.
 */

/** What the autoscaler scales: the lead adapts the Deployment controller to it. */
export interface ScaleTarget {
  readonly name: string;
  /** The desired replica count (the Deployment's spec.replicas). */
  replicas(): number;
  scale(replicas: number): void;
  /** pids of the running, ready pods' processes */
  podProcesses(): { pod: string; pid: number }[];
}

export type AutoscalerEvent =
  | ({ type: 'scaled'; at: number; autoscaler: string; target: string; from: number; to: number } & Pick<
      Decision,
      'reason' | 'limitedBy' | 'metrics'
    >)
  | {
      type: 'failed';
      at: number;
      autoscaler: string;
      target: string;
      message: string;
      metrics: MetricStatus[];
    };

export interface AutoscalerOptions {
  spec: AutoscalerSpec;
  target: ScaleTarget;
  requests: PodRequests;
  /** --horizontal-pod-autoscaler-sync-period (default 15 s); also the CPU measurement window. */
  syncPeriodSeconds?: number;
  /** --horizontal-pod-autoscaler-tolerance (default 0.1). */
  tolerance?: number;
  onEvent?: (event: AutoscalerEvent) => void;
  /** Wall clock in epoch ms for windows, periods and event timestamps (CPU rates use a monotonic clock). */
  now?: () => number;
}

export interface EvaluationResult extends Decision {
  at: number;
  scaled: boolean;
}

export interface AutoscalerHandle {
  readonly name: string;
  /** Runs one sync now (after any sync in progress) and returns what it decided. */
  evaluate(): Promise<EvaluationResult>;
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts the HPA loop over `target`: a first CPU sample now, then one sync every `syncPeriodSeconds`.
 * Pods that count in `target.replicas()` but are not among the ready pods count as unready for CPU
 * (as Kubernetes treats a starting pod's CPU) and as missing for memory (the local profile cannot read
 * a pod's memory before it is ready); a ready pod seen for the first time is unready for CPU until it has
 * been measured over a full sync period.
 */
export async function startAutoscaler(options: AutoscalerOptions): Promise<AutoscalerHandle> {
  const { spec, target, requests, syncPeriodSeconds = 15, tolerance = 0.1, onEvent } = options;
  const now = options.now ?? Date.now;
  const history = newScalingHistory();
  let previous = new Map<string, ProcessTreeSample>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  const emit = (event: AutoscalerEvent): void => {
    try {
      onEvent?.(event);
    } catch {
      // A listener's bug must not stop the autoscaler; the listener owns its own error reporting.
    }
  };

  async function measure(currentReplicas: number): Promise<Record<ResourceName, ResourceUsageGroups>> {
    const pods = target.podProcesses();
    const samples = await sampleProcessTrees(pods.map((p) => p.pid));
    const notReady = Math.max(0, currentReplicas - pods.length);
    const cpu = { ready: [] as number[], unready: notReady, missing: 0 };
    const memory = { ready: [] as number[], unready: 0, missing: notReady };
    const next = new Map<string, ProcessTreeSample>();
    for (const { pod, pid } of pods) {
      const sample = samples.get(pid);
      if (!sample) {
        cpu.missing++;
        memory.missing++;
        continue;
      }
      next.set(pod, sample);
      memory.ready.push(sample.memoryBytes);
      const before = previous.get(pod);
      const millicores = before && cpuMillicores(before, sample);
      if (millicores === undefined) cpu.unready++;
      else cpu.ready.push(Math.round(millicores));
    }
    previous = next;
    return { cpu, memory };
  }

  async function sync(): Promise<EvaluationResult> {
    const currentReplicas = target.replicas();
    const usage = await measure(currentReplicas);
    const at = now();
    const decision = reconcile(history, { spec, currentReplicas, usage, requests, tolerance, nowMs: at });
    const base = { at, autoscaler: spec.name, target: target.name };
    if (decision.error !== undefined) {
      emit({ type: 'failed', ...base, message: decision.error, metrics: decision.metrics });
    }
    const scaled = decision.desiredReplicas !== currentReplicas;
    if (scaled) {
      target.scale(decision.desiredReplicas);
      recordScale(history, spec.behavior, currentReplicas, decision.desiredReplicas, at);
      const { reason, limitedBy, metrics } = decision;
      emit({
        type: 'scaled',
        ...base,
        from: currentReplicas,
        to: decision.desiredReplicas,
        reason,
        metrics,
        ...(limitedBy && { limitedBy }),
      });
    }
    return { ...decision, at, scaled };
  }

  // Syncs never overlap: each waits for the one before, whoever started it.
  let queue: Promise<unknown> = measure(target.replicas());
  const evaluate = (): Promise<EvaluationResult> => {
    if (stopped) {
      return Promise.reject(new Error(`autoscaler ${spec.name} is stopped; start a new one to evaluate`));
    }
    const run = queue.then(sync);
    queue = run.catch(() => undefined);
    return run;
  };
  const schedule = (): void => {
    if (stopped) return;
    timer = setTimeout(() => {
      evaluate()
        .catch((error: unknown) => {
          const message = error instanceof Error ? error.message : String(error);
          emit({
            type: 'failed',
            at: now(),
            autoscaler: spec.name,
            target: target.name,
            message,
            metrics: [],
          });
        })
        .finally(schedule);
    }, syncPeriodSeconds * 1000);
    // The lab's servers keep the process alive; a pending sync alone must not.
    timer.unref();
  };
  await queue;
  schedule();

  const stop = async (): Promise<void> => {
    stopped = true;
    clearTimeout(timer);
    await queue;
  };
  return { name: spec.name, evaluate, stop, [Symbol.asyncDispose]: stop };
}
