import type { RequestRecord } from '../load/request-record.js';
import type { SteadyStateResult } from '../report/report-model.js';
import { nearestRank, percentile } from './percentiles.js';
import { failed, hasLatency, latencyMs } from './request-outcome.js';
import { formatPercent } from './slo-window.js';

/** The steady state with every default filled in (lab/scenario/resolve-scenario.ts does that). */
export interface SteadyStateProbes {
  windowMs: number;
  availability: number;
  p99Ms?: number;
}

export interface SteadyStateOptions {
  when: SteadyStateResult['when'];
  /** Epoch ms the window ends (it covers requests scheduled in [endAt − windowMs, endAt)). */
  endAt: number;
  spec: SteadyStateProbes;
}

/**
 * The steady-state hypothesis, Chaos Toolkit style: probes with tolerances, measured over a window of
 * requests that ends at `endAt`; it holds only when every probe is within its tolerance. An empty window
 * is evidence of nothing, so the availability probe fails on it (a run whose starting steady state
 * cannot be shown is inconclusive, never a pass).
 *
 * The window is judged on the records given: requests still in flight at `endAt` are not among them, so
 * a caller reading live records should end the window a little before now.
 */
export function checkSteadyState(
  records: readonly RequestRecord[],
  options: SteadyStateOptions,
): SteadyStateResult {
  const { endAt, spec } = options;
  const from = endAt - spec.windowMs;
  const inWindow = records.filter((r) => r.scheduledAt >= from && r.scheduledAt < endAt);
  const probes = [availabilityProbe(inWindow, spec.availability)];
  if (spec.p99Ms !== undefined) probes.push(p99Probe(inWindow, spec.p99Ms));
  return {
    when: options.when,
    holds: probes.every((p) => p.pass),
    windowMs: spec.windowMs,
    probes,
  };
}

type Probe = SteadyStateResult['probes'][number];

function availabilityProbe(records: readonly RequestRecord[], minimum: number): Probe {
  const tolerance = `≥ ${formatPercent(minimum)}`;
  if (records.length === 0)
    return { name: 'availability', tolerance, actual: 'no requests in the window', pass: false };
  const ok = records.filter((r) => !failed(r)).length;
  const availability = ok / records.length;
  return {
    name: 'availability',
    tolerance,
    actual: `${formatPercent(availability)} (${ok} of ${records.length} requests succeeded)`,
    pass: availability >= minimum,
  };
}

function p99Probe(records: readonly RequestRecord[], maximumMs: number): Probe {
  const tolerance = `≤ ${maximumMs} ms`;
  const sorted = records
    .filter(hasLatency)
    .map(latencyMs)
    .sort((a, b) => a - b);
  const p99 = percentile(sorted, 99);
  if (p99 === undefined)
    return { name: 'p99 latency', tolerance, actual: 'no request was sent in the window', pass: false };
  return {
    name: 'p99 latency',
    tolerance,
    actual: `${Math.round(p99)} ms (nearest rank ${nearestRank(99, sorted.length)} of ${sorted.length})`,
    pass: p99 <= maximumMs,
  };
}
