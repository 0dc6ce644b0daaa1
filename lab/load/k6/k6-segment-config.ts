import type { JourneyName } from '../../scenario/scenario-types.js';
import type { Shoppers } from '../journeys/journey-types.js';

/**
 * What one k6 process (a "segment" of the load) is told, through a JSON file the script opens at init.
 * A segment is one arrival-rate executor: the base load, a replacement after setRate/ramp, or a spike.
 */
export interface K6SegmentConfig {
  baseUrl: string;
  shoppers: Shoppers;
  journeys: Record<JourneyName, number>;
  seed: number;
  /** Segment number (1, 2, ...): the seeded stream its arrivals draw from, and part of its arrival ids. */
  stream: number;
  runNonce: string;
  requestTimeoutMs: number;
  /** GET → `{"stopAt": epochMs | null, "halted": boolean}`: from stopAt on the segment starts no journey. */
  controlUrl: string;
  /** How stale the segment's idea of stopAt may be (see the script). */
  pollMs: number;
  /** Journeys this segment may start (the run's maxArrivals, less what earlier segments started). */
  maxArrivals: number;
  executor:
    | { type: 'constant-arrival-rate'; rps: number; durationMs: number }
    | { type: 'ramping-arrival-rate'; startRps: number; stages: { rps: number; durationMs: number }[] };
  preAllocatedVUs: number;
  maxVUs: number;
  gracefulStopMs: number;
}

/** k6 rates are integers per time unit: per 1000 s keeps three decimals of a journeys/s rate. */
export const k6TimeUnit = '1000s';
export const toK6Rate = (rps: number): number => Math.round(rps * 1000);
