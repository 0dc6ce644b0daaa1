/**
 * What measure needs to know about one injected fault (the runner's FaultEntry fits it), and the
 * runtime's events as measure reads them. Times are epoch ms.
 */
export interface FaultInput {
  /** e.g. pod-kill, pod-kill-all-but-one, pod-pause, db-failover, network-latency. */
  kind: string;
  /** A pod, a Deployment, a database node or a link. */
  target: string;
  injectedAt: number;
  /** When the fault was taken away (absent for faults that end by themselves, like a kill). */
  revertedAt?: number;
  /**
   * The fault's details, when the caller has them: `killed` (comma-separated pods) widens the victims of
   * a pod fault; `promotedAt` (ISO time) dates a database failover when no promotion event was emitted.
   */
  detail?: Record<string, string | number | boolean>;
}

/**
 * One event of the running topology's `onEvent` stream (pod events in lab/runtime/local/pods/events.ts,
 * database and fault events from the local lab controller). Typed loosely on purpose: measure reads
 * `pod`/`deployment` only after checking they are strings, so any runtime's events fit.
 */
export interface TopologyEvent {
  type: string;
  /** Epoch ms. */
  at: number;
  [key: string]: unknown;
}
