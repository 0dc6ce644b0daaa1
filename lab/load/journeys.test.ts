import { describe, expect, it } from 'vitest';
import { classifyStatus } from './journeys/classify-status.js';
import { orderOutcome } from './journeys/journeys.js';
import { arrivalRandom, pickWeighted } from './journeys/seeded-random.js';
import { epochMs } from './k6/k6-output-reader.js';

describe('Journey building blocks', () => {
  it('gives each arrival its own generator: the same (seed, stream, index) draws the same numbers', () => {
    const draws = (seed: number, stream: number, index: number): number[] => {
      const random = arrivalRandom(seed, stream, index);
      return [random.float(), random.int(1, 6), random.int(1, 6)];
    };
    expect(draws(42, 1, 7)).toEqual(draws(42, 1, 7));
    expect(draws(42, 1, 7)).not.toEqual(draws(42, 1, 8));
    expect(draws(42, 1, 7)).not.toEqual(draws(42, 2, 7));
    expect(draws(42, 1, 7)).not.toEqual(draws(43, 1, 7));
  });

  it('picks journeys in proportion to their weights and never one weighted 0', () => {
    const counts = { browse: 0, checkout: 0, search: 0 };
    for (let index = 0; index < 4000; index += 1) {
      counts[pickWeighted(arrivalRandom(1, 1, index), { browse: 3, checkout: 1, search: 0 })] += 1;
    }
    expect(counts.search).toBe(0);
    expect(counts.browse / counts.checkout).toBeGreaterThan(2.5);
    expect(counts.browse / counts.checkout).toBeLessThan(3.5);
    expect(() => pickWeighted(arrivalRandom(1, 1, 0), { browse: 0 })).toThrow(
      /no journey with a positive weight/,
    );
  });

  it('classifies a status the step did not expect by what it says about the shop', () => {
    expect(classifyStatus(200, [200])).toBeUndefined();
    expect(classifyStatus(409, [201, 200, 409])).toBeUndefined();
    expect(classifyStatus(503, [200])).toBe('http_5xx');
    expect(classifyStatus(429, [200])).toBe('http_429');
    expect(classifyStatus(401, [200])).toBe('http_4xx');
    expect(classifyStatus(302, [200])).toBe('unexpected_status');
    expect(classifyStatus(201, [200])).toBe('unexpected_status');
  });

  it('counts a checkout as acknowledged, rejected or ambiguous by what the shop could have done', () => {
    expect(orderOutcome(201, undefined, { id: 9 })).toBe('acknowledged');
    expect(orderOutcome(200, undefined, { id: 9 })).toBe('acknowledged');
    expect(orderOutcome(409, undefined, { error: { code: 'insufficient_stock' } })).toBe('rejected');
    expect(orderOutcome(429, 'http_429', undefined)).toBe('rejected');
    expect(orderOutcome(undefined, 'connection_refused', undefined)).toBe('rejected');
    expect(orderOutcome(502, 'http_5xx', undefined)).toBe('ambiguous');
    expect(orderOutcome(undefined, 'timeout', undefined)).toBe('ambiguous');
    expect(orderOutcome(undefined, 'connection_reset', undefined)).toBe('ambiguous');
    expect(orderOutcome(201, undefined, 'not json')).toBe('ambiguous');
  });

  it("reads k6's nanosecond timestamps without losing the sub-millisecond part", () => {
    expect(epochMs('2026-11-24T16:16:12.533388196Z')).toBeCloseTo(
      Date.parse('2026-11-24T16:16:12.533Z') + 0.388196,
      5,
    );
    expect(epochMs('2026-11-24T16:16:12Z')).toBe(Date.parse('2026-11-24T16:16:12Z'));
  });
});
