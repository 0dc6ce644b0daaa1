import type { RequestRecord } from '../load/request-record.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import { nearestRank } from './percentiles.js';
import { failed, hasLatency, latencyMs } from './request-outcome.js';

/**
 * The part of an SLO that can be judged over a window of requests (not only over a whole run): the
 * availability floor and the latency ceilings. Recovery ("the SLO holds for a sustained window") and
 * the alert condition ("the SLO is breached over a short window") both judge windows with it.
 */
export interface WindowTargets {
  availability: number;
  p95Ms?: number;
  p99Ms?: number;
}

/**
 * When a scenario sets no availability target, windows are judged against 99%: the same default the
 * steady-state hypothesis uses (lab/scenario/resolve-scenario.ts), so "recovered" and "steady" agree.
 */
export const defaultWindowAvailability = 0.99;

export function windowTargets(slo: SloSpec): WindowTargets {
  return {
    availability: slo.availability ?? defaultWindowAvailability,
    ...(slo.p95Ms !== undefined && { p95Ms: slo.p95Ms }),
    ...(slo.p99Ms !== undefined && { p99Ms: slo.p99Ms }),
  };
}

/**
 * Running counts over a window of records, enough to judge the targets in O(1) as records enter and
 * leave. A nearest-rank p95 ≤ T is the same as "at most n − ⌈0.95 n⌉ of the n latencies exceed T", so
 * counting latencies over each ceiling answers it without sorting (and agrees with percentile()).
 */
export class WindowTally {
  requests = 0;
  failed = 0;
  /** Records with a latency (not dropped), and how many of those exceed each ceiling. */
  timed = 0;
  overP95 = 0;
  overP99 = 0;

  constructor(readonly targets: WindowTargets) {}

  add(record: RequestRecord): void {
    this.#count(record, 1);
  }

  remove(record: RequestRecord): void {
    this.#count(record, -1);
  }

  #count(record: RequestRecord, sign: 1 | -1): void {
    this.requests += sign;
    if (failed(record)) this.failed += sign;
    if (!hasLatency(record)) return;
    this.timed += sign;
    const latency = latencyMs(record);
    if (this.targets.p95Ms !== undefined && latency > this.targets.p95Ms) this.overP95 += sign;
    if (this.targets.p99Ms !== undefined && latency > this.targets.p99Ms) this.overP99 += sign;
  }

  /** Whether the window meets every target; an empty window proves nothing, so it does not. */
  holds(): boolean {
    return this.breach() === undefined;
  }

  /** The first target the window misses, in words (undefined when all are met). */
  breach(): string | undefined {
    if (this.requests === 0) return 'no requests';
    const availability = (this.requests - this.failed) / this.requests;
    if (availability < this.targets.availability - 1e-12)
      return `availability ${formatPercent(availability)} (${this.requests - this.failed} of ${this.requests} succeeded) < ${formatPercent(this.targets.availability)}`;
    if (this.targets.p95Ms !== undefined && this.overP95 > this.timed - nearestRank(95, this.timed))
      return `p95 > ${this.targets.p95Ms} ms`;
    if (this.targets.p99Ms !== undefined && this.overP99 > this.timed - nearestRank(99, this.timed))
      return `p99 > ${this.targets.p99Ms} ms`;
    return undefined;
  }
}

/** 0.995 → "99.5%", 1 → "100%": at most two decimals, no trailing zeros. */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(2))}%`;
}
