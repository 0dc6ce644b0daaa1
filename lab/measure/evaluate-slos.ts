import type { FaultReport, Results, SloResult } from '../report/report-model.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import { defaultSustainMs } from './recovery.js';
import { formatPercent } from './slo-window.js';

/**
 * One SloResult per target the scenario set (unset ones are not judged), in a fixed order, each with a
 * description a person can read in the report without knowing the field names. `sustainMs` is not a
 * target of its own: it is how recovery is judged, and appears in the recovery target's description.
 */
export function evaluateSlos(
  slo: SloSpec,
  results: Results,
  faults: readonly Pick<FaultReport, 'kind' | 'target' | 'timeToRecoverMs'>[],
): SloResult[] {
  const out: SloResult[] = [];
  if (slo.availability !== undefined)
    out.push(
      atLeast(
        'availability',
        `At least ${formatPercent(slo.availability)} of scheduled requests succeed (dropped and failed requests count against it)`,
        slo.availability,
        results.availability,
      ),
    );
  if (slo.p95Ms !== undefined)
    out.push(
      atMost(
        'p95Ms',
        `95% of requests answer within ${slo.p95Ms} ms, timed from when each was due`,
        slo.p95Ms,
        results.p95Ms,
        'ms',
      ),
    );
  if (slo.p99Ms !== undefined)
    out.push(
      atMost(
        'p99Ms',
        `99% of requests answer within ${slo.p99Ms} ms, timed from when each was due`,
        slo.p99Ms,
        results.p99Ms,
        'ms',
      ),
    );
  if (slo.maxFailedGets !== undefined)
    out.push(
      atMost(
        'failedGets',
        slo.maxFailedGets === 0
          ? 'No GET request fails (reads survive the fault)'
          : `At most ${slo.maxFailedGets} GET requests fail`,
        slo.maxFailedGets,
        results.failedGets,
        'requests',
      ),
    );
  if (slo.recoverWithinMs !== undefined) out.push(recovery(slo, faults));
  if (slo.maxLostOrders !== undefined)
    out.push(
      atMost(
        'lostOrders',
        slo.maxLostOrders === 0
          ? 'No acknowledged order is lost (RPO 0 orders)'
          : `At most ${slo.maxLostOrders} acknowledged orders are lost (RPO)`,
        slo.maxLostOrders,
        results.lostOrders,
        'orders',
      ),
    );
  return out;
}

/**
 * Every fault must recover within the target; the worst one is reported. A fault that never recovered
 * fails it (and has no figure); with no fault at all there was nothing to recover from, which passes.
 */
function recovery(
  slo: SloSpec,
  faults: readonly Pick<FaultReport, 'kind' | 'target' | 'timeToRecoverMs'>[],
): SloResult {
  const target = slo.recoverWithinMs!;
  const sustainMs = slo.sustainMs ?? defaultSustainMs;
  const base = `Every fault recovers within ${target} ms: the SLO holds again for ${sustainMs} ms in a row`;
  const unrecovered = faults.filter((f) => f.timeToRecoverMs === undefined);
  if (unrecovered.length > 0)
    return {
      name: 'timeToRecoverMs',
      description: `${base}; not recovered: ${unrecovered.map((f) => `${f.kind} ${f.target}`).join(', ')}`,
      op: '<=',
      target,
      unit: 'ms',
      pass: false,
    };
  if (faults.length === 0)
    return {
      name: 'timeToRecoverMs',
      description: `${base} (no fault was injected)`,
      op: '<=',
      target,
      unit: 'ms',
      pass: true,
    };
  const worst = faults.reduce((a, b) => (b.timeToRecoverMs! > a.timeToRecoverMs! ? b : a));
  return {
    ...atMost(
      'timeToRecoverMs',
      `${base}; slowest: ${worst.kind} ${worst.target}`,
      target,
      worst.timeToRecoverMs,
      'ms',
    ),
  };
}

/** A figure that was not measured (no requests, checks that did not run) cannot show the target is met. */
function atLeast(name: string, description: string, target: number, actual: number | undefined): SloResult {
  return {
    name,
    description,
    op: '>=',
    target,
    ...(actual !== undefined && { actual }),
    pass: actual !== undefined && actual >= target,
  };
}

function atMost(
  name: string,
  description: string,
  target: number,
  actual: number | undefined,
  unit: string,
): SloResult {
  return {
    name,
    description,
    op: '<=',
    target,
    ...(actual !== undefined && { actual }),
    unit,
    pass: actual !== undefined && actual <= target,
  };
}
