import type { ErrorKind, RequestRecord } from '../load/request-record.js';
import type { TimelineBucket } from '../report/report-model.js';
import { latencyPercentiles } from './percentiles.js';
import { latencies } from './request-outcome.js';

export interface TimelineOptions {
  /** Epoch ms the scenario's load started; bucket offsets are measured from it. */
  t0: number;
  /** Epoch ms the load stopped; the last bucket ends here (it may be shorter than bucketMs). */
  endAt: number;
  /** At most 1000 ms (the resolution); default 1000. */
  bucketMs?: number;
}

export const maxBucketMs = 1000;

/**
 * The run second by second (or finer): requests, failures by kind and latency percentiles per bucket.
 * A request is counted in the bucket where it was SCHEDULED, whether it finished later or was dropped:
 * an interval's availability is about the requests that were due in it (DESIGN.md "What measured
 * means"), so a stall shows up where shoppers arrived, not seconds later when their timeouts fired.
 * The latency percentiles use the same assignment, so a bucket's p99 is what the shoppers who arrived
 * in it waited.
 *
 * Buckets are laid on a grid from t0 and cover [t0, endAt); empty ones are kept (a gap in a chart is
 * information). A record scheduled outside that range widens it rather than being lost.
 */
export function buildTimeline(records: readonly RequestRecord[], options: TimelineOptions): TimelineBucket[] {
  const { t0, endAt } = options;
  const bucketMs = options.bucketMs ?? maxBucketMs;
  if (!(bucketMs > 0 && bucketMs <= maxBucketMs))
    throw new RangeError(`bucketMs must be more than 0 and at most ${maxBucketMs} ms, got ${bucketMs}`);
  if (!(endAt >= t0)) throw new RangeError(`endAt (${endAt}) must not be before t0 (${t0})`);

  const endOffset = endAt - t0;
  const indexOf = (at: number) => Math.floor((at - t0) / bucketMs);
  const grouped = new Map<number, RequestRecord[]>();
  let first = 0;
  let last = Math.ceil(endOffset / bucketMs) - 1;
  for (const r of records) {
    const index = indexOf(r.scheduledAt);
    first = Math.min(first, index);
    last = Math.max(last, index);
    const list = grouped.get(index);
    if (list) list.push(r);
    else grouped.set(index, [r]);
  }

  const buckets: TimelineBucket[] = [];
  for (let index = first; index <= last; index += 1) {
    const startMs = index * bucketMs;
    const list = grouped.get(index) ?? [];
    // The bucket endAt falls in is cut short there (unless a stray record was scheduled after endAt).
    const straddlesEnd = startMs < endOffset && endOffset < startMs + bucketMs;
    const lateRecord = list.some((r) => r.scheduledAt - t0 >= endOffset);
    buckets.push(bucket(startMs, straddlesEnd && !lateRecord ? endOffset - startMs : bucketMs, list));
  }
  return buckets;
}

function bucket(startMs: number, durationMs: number, records: readonly RequestRecord[]): TimelineBucket {
  const failuresByKind: Partial<Record<ErrorKind, number>> = {};
  let failed = 0;
  for (const r of records) {
    if (r.errorKind === undefined) continue;
    failed += 1;
    failuresByKind[r.errorKind] = (failuresByKind[r.errorKind] ?? 0) + 1;
  }
  return {
    startMs,
    durationMs,
    requests: records.length,
    failed,
    failuresByKind,
    ...latencyPercentiles(latencies(records)),
  };
}
