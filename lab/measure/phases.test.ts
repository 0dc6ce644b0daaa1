import { describe, expect, it } from 'vitest';
import { phases } from './index.js';
import { stretch, t0 } from './test/synthetic-load.js';

const records = [
  ...stretch({ fromMs: 0, toMs: 10_000, rps: 10, latencyMs: 20 }),
  ...stretch({ fromMs: 10_000, toMs: 12_000, rps: 10, errorKind: 'http_5xx', latencyMs: 5 }),
  ...stretch({ fromMs: 12_000, toMs: 15_000, rps: 10, latencyMs: 80 }),
  ...stretch({ fromMs: 15_000, toMs: 20_000, rps: 10, latencyMs: 20 }),
];

describe('phases', () => {
  it('splits the run at injection and recovery, each request in the phase it was scheduled in', () => {
    const [before, during, after] = phases(records, {
      t0,
      firstInjectedAt: t0 + 10_000,
      recoveredAt: t0 + 15_000,
      endAt: t0 + 20_000,
    });
    expect(before).toMatchObject({
      name: 'before',
      startMs: 0,
      endMs: 10_000,
      requests: 100,
      failed: 0,
      availability: 1,
      p99Ms: 20,
    });
    expect(during).toMatchObject({
      name: 'during',
      startMs: 10_000,
      endMs: 15_000,
      requests: 50,
      failed: 20,
      availability: 0.6,
      p99Ms: 80,
    });
    expect(after).toMatchObject({
      name: 'after',
      startMs: 15_000,
      endMs: 20_000,
      requests: 50,
      availability: 1,
    });
  });

  it('ends "during" at the revert when the system never recovered', () => {
    const result = phases(records, {
      t0,
      firstInjectedAt: t0 + 10_000,
      revertedAt: t0 + 12_000,
      endAt: t0 + 20_000,
    });
    expect(result.map((p) => [p.name, p.endMs])).toEqual([
      ['before', 10_000],
      ['during', 12_000],
      ['after', 20_000],
    ]);
  });

  it('lets "during" run to the end when there was neither recovery nor revert', () => {
    const result = phases(records, { t0, firstInjectedAt: t0 + 10_000, endAt: t0 + 20_000 });
    expect(result.map((p) => p.name)).toEqual(['before', 'during']);
    expect(result[1]).toMatchObject({ requests: 100, failed: 20 });
  });

  it('is one "before" phase over the whole run when no fault was injected', () => {
    expect(phases(records, { t0, endAt: t0 + 20_000 })).toMatchObject([{ name: 'before', requests: 200 }]);
  });
});
