import type { RequestRecord } from '../load/request-record.js';

/**
 * What one request record says about the shopper's experience. Latency is measured from when the open
 * model meant to send the request, not from when it was sent, so a generator falling behind shows up
 * as latency instead of hiding it (no coordinated omission).
 */
export function latencyMs(record: RequestRecord): number {
  return record.finishedAt - record.scheduledAt;
}

/** A request succeeds when it has no errorKind; a dropped one (never sent) is a failure. */
export function failed(record: RequestRecord): boolean {
  return record.errorKind !== undefined;
}

export function dropped(record: RequestRecord): boolean {
  return record.errorKind === 'dropped';
}

/**
 * Whether the record's latency is a measurement. A dropped request was never sent: its "latency" is
 * only how long the generator waited before giving up, so it is left out of latency percentiles (it
 * already counts as a failure). Every request that was sent counts, failed or not: a timed-out
 * request's five seconds are exactly what the shopper felt.
 */
export function hasLatency(record: RequestRecord): boolean {
  return !dropped(record);
}

/** Latencies (ms) of the records that have one, in input order. */
export function latencies(records: readonly RequestRecord[]): number[] {
  return records.filter(hasLatency).map(latencyMs);
}

export function byScheduledAt(records: readonly RequestRecord[]): RequestRecord[] {
  return [...records].sort((a, b) => a.scheduledAt - b.scheduledAt);
}
