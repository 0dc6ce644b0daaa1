import type { ErrorKind, RequestRecord } from '../../load/request-record.js';

/** Epoch ms every synthetic run starts at (a fixed, readable instant). */
export const t0 = Date.UTC(2025, 0, 1);

export interface StretchOptions {
  /** Offset from t0 (ms) of the first request. */
  fromMs: number;
  toMs: number;
  /** Requests per second, evenly spaced. */
  rps: number;
  /** Latency of each request that is sent. */
  latencyMs?: number;
  /** Every request of the stretch fails this way (dropped ones get no sentAt). */
  errorKind?: ErrorKind;
  method?: string;
}

/**
 * Requests scheduled at a constant rate over [fromMs, toMs): a synthetic request log with the shape the
 * load generators record, so measurement can be checked against figures worked out by hand.
 */
export function stretch(options: StretchOptions): RequestRecord[] {
  const { fromMs, toMs, rps, latencyMs = 20, errorKind, method = 'GET' } = options;
  const gapMs = 1000 / rps;
  const records: RequestRecord[] = [];
  for (let at = fromMs; at < toMs - 1e-9; at += gapMs) {
    const scheduledAt = t0 + at;
    records.push(
      errorKind === 'dropped'
        ? {
            journey: 'browse',
            method,
            route: '/api/products',
            scheduledAt,
            finishedAt: scheduledAt + 1,
            errorKind,
          }
        : {
            journey: 'browse',
            method,
            route: '/api/products',
            scheduledAt,
            sentAt: scheduledAt,
            finishedAt: scheduledAt + latencyMs,
            status: errorKind === undefined ? 200 : 503,
            ...(errorKind !== undefined && { errorKind }),
          },
    );
  }
  return records;
}

/** One request at `atMs` after t0. */
export function request(atMs: number, options: Partial<StretchOptions> = {}): RequestRecord {
  return stretch({ rps: 1, ...options, fromMs: atMs, toMs: atMs + 1 })[0]!;
}
