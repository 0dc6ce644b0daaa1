import { describe, expect, it } from 'vitest';
import { findRecovery } from './index.js';
import { request, stretch, t0 } from './test/synthetic-load.js';

const slo = { availability: 0.99, sustainMs: 5000 };

describe('findRecovery', () => {
  it('is the first request after the outage from which the SLO holds for the sustained window', () => {
    const records = [
      ...stretch({ fromMs: 0, toMs: 10_000, rps: 20 }),
      ...stretch({ fromMs: 10_000, toMs: 13_000, rps: 20, errorKind: 'connection_refused' }),
      ...stretch({ fromMs: 13_000, toMs: 30_000, rps: 20 }),
    ];
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo })).toBe(t0 + 13_000);
  });

  it('does not count a brief good patch shorter than the sustain window', () => {
    const records = [
      ...stretch({ fromMs: 10_000, toMs: 12_000, rps: 20, errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 12_000, toMs: 14_000, rps: 20 }), // 2 s of success: shorter than 5 s
      ...stretch({ fromMs: 14_000, toMs: 15_000, rps: 20, errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 15_000, toMs: 30_000, rps: 20 }),
    ];
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo })).toBe(t0 + 15_000);
  });

  it('does not call a recovery inside a flapping outage that a lax target tolerates on average', () => {
    // Every other request fails from 10 s to 13 s. With an 80% target, the window [11 s, 16 s) is 80%
    // good in total, but a recovery must be good from its first request on: it starts at 13 s.
    const records = [
      ...stretch({ fromMs: 10_000, toMs: 13_000, rps: 10 }),
      ...stretch({ fromMs: 10_050, toMs: 13_000, rps: 10, errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 13_000, toMs: 30_000, rps: 20 }),
    ];
    const lax = { availability: 0.8, sustainMs: 5000 };
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo: lax })).toBe(t0 + 13_000);
  });

  it('judges between bucket edges: recovery can start mid-second', () => {
    const records = [
      ...stretch({ fromMs: 10_000, toMs: 12_350, rps: 20, errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 12_350, toMs: 30_000, rps: 20 }),
    ];
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo })).toBe(t0 + 12_350);
  });

  it('counts dropped requests as failures that delay recovery', () => {
    const records = [
      ...stretch({ fromMs: 10_000, toMs: 11_000, rps: 20, errorKind: 'dropped' }),
      ...stretch({ fromMs: 11_000, toMs: 30_000, rps: 20 }),
    ];
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo })).toBe(t0 + 11_000);
  });

  it('waits for latency to come back under the SLO ceiling, not only for errors to stop', () => {
    const records = [
      ...stretch({ fromMs: 10_000, toMs: 14_000, rps: 20, latencyMs: 900 }),
      ...stretch({ fromMs: 14_000, toMs: 30_000, rps: 20, latencyMs: 30 }),
    ];
    const latencySlo = { availability: 0.99, p99Ms: 500, sustainMs: 5000 };
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo: latencySlo })).toBe(
      t0 + 14_000,
    );
  });

  it('is undefined while the records do not yet cover a whole sustained window', () => {
    const records = [
      ...stretch({ fromMs: 10_000, toMs: 13_000, rps: 20, errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 13_000, toMs: 17_000, rps: 20 }),
    ];
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 17_000, slo })).toBeUndefined();
  });

  it('is undefined when the load stopped and no request proves the window good', () => {
    const records = [...stretch({ fromMs: 10_000, toMs: 13_000, rps: 20, errorKind: 'http_5xx' })];
    expect(findRecovery(records, { t0, from: t0 + 10_000, until: t0 + 30_000, slo })).toBeUndefined();
  });

  it('is the first request after the fault when the SLO never broke', () => {
    const records = stretch({ fromMs: 0, toMs: 30_000, rps: 20 });
    expect(findRecovery(records, { t0, from: t0 + 10_020, until: t0 + 30_000, slo })).toBe(t0 + 10_050);
  });

  it('uses the SLO sustainMs, and 5 s when it has none', () => {
    const records = [
      request(10_000, { errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 10_050, toMs: 13_000, rps: 20 }),
    ];
    const opts = { t0, from: t0 + 10_000, until: t0 + 13_000 };
    expect(findRecovery(records, { ...opts, slo: { sustainMs: 2000 } })).toBe(t0 + 10_050);
    expect(findRecovery(records, { ...opts, slo: {} })).toBeUndefined();
  });
});
