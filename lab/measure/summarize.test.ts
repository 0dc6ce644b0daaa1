import { describe, expect, it } from 'vitest';
import { summarize } from './index.js';
import { request, stretch } from './test/synthetic-load.js';

describe('summarize', () => {
  it('counts requests, failures and availability over every request scheduled', () => {
    const records = [
      ...stretch({ fromMs: 0, toMs: 1000, rps: 90 }),
      ...stretch({ fromMs: 1000, toMs: 1100, rps: 100, errorKind: 'http_5xx' }),
    ];
    const results = summarize(records);
    expect(results).toMatchObject({ requests: 100, failed: 10, dropped: 0, availability: 0.9 });
  });

  it('counts requests the open model could not send on schedule as dropped AND failed', () => {
    const records = [
      ...stretch({ fromMs: 0, toMs: 1000, rps: 8 }),
      ...stretch({ fromMs: 1000, toMs: 1200, rps: 10, errorKind: 'dropped' }),
    ];
    expect(summarize(records)).toMatchObject({ requests: 10, failed: 2, dropped: 2, availability: 0.8 });
  });

  it('takes latency from when a request was due, and leaves dropped requests out of latency', () => {
    const late = {
      ...request(0),
      sentAt: request(0).scheduledAt + 300,
      finishedAt: request(0).scheduledAt + 310,
    };
    const neverSent = { ...request(5, { errorKind: 'dropped' }), finishedAt: request(5).scheduledAt + 9000 };
    const results = summarize([late, neverSent]);
    expect(results.p50Ms).toBe(310);
    expect(results.p99Ms).toBe(310);
  });

  it('counts failed GETs apart from other failed requests', () => {
    const records = [
      request(0, { errorKind: 'timeout', method: 'GET' }),
      request(10, { errorKind: 'http_5xx', method: 'POST' }),
      request(20, { method: 'GET' }),
    ];
    expect(summarize(records).failedGets).toBe(1);
  });

  it('reports the rate requests were actually sent at', () => {
    expect(summarize(stretch({ fromMs: 0, toMs: 10_000, rps: 50 })).achievedRps).toBe(50);
  });

  it('leaves availability and latency out when nothing was scheduled', () => {
    expect(summarize([])).toEqual({ requests: 0, failed: 0, dropped: 0, failedGets: 0 });
  });
});
