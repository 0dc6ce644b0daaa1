import { performance } from 'node:perf_hooks';

/**
 * What the local pod runtime reports as it happens, the local counterpart of the Kubernetes events and
 * status changes a cluster records (Created, Started, Unhealthy, Killing, BackOff, ...). Scenarios
 * measure "time to detect" from `at`, so every event is emitted at the moment its behaviour happens.
 */
export type ProbeKind = 'startup' | 'readiness' | 'liveness';

interface Base {
  /** Epoch milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`). */
  at: number;
  deployment: string;
}

interface PodBase extends Base {
  pod: string;
}

export type PodEvent =
  | (PodBase & { type: 'pod-created'; templateHash: string; port: number })
  /** A container process started (the first one, or a restart: `restarts` counts the restarts so far). */
  | (PodBase & { type: 'container-started'; pid: number | undefined; restarts: number })
  /** One failed probe attempt; `consecutiveFailures` reaching `failureThreshold` flips the result. */
  | (PodBase & {
      type: 'probe-failed';
      probe: ProbeKind;
      message: string;
      consecutiveFailures: number;
      failureThreshold: number;
    })
  | (PodBase & { type: 'ready' })
  | (PodBase & { type: 'unready'; reason: string })
  | (PodBase & { type: 'endpoint-added'; service: string; port: number })
  | (PodBase & { type: 'endpoint-removed'; service: string; reason: string })
  /** The kubelet decided to kill the container: a failed liveness/startup probe, or termination. */
  | (PodBase & { type: 'killing'; reason: string; gracePeriodSeconds: number })
  | (PodBase & { type: 'prestop-started'; hook: 'sleep' | 'httpGet' })
  | (PodBase & { type: 'prestop-finished'; error?: string })
  | (PodBase & { type: 'signal-sent'; signal: 'SIGTERM' | 'SIGKILL' })
  | (PodBase & {
      type: 'container-exited';
      code: number | null;
      signal: string | null;
      reason: string;
      /** How long the container ran, in milliseconds. */
      ranMs: number;
    })
  /** CrashLoopBackOff: the container restarts after `delayMs` (0: at once, as kubelet does the first time). */
  | (PodBase & { type: 'restart-scheduled'; delayMs: number; restarts: number })
  /** The container's processes were frozen (SIGSTOP); `until` (epoch ms) when a resume is scheduled. */
  | (PodBase & { type: 'paused'; pid: number; until?: number })
  /** A pause ended: `resumed` false when the frozen process was already gone (killed, restarted). */
  | (PodBase & { type: 'resumed'; pid: number; resumed: boolean })
  | (PodBase & { type: 'terminating'; gracePeriodSeconds: number })
  | (PodBase & { type: 'deleted'; phase: 'Succeeded' | 'Failed' });

export type DeploymentEvent =
  | (Base & { type: 'scaled'; from: number; to: number })
  | (Base & {
      type: 'rollout-progress';
      templateHash: string;
      desiredReplicas: number;
      /** Pods of the new template (not terminating), ready ones, and pods of older templates still there. */
      updatedReplicas: number;
      updatedReadyReplicas: number;
      oldReplicas: number;
      complete: boolean;
    })
  /** The controller could not do something (e.g. no free port); it retries on the next change. */
  | (Base & { type: 'sync-failed'; message: string });

export type LocalPodsEvent = PodEvent | DeploymentEvent;

/** Distributes an Omit over a union, so an event can be built without the fields its emitter fills in. */
export type EventBody<E, K extends PropertyKey = 'at'> = E extends unknown ? Omit<E, K> : never;

export function eventClock(): number {
  return performance.timeOrigin + performance.now();
}

/** Calls a listener, never letting its bug break the runtime (the listener owns its error reporting). */
export function safeEmit<E>(listener: ((event: E) => void) | undefined, event: E): void {
  try {
    listener?.(event);
  } catch {
    // Intentionally ignored, see above.
  }
}
