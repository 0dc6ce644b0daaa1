import { describe, expect, it } from 'vitest';
import { checkSteadyState } from './index.js';
import { stretch, t0 } from './test/synthetic-load.js';

const spec = { windowMs: 3000, availability: 0.99, p99Ms: 500 };

describe('checkSteadyState', () => {
  it('holds when every probe is within its tolerance over the window ending at endAt', () => {
    const records = stretch({ fromMs: 0, toMs: 10_000, rps: 20, latencyMs: 40 });
    const result = checkSteadyState(records, { when: 'before', endAt: t0 + 10_000, spec });
    expect(result).toEqual({
      when: 'before',
      holds: true,
      windowMs: 3000,
      probes: [
        {
          name: 'availability',
          tolerance: '≥ 99%',
          actual: '100% (60 of 60 requests succeeded)',
          pass: true,
        },
        { name: 'p99 latency', tolerance: '≤ 500 ms', actual: '40 ms (nearest rank 60 of 60)', pass: true },
      ],
    });
  });

  it('looks only at the window: failures before it do not count, failures inside it do', () => {
    const records = [
      ...stretch({ fromMs: 0, toMs: 5000, rps: 20, errorKind: 'http_5xx' }),
      ...stretch({ fromMs: 5000, toMs: 10_000, rps: 20 }),
    ];
    expect(checkSteadyState(records, { when: 'before', endAt: t0 + 10_000, spec }).holds).toBe(true);
    const late = checkSteadyState(records, { when: 'after', endAt: t0 + 6000, spec });
    expect(late.holds).toBe(false);
    expect(late.probes[0]).toMatchObject({ actual: '33.33% (20 of 60 requests succeeded)', pass: false });
  });

  it('tolerates failures up to the availability tolerance, and not one more', () => {
    const good = stretch({ fromMs: 0, toMs: 3000, rps: 33 }); // 99 requests
    const oneBad = stretch({ fromMs: 2999, toMs: 3000, rps: 1, errorKind: 'timeout' });
    const twoBad = stretch({ fromMs: 2998, toMs: 3000, rps: 1000, errorKind: 'timeout' });
    const at = { when: 'before' as const, endAt: t0 + 3000, spec: { windowMs: 3000, availability: 0.99 } };
    expect(checkSteadyState([...good, ...oneBad], at).holds).toBe(true);
    expect(checkSteadyState([...good, ...twoBad], at).holds).toBe(false);
  });

  it('fails the latency probe when p99 is over its ceiling', () => {
    const records = stretch({ fromMs: 0, toMs: 3000, rps: 20, latencyMs: 900 });
    const result = checkSteadyState(records, { when: 'after', endAt: t0 + 3000, spec });
    expect(result.holds).toBe(false);
    expect(result.probes[1]).toMatchObject({ actual: '900 ms (nearest rank 60 of 60)', pass: false });
  });

  it('does not hold on an empty window: no requests prove nothing', () => {
    const result = checkSteadyState([], {
      when: 'before',
      endAt: t0 + 3000,
      spec: { windowMs: 3000, availability: 0.99 },
    });
    expect(result.holds).toBe(false);
    expect(result.probes).toEqual([
      { name: 'availability', tolerance: '≥ 99%', actual: 'no requests in the window', pass: false },
    ]);
  });
});
