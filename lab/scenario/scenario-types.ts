/**
 * The scenario author's whole vocabulary (re-exported by lab/index.ts, the only import a scenario
 * needs). Chaos Toolkit's words: a steady-state hypothesis, a method (`run`), rollbacks. Durations are
 * milliseconds, rates requests per second, availability a fraction (0.999).
 */

/** What users must feel for the scenario to pass. Every field is optional; unset ones are not judged. */
export interface SloSpec {
  /** Successful requests over all scheduled ones, for the whole run (e.g. 0.99). */
  availability?: number;
  /** Latency percentiles over the whole run, ms. */
  p95Ms?: number;
  p99Ms?: number;
  /** Failed GET requests allowed over the whole run (pod-kill expects 0). */
  maxFailedGets?: number;
  /** Each fault's time to recover must be at most this (RTO), ms. */
  recoverWithinMs?: number;
  /** Acknowledged orders that may be lost (RPO in orders); default 0. */
  maxLostOrders?: number;
  /** How long the SLO must hold for a fault to count as recovered (default 5000 ms). */
  sustainMs?: number;
}

/** Shopper journeys the load generators know; weights need not sum to 1. */
export type JourneyName = 'browse' | 'search' | 'product' | 'add-to-cart' | 'checkout' | 'order-history';
export const journeyNames: readonly JourneyName[] = [
  'browse',
  'search',
  'product',
  'add-to-cart',
  'checkout',
  'order-history',
];

/** The full form of a scenario's load. The shortcut `load: { rps: 50 }` is rewritten into it. */
export interface LoadSpec {
  /** Journeys started per second (open model: arrivals do not wait for earlier ones). */
  rps: number;
  /** Journey weights (default: a browsing-heavy shop mix). */
  journeys?: Partial<Record<JourneyName, number>>;
  /** Load before the steady-state check starts counting (default 2000 ms). */
  warmupMs?: number;
  /** Which generator: `auto` (k6 when on PATH, else built-in; default), `built-in`, `k6`. */
  generator?: 'auto' | 'built-in' | 'k6';
}

/** The steady state checked before and after the method; defaults come from the SLO. */
export interface SteadyStateSpec {
  /** Window over which the probes are measured (default 3000 ms). */
  windowMs?: number;
  /** Minimum availability over the window (default: the SLO's, else 0.99). */
  availability?: number;
  /** Maximum p99 over the window (default: the SLO's p99Ms, else not judged). */
  p99Ms?: number;
}

export interface ScenarioDefinition {
  /** kebab-case, unique among scenarios (`pod-kill`). */
  name: string;
  /** One line, shown by `lab list`. */
  description: string;
  /** What we believe stays true while the fault happens. */
  hypothesis: string;
  /** What a person on call would do, step by step, if this happened in production. */
  runbook?: string[];
  slo: SloSpec;
  load: LoadSpec;
  steadyState?: SteadyStateSpec;
  /** Upper bound on the method's run time (default 120000 ms); the run is an error past it. */
  timeoutMs?: number;
  /** Extra env per Deployment for this scenario's topology (e.g. a tighter rate limit). */
  env?: Record<string, Record<string, string>>;
  /** The method: inject faults, drive load, wait. Faults still in place when it returns are reverted. */
  run(lab: Lab): Promise<void>;
  /** Runs after the method whatever happened (after the lab reverts its own faults). */
  rollback?(lab: Lab): Promise<void>;
}

/** A fault in place; `revert()` is idempotent (a finally block and the runner may both call it). */
export interface FaultHandle {
  readonly kind: string;
  readonly target: string;
  /** Epoch ms. */
  readonly injectedAt: number;
  revert(): Promise<void>;
}

export interface PodInfo {
  name: string;
  deployment: string;
  ready: boolean;
  phase: string;
  restarts: number;
}

export interface DeploymentHandle {
  readonly name: string;
  list(): PodInfo[];
  /** SIGKILL one pod (a seeded-random ready one unless named); its controller replaces it. */
  kill(pod?: string): Promise<FaultHandle>;
  /** SIGKILL every pod but one (the survivor picked by the seeded generator). */
  killAllButOne(): Promise<FaultHandle>;
  /** Freeze a pod's process (SIGSTOP) for `forMs`, or until reverted; its probes time out meanwhile. */
  pause(options: { pod?: string; forMs?: number }): Promise<FaultHandle>;
  /** Roll out a new template version (default: a new APP_VERSION) and wait for it to complete. */
  rollout(change?: { version?: string; env?: Record<string, string> }): Promise<void>;
  /** Current desired replicas (the HPA may change it). */
  replicas(): number;
}

export type LinkName = 'ingress-backend' | 'backend-database';

export interface ToxicSpec {
  /** A Toxiproxy toxic type: latency, bandwidth, timeout, reset_peer, slow_close, slicer, limit_data. */
  type: string;
  attributes: Record<string, number>;
  stream?: 'upstream' | 'downstream';
  toxicity?: number;
}

export interface Lab {
  /** The run's seed; every random choice below derives from it. */
  readonly seed: number;
  /** Seeded random number in [0, 1). */
  random(): number;
  pick<T>(items: readonly T[]): T;
  deployment(name: 'backend' | 'frontend' | (string & {})): DeploymentHandle;
  database: {
    /** The primary crashes (SIGKILL); after the detection delay the standby is promoted and the proxy re-pointed. */
    killPrimary(): Promise<FaultHandle>;
    /** The same as killPrimary, named for what an operator asks for (RDS "reboot with failover"). */
    failover(): Promise<FaultHandle>;
  };
  network: {
    latency(link: LinkName, options: { latencyMs: number; jitterMs?: number }): Promise<FaultHandle>;
    /** Connections are reset after `timeoutMs` (0: at once). */
    resetPeer(link: LinkName, options?: { timeoutMs?: number; toxicity?: number }): Promise<FaultHandle>;
    toxic(link: LinkName, toxic: ToxicSpec): Promise<FaultHandle>;
  };
  load: {
    /** Starts load (already running from the scenario's `load` unless stopped). */
    start(rps?: number): Promise<void>;
    stop(): Promise<void>;
    /** Changes the arrival rate linearly to `rps` over `overMs`. */
    ramp(rps: number, overMs: number): Promise<void>;
    /** Multiplies the arrival rate by `factor` for `forMs`, then returns to the rate before. */
    spike(factor: number, forMs: number): Promise<void>;
    /** The current arrival rate. */
    rate(): number;
  };
  /** Resolves once the SLO has held for `sustainMs` after the latest fault (rejects after `timeoutMs`, default 60000). */
  waitForRecovery(options?: { timeoutMs?: number }): Promise<{ recoveredAt: number }>;
  /** Waits `forMs` while load keeps running (a "hold steady" phase). */
  hold(forMs: number): Promise<void>;
  /** A labelled mark on the report's timeline. */
  mark(label: string): void;
  /** A line in the run's journal. */
  log(message: string): void;
}
