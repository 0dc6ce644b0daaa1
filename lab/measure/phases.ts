import type { RequestRecord } from '../load/request-record.js';
import type { Phase } from '../report/report-model.js';
import { latencyPercentiles } from './percentiles.js';
import { failed, latencies } from './request-outcome.js';

export interface PhasesOptions {
  /** Epoch ms the scenario's load started. */
  t0: number;
  /** Epoch ms of the first fault's injection; without one the whole run is a single `before` phase. */
  firstInjectedAt?: number;
  /** Epoch ms the system recovered (for several faults: the latest recovery). */
  recoveredAt?: number;
  /** Epoch ms the fault was taken away; ends `during` when the system never recovered. */
  revertedAt?: number;
  /** Epoch ms the load stopped. */
  endAt: number;
}

/**
 * Availability and latency before, during and after the faults, each request counted in the phase it
 * was scheduled in. `before` is t0 → first injection; `during` is injection → recovery, or → revert if
 * the SLO never held again, or → the end if neither happened; `after` is the rest (absent when `during`
 * reaches the end).
 */
export function phases(records: readonly RequestRecord[], options: PhasesOptions): Phase[] {
  const { t0, endAt, firstInjectedAt } = options;
  const spans: { name: Phase['name']; from: number; to: number }[] = [];
  if (firstInjectedAt === undefined) spans.push({ name: 'before', from: t0, to: endAt });
  else {
    const duringEnd = Math.min(endAt, options.recoveredAt ?? options.revertedAt ?? endAt);
    spans.push({ name: 'before', from: t0, to: firstInjectedAt });
    spans.push({ name: 'during', from: firstInjectedAt, to: duringEnd });
    if (duringEnd < endAt) spans.push({ name: 'after', from: duringEnd, to: endAt });
  }
  // Every record lands in exactly one phase: the last one starting at or before its scheduled time
  // (so a stray record before t0 joins `before`, one after endAt the last phase).
  const grouped = spans.map(() => [] as RequestRecord[]);
  for (const r of records) {
    let index = 0;
    while (index + 1 < spans.length && spans[index + 1]!.from <= r.scheduledAt) index += 1;
    grouped[index]!.push(r);
  }
  return spans.map((span, index) => phase(span, t0, grouped[index]!));
}

function phase(
  span: { name: Phase['name']; from: number; to: number },
  t0: number,
  records: readonly RequestRecord[],
): Phase {
  const failures = records.filter(failed).length;
  return {
    name: span.name,
    // To a tenth of a millisecond: more digits are clock noise in a report.
    startMs: Math.round((span.from - t0) * 10) / 10,
    endMs: Math.round((span.to - t0) * 10) / 10,
    requests: records.length,
    failed: failures,
    ...(records.length > 0 && { availability: (records.length - failures) / records.length }),
    ...latencyPercentiles(latencies(records)),
  };
}
