import type { RequestRecord } from '../load/request-record.js';
import type { Results } from '../report/report-model.js';
import { latencyPercentiles } from './percentiles.js';
import { dropped, failed, latencies } from './request-outcome.js';

/**
 * The run's headline figures from its request records alone. Availability is successful requests over
 * every request scheduled, dropped ones included (DESIGN.md "What measured means"). The figures that
 * need more than records (timeToRecoverMs, errorBudgetSpent, lostOrders) are added by the caller.
 */
export function summarize(records: readonly RequestRecord[]): Results {
  const failures = records.filter(failed);
  const requests = records.length;
  return {
    requests,
    failed: failures.length,
    dropped: failures.filter(dropped).length,
    ...(requests > 0 && { availability: (requests - failures.length) / requests }),
    ...latencyPercentiles(latencies(records)),
    failedGets: failures.filter((r) => r.method.toUpperCase() === 'GET').length,
    ...optional('achievedRps', achievedRps(records)),
  };
}

/**
 * Requests actually sent per second: (sent − 1) over the time between the first and the last send, so
 * n sends at a steady rate r give exactly r. Undefined with fewer than two sends.
 */
export function achievedRps(records: readonly RequestRecord[]): number | undefined {
  let sent = 0;
  let first = Infinity;
  let last = -Infinity;
  // A loop, not Math.min(...all): a long run's records would overflow the call stack.
  for (const { sentAt } of records) {
    if (sentAt === undefined) continue;
    sent += 1;
    first = Math.min(first, sentAt);
    last = Math.max(last, sentAt);
  }
  const spanMs = last - first;
  return sent >= 2 && spanMs > 0 ? Math.round(((sent - 1) / spanMs) * 1000 * 100) / 100 : undefined;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
