import type { RequestRecord } from '../load/request-record.js';
import type { SloSpec } from '../scenario/scenario-types.js';
import { byScheduledAt, failed } from './request-outcome.js';
import { WindowTally, windowTargets } from './slo-window.js';

export interface RecoveryOptions {
  /** Epoch ms the scenario's load started (kept for symmetry with the other measures; not needed here). */
  t0: number;
  /** Epoch ms to look from (the fault's injection). */
  from: number;
  /** Epoch ms up to which records are complete (the load's end, or "now" minus in-flight margin). */
  until: number;
  slo: SloSpec;
  /** How long the SLO must hold; default the SLO's sustainMs, else 5000 ms. */
  sustainMs?: number;
}

export const defaultSustainMs = 5000;

/**
 * The recovery moment (epoch ms): the first moment after `from` from which the SLO holds for a sustained
 * window. Judged with a window that slides over the records, not on bucket edges:
 *
 * - a candidate moment is the scheduled time of a SUCCESSFUL request at or after `from` (a recovery
 *   cannot begin with a failure);
 * - the window is [candidate, candidate + sustainMs) and must end by `until`: a window the records do
 *   not yet cover proves nothing;
 * - the SLO's availability and latency targets must hold for every prefix of the window, taken request
 *   by request (scheduled order). Judging only the window's total would let a lax target (80%) call a
 *   recovery while the outage still had a second to run; judging prefixes makes the moment the start of
 *   a stretch that is good from its first request on and stays good for the whole window.
 *
 * A brief good patch shorter than the window therefore never counts: the failures after it break a
 * prefix. Undefined when no such moment exists yet.
 */
export function findRecovery(
  records: readonly RequestRecord[],
  options: RecoveryOptions,
): number | undefined {
  const sustainMs = options.sustainMs ?? options.slo.sustainMs ?? defaultSustainMs;
  const targets = windowTargets(options.slo);
  const sorted = byScheduledAt(records.filter((r) => r.scheduledAt >= options.from));

  for (let start = 0; start < sorted.length; start += 1) {
    const candidate = sorted[start]!;
    if (failed(candidate)) continue;
    const windowEnd = candidate.scheduledAt + sustainMs;
    if (windowEnd > options.until) return undefined;
    if (holdsThroughout(sorted, start, windowEnd, new WindowTally(targets))) return candidate.scheduledAt;
  }
  return undefined;
}

function holdsThroughout(
  sorted: readonly RequestRecord[],
  start: number,
  windowEnd: number,
  tally: WindowTally,
): boolean {
  for (let i = start; i < sorted.length && sorted[i]!.scheduledAt < windowEnd; i += 1) {
    tally.add(sorted[i]!);
    if (!tally.holds()) return false;
  }
  return true;
}
