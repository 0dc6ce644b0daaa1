/**
 * Percentiles by the nearest-rank definition (the one in most textbooks and in HdrHistogram-style
 * reports): the p-th percentile of n sorted values is the value at 1-based rank ⌈p/100 × n⌉, so it is
 * always a value that was observed, never an interpolation between two. p50 of [1, 2, 3, 4] is 2,
 * p99 of 100 values is the 99th smallest. Hand-written because it is four lines and every other part of
 * measure (the SLO tallies in slo-window.ts) must agree with it exactly.
 */

/** 1-based rank of the p-th percentile among n values (p in 0..100); 0 when n is 0. */
export function nearestRank(p: number, n: number): number {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be between 0 and 100, got ${p}`);
  if (n === 0) return 0;
  // The epsilon keeps float noise (99.9 × 1000 = 99900.00000000001) from pushing the rank up by one.
  return Math.max(1, Math.ceil((p * n) / 100 - 1e-9));
}

/**
 * The p-th percentile (0..100) of values already sorted ascending; undefined for no values.
 * Sorting is the caller's job so that p50, p95 and p99 of one set sort it once.
 */
export function percentile(sortedValues: readonly number[], p: number): number | undefined {
  const rank = nearestRank(p, sortedValues.length);
  return rank === 0 ? undefined : sortedValues[rank - 1];
}

export interface LatencyPercentiles {
  p50Ms?: number;
  p95Ms?: number;
  p99Ms?: number;
}

/** p50/p95/p99 of a set of latencies (any order); fields are absent when there are none. */
export function latencyPercentiles(latencies: readonly number[]): LatencyPercentiles {
  if (latencies.length === 0) return {};
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    p50Ms: round(percentile(sorted, 50)!),
    p95Ms: round(percentile(sorted, 95)!),
    p99Ms: round(percentile(sorted, 99)!),
  };
}

/** Reports show latencies to a tenth of a millisecond; more digits are noise from the clocks. */
function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}
