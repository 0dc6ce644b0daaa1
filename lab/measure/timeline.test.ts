import { describe, expect, it } from 'vitest';
import { buildTimeline } from './index.js';
import { request, stretch, t0 } from './test/synthetic-load.js';

describe('buildTimeline', () => {
  it('cuts the run into one-second buckets from t0, the last one ending at endAt', () => {
    const timeline = buildTimeline(stretch({ fromMs: 0, toMs: 2500, rps: 10 }), { t0, endAt: t0 + 2500 });
    expect(timeline.map((b) => [b.startMs, b.durationMs, b.requests])).toEqual([
      [0, 1000, 10],
      [1000, 1000, 10],
      [2000, 500, 5],
    ]);
  });

  it('counts a request in the bucket where it was scheduled, not where it finished', () => {
    const slow = { ...request(900), finishedAt: t0 + 5900 };
    const [first, second] = buildTimeline([slow], { t0, endAt: t0 + 2000 });
    expect(first!.requests).toBe(1);
    expect(first!.p99Ms).toBe(5000);
    expect(second!.requests).toBe(0);
  });

  it('puts dropped requests in the bucket they were due in, as failures of kind dropped', () => {
    const records = [
      ...stretch({ fromMs: 0, toMs: 1000, rps: 10 }),
      ...stretch({ fromMs: 1000, toMs: 2000, rps: 10, errorKind: 'dropped' }),
    ];
    const [, second] = buildTimeline(records, { t0, endAt: t0 + 2000 });
    expect(second).toMatchObject({ requests: 10, failed: 10, failuresByKind: { dropped: 10 } });
    expect(second!.p50Ms).toBeUndefined();
  });

  it('counts failures by kind and gives each bucket its own percentiles', () => {
    const records = [
      request(100, { errorKind: 'http_5xx' }),
      request(200, { errorKind: 'connection_reset' }),
      request(300, { errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 1000, toMs: 2000, rps: 100, latencyMs: 40 }),
    ];
    const [first, second] = buildTimeline(records, { t0, endAt: t0 + 2000 });
    expect(first!.failuresByKind).toEqual({ http_5xx: 2, connection_reset: 1 });
    expect(second).toMatchObject({ failed: 0, failuresByKind: {}, p50Ms: 40, p95Ms: 40, p99Ms: 40 });
  });

  it('keeps empty buckets, so a stall is a visible gap', () => {
    const records = [request(100), request(3100)];
    expect(buildTimeline(records, { t0, endAt: t0 + 4000 }).map((b) => b.requests)).toEqual([1, 0, 0, 1]);
  });

  it('makes finer buckets on request, but never coarser than one second', () => {
    const records = stretch({ fromMs: 0, toMs: 1000, rps: 10 });
    expect(buildTimeline(records, { t0, endAt: t0 + 1000, bucketMs: 250 }).map((b) => b.requests)).toEqual([
      3, 2, 3, 2,
    ]);
    expect(() => buildTimeline(records, { t0, endAt: t0 + 1000, bucketMs: 5000 })).toThrow(/at most 1000 ms/);
  });

  it('widens the range for a record scheduled after endAt instead of losing it', () => {
    const timeline = buildTimeline([request(100), request(1500)], { t0, endAt: t0 + 1000 });
    expect(timeline.reduce((n, b) => n + b.requests, 0)).toBe(2);
  });
});
