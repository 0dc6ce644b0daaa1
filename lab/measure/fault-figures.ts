import type { RequestRecord } from '../load/request-record.js';
import type { FaultReport } from '../report/report-model.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import { timeToDetect } from './detection.js';
import { errorBudgetSpent } from './error-budget.js';
import type { FaultInput, TopologyEvent } from './fault-input.js';
import { findImpact } from './impact.js';
import { findRecovery } from './recovery.js';
import { failed } from './request-outcome.js';

export interface FaultFiguresOptions {
  /** Epoch ms the scenario's load started; every `...Ms` offset is from it. */
  t0: number;
  fault: FaultInput;
  events: readonly TopologyEvent[];
  slo: SloSpec;
  /** Default: the SLO's sustainMs, else 5000 ms. */
  sustainMs?: number;
  /** Epoch ms up to which the records are complete (the load's end). */
  until: number;
}

/**
 * One fault's figures for the report: injected, impact, detection and recovery moments (offsets from
 * t0) and durations from injection; the requests that failed while the fault lasted — those that
 * finished after injection and were scheduled before recovery (or before `until` when it never
 * recovered: everything after an unrecovered fault is its doing) — and the error budget they spent.
 */
export function faultFigures(records: readonly RequestRecord[], options: FaultFiguresOptions): FaultReport {
  const { t0, fault, slo, until } = options;
  const { injectedAt } = fault;
  const impactAt = findImpact(records, fault, slo);
  const detection = timeToDetect(options.events, fault, records, slo);
  const recoveredAt = findRecovery(records, {
    t0,
    from: injectedAt,
    until,
    slo,
    ...(options.sustainMs !== undefined && { sustainMs: options.sustainMs }),
  });
  const faultEnd = recoveredAt ?? until;
  const failedRequests = records.filter(
    (r) => failed(r) && r.finishedAt >= injectedAt && r.scheduledAt < faultEnd,
  ).length;
  const budget =
    slo.availability === undefined
      ? undefined
      : errorBudgetSpent({
          failed: failedRequests,
          requests: records.length,
          availabilityTarget: slo.availability,
        });

  // Offsets and durations to a tenth of a millisecond: more digits are clock noise in a report.
  const offset = (at: number) => tenth(at - t0);
  const since = (at: number) => tenth(at - injectedAt);
  return {
    kind: fault.kind,
    target: fault.target,
    ...(fault.detail && Object.keys(fault.detail).length > 0 && { detail: fault.detail }),
    injectedAt: new Date(injectedAt).toISOString(),
    injectedAtMs: offset(injectedAt),
    ...(impactAt !== undefined && { impactAtMs: offset(impactAt), timeToImpactMs: since(impactAt) }),
    ...(detection && {
      detectedAtMs: offset(detection.detectedAt),
      timeToDetectMs: since(detection.detectedAt),
      detectedBy: detection.detectedBy,
    }),
    ...(recoveredAt !== undefined && {
      recoveredAtMs: offset(recoveredAt),
      timeToRecoverMs: since(recoveredAt),
    }),
    ...(fault.revertedAt !== undefined && { revertedAtMs: offset(fault.revertedAt) }),
    failedRequests,
    ...(budget !== undefined && { errorBudgetSpent: budget }),
  };
}

function tenth(ms: number): number {
  return Math.round(ms * 10) / 10;
}
