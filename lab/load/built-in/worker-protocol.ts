import type { JourneyName } from '../../scenario/scenario-types.js';
import type { Shoppers } from '../journeys/journey-types.js';
import type { RateCommand } from '../rate-plan.js';
import type { OrderAttempt, RequestRecord } from '../request-record.js';

/** Messages between the main thread and the built-in generator's worker thread. */
export interface WorkerConfig {
  baseUrl: string;
  shoppers: Shoppers;
  journeys: Record<JourneyName, number>;
  seed: number;
  rps: number;
  requestTimeoutMs: number;
  maxDurationMs: number;
  maxArrivals: number;
  maxConcurrency: number;
  lateToleranceMs: number;
  /** Makes idempotency keys unique across runs against the same database. */
  runNonce: string;
}

export type ToWorker = RateCommand | { type: 'stop' };

export type FromWorker =
  | { type: 'ready'; startAt: number }
  | { type: 'batch'; records: RequestRecord[]; orders: OrderAttempt[] }
  | { type: 'done'; reason: 'stopped' | 'maxDuration' | 'maxArrivals'; arrivals: number };
