import type { FaultReport, ScenarioReport } from '../report-model.js';
import type { FigureUnit } from './fidelity-model.js';

/**
 * The figures a fidelity comparison puts side by side, and the floor of each.
 *
 * Two figures "differ" when BOTH hold:
 * - their relative difference |a − b| / max(|a|, |b|) is above the threshold (default 20 %); it is 0
 *   when both are 0, and with more than two runs it is taken between the largest and the smallest;
 * - their absolute difference is above the metric's floor below. A ratio alone calls 0 vs 1 failed GET
 *   or 4 ms vs 9 ms p50 "100 %" or "56 %" different; those are noise of one run, not a profile that
 *   behaves differently. Each floor is about the measurement's own resolution.
 *
 * `relativeOf` changes what the ratio is taken of, where the raw figure would hide the difference.
 */
export interface FigureMetric<Source> {
  metric: string;
  title: string;
  unit: FigureUnit;
  floor: number;
  absentAs: string;
  read(source: Source): number | undefined;
  /** The value the relative difference is computed on (default: the figure itself). */
  relativeOf?(value: number): number;
}

export const scenarioMetrics: readonly FigureMetric<ScenarioReport>[] = [
  {
    // Availability lives near 1, so its own ratio never passes 20 % short of an outage: 99.9 % vs 95 %
    // is a 5 % ratio, yet one profile fails 50 times as many requests. The ratio is taken of the share
    // that FAILED (1 − availability) instead. Floor: half a percentage point (9 requests of a 1,800-
    // request run), below which a few unlucky requests decide it.
    metric: 'availability',
    title: 'availability',
    unit: 'ratio',
    floor: 0.005,
    absentAs: '—',
    read: (s) => s.results.availability,
    relativeOf: (availability) => 1 - availability,
  },
  // Latency: 50 ms, above timer and scheduling jitter on a loaded 2-core machine and the extra hop of
  // Docker's network, so only a behaviour (a retry, a timeout, a slow failover) clears it.
  { metric: 'p50Ms', title: 'p50', unit: 'ms', floor: 50, absentAs: '—', read: (s) => s.results.p50Ms },
  { metric: 'p99Ms', title: 'p99', unit: 'ms', floor: 50, absentAs: '—', read: (s) => s.results.p99Ms },
  // Counts: one request, so 0 vs 1 (one request that met a dying connection) is not a difference.
  {
    metric: 'failed',
    title: 'failed requests',
    unit: 'requests',
    floor: 1,
    absentAs: '—',
    read: (s) => s.results.failed,
  },
  {
    metric: 'failedGets',
    title: 'failed GETs',
    unit: 'requests',
    floor: 1,
    absentAs: '—',
    read: (s) => s.results.failedGets,
  },
  // Recovery is measured on the timeline's 1 s buckets: one bucket apart is the measurement's grain.
  {
    metric: 'timeToRecoverMs',
    title: 'time to recover',
    unit: 'ms',
    floor: 1000,
    absentAs: '—',
    read: (s) => s.results.timeToRecoverMs,
  },
  // RPO: no floor. An acknowledged order lost is never noise; 0 vs 1 is the difference that matters.
  {
    metric: 'lostOrders',
    title: 'lost orders (RPO)',
    unit: 'orders',
    floor: 0,
    absentAs: 'not checked',
    read: (s) => s.results.lostOrders,
  },
];

export const faultMetrics: readonly FigureMetric<FaultReport>[] = [
  // Detection comes from probe flips and endpoint changes, timed to the event; half a second is well
  // below any probe period in k8s/ (the shortest, startup's, is 2 s), so a different probe behaviour
  // clears it and event-delivery jitter does not.
  {
    metric: 'timeToDetectMs',
    title: 'time to detect',
    unit: 'ms',
    floor: 500,
    absentAs: 'not detected',
    read: (f) => f.timeToDetectMs,
  },
  {
    metric: 'timeToRecoverMs',
    title: 'time to recover',
    unit: 'ms',
    floor: 1000,
    absentAs: 'not recovered',
    read: (f) => f.timeToRecoverMs,
  },
];
