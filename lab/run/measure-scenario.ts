import type { FaultEntry } from '../faults/fault-types.js';
import type { RequestRecord } from '../load/request-record.js';
import {
  buildTimeline,
  errorBudgetSpent,
  evaluateSlos,
  faultFigures,
  phases,
  summarize,
} from '../measure/index.js';
import type { FaultReport, Phase, Results, SloResult, TimelineBucket } from '../report/report-model.js';
import type { ResolvedScenario } from '../scenario/resolve-scenario.js';
import type { LabEvent } from './lab-event.js';

export interface ScenarioFigures {
  results: Results;
  timeline: TimelineBucket[];
  phases: Phase[];
  faults: FaultReport[];
  slos: SloResult[];
}

/**
 * What the shoppers felt, from the request records alone (measure's pure functions): the timeline,
 * the run's results, the figures of each fault, the phases around the faults and the SLO verdicts.
 */
export function measureScenario(input: {
  scenario: ResolvedScenario;
  records: readonly RequestRecord[];
  faults: readonly FaultEntry[];
  events: readonly LabEvent[];
  t0: number;
  endAt: number;
  lostOrders?: number;
}): ScenarioFigures {
  const { scenario, records, t0, endAt } = input;
  const { slo } = scenario;
  const faults = input.faults.map((fault) =>
    faultFigures(records, { t0, fault, events: input.events, slo, sustainMs: slo.sustainMs, until: endAt }),
  );
  const summary = summarize(records);
  const recoveries = faults.flatMap((f) => (f.timeToRecoverMs === undefined ? [] : [f.timeToRecoverMs]));
  const results: Results = {
    ...summary,
    ...(recoveries.length > 0 && { timeToRecoverMs: Math.max(...recoveries) }),
    ...(slo.availability !== undefined && {
      errorBudgetSpent: errorBudgetSpent({
        failed: summary.failed,
        requests: summary.requests,
        availabilityTarget: slo.availability,
      }),
    }),
    ...(input.lostOrders !== undefined && { lostOrders: input.lostOrders }),
  };
  const firstInjectedAt = input.faults[0]?.injectedAt;
  // "During" lasts while a fault is in place AND until the shop has recovered: a latency the SLO
  // tolerates is still a fault in place, and a kill is over only once the shop has recovered. A fault
  // with neither (never recovered, never reverted) makes "during" last to the end.
  const ends = faults.map((f) => Math.max(f.recoveredAtMs ?? -Infinity, f.revertedAtMs ?? -Infinity));
  const duringEnd = ends.length > 0 && ends.every(Number.isFinite) ? Math.max(...ends) : undefined;
  return {
    results,
    timeline: buildTimeline(records, { t0, endAt }),
    phases: phases(records, {
      t0,
      ...(firstInjectedAt !== undefined && { firstInjectedAt }),
      ...(duringEnd !== undefined && { recoveredAt: t0 + duringEnd }),
      endAt,
    }),
    faults,
    slos: evaluateSlos(slo, results, faults),
  };
}
