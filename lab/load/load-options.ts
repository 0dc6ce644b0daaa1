import type { JourneyName } from '../scenario/scenario-types.js';
import type { Shoppers } from './journeys/journey-types.js';
import type { OrderAttempt, RequestRecord } from './request-record.js';

export type GeneratorChoice = 'auto' | 'built-in' | 'k6';

export interface StartLoadOptions {
  /** The ingress origin on loopback, e.g. `http://127.0.0.1:8080` (the API is under `/api`). */
  baseUrl: string;
  shoppers: Shoppers;
  /** Journeys started per second (open model). */
  rps: number;
  /** Journey weights; missing journeys get weight 0. */
  journeys: Partial<Record<JourneyName, number>>;
  seed: number;
  generator: GeneratorChoice;
  /** Per request (default 5000). */
  requestTimeoutMs?: number;
  /** Hard stop: the load ends by itself this long after it started. Required. */
  maxDurationMs: number;
  /** Temp files (worker bundle, k6 script and output); the caller owns and removes it. */
  workDir: string;
  /** Labels the k6 processes (run-label.ts) so a later run reaps them if this one dies. */
  runId: string;
  /** Hard bound on journeys started, drops included (default 1,000,000). */
  maxArrivals?: number;
  /** Journeys in flight at once; an arrival beyond it is dropped (default 1000). */
  maxConcurrency?: number;
  /** Built-in only: how late an arrival may start before it counts as dropped (default 250 ms). */
  lateToleranceMs?: number;
  /** Where to find k6 (default: `k6` on PATH). */
  k6Path?: string;
}

export interface RunningLoad {
  /** "built-in open-model generator" or "k6 v1.x.y". */
  readonly generator: string;
  /** The arrival rate in force now, spikes included (journeys/s). */
  rate(): number;
  /** Resolves once the new rate is in force (k6: after the new segment took over). */
  setRate(rps: number): Promise<void>;
  /** Changes the rate linearly to `rps` over `overMs`; resolves when the ramp has begun. */
  ramp(rps: number, overMs: number): Promise<void>;
  /** Multiplies the rate by `factor` for `forMs`; resolves when the spike has begun. */
  spike(factor: number, forMs: number): Promise<void>;
  /** Live: grows as requests finish. */
  records(): readonly RequestRecord[];
  orders(): readonly OrderAttempt[];
  /** Resolves when the load has ended, by itself (maxDurationMs, maxArrivals) or through stop(). */
  readonly finished: Promise<void>;
  /** Idempotent. No new journey or step starts; in-flight requests end within requestTimeoutMs. */
  stop(): Promise<{ records: RequestRecord[]; orders: OrderAttempt[] }>;
}

export const defaultRequestTimeoutMs = 5000;
export const defaultMaxArrivals = 1_000_000;
export const defaultMaxConcurrency = 1000;
/**
 * A late start is no hidden gain: latency counts from the scheduled time (finishedAt - scheduledAt), so a
 * start a few ms late shows as latency. Only a generator so far behind that it cannot keep its schedule
 * at all drops. At 25 ms, GC pauses and a busy 2-core machine dropped requests the shop never saw (k6
 * drops only when no VU is free); 250 ms still catches a generator that is falling behind.
 */
export const defaultLateToleranceMs = 250;
/** Above this, a typo (50000 for 50) is likelier than intent; the lab's loopback shop cannot take it anyway. */
export const maxRps = 20_000;
