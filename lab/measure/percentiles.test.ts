import { describe, expect, it } from 'vitest';
import { latencyPercentiles, nearestRank, percentile } from './index.js';

const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

describe('percentile (nearest rank)', () => {
  it('is the value at rank ⌈p/100 × n⌉ of the sorted values', () => {
    expect(percentile(oneToHundred, 50)).toBe(50);
    expect(percentile(oneToHundred, 95)).toBe(95);
    expect(percentile(oneToHundred, 99)).toBe(99);
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([1, 2, 3, 4], 75)).toBe(3);
  });

  it('is always an observed value, never an interpolation', () => {
    expect(percentile([10, 20], 50)).toBe(10);
    expect(percentile([10, 20], 51)).toBe(20);
  });

  it('gives the smallest value for p0 and the largest for p100', () => {
    expect(percentile([3, 7, 9], 0)).toBe(3);
    expect(percentile([3, 7, 9], 100)).toBe(9);
  });

  it('is undefined for no values', () => {
    expect(percentile([], 99)).toBeUndefined();
  });

  it('is not pushed up a rank by floating-point noise', () => {
    // 99.9 × 1000 / 100 is 999.0000000000001 in floating point; the rank is 999.
    expect(nearestRank(99.9, 1000)).toBe(999);
  });

  it('rejects a percentile outside 0..100, naming it', () => {
    expect(() => percentile(oneToHundred, 150)).toThrow(/between 0 and 100, got 150/);
  });
});

describe('latencyPercentiles', () => {
  it('sorts for itself and reports p50/p95/p99', () => {
    const shuffled = [...oneToHundred].reverse();
    expect(latencyPercentiles(shuffled)).toEqual({ p50Ms: 50, p95Ms: 95, p99Ms: 99 });
  });

  it('leaves the fields out when there are no latencies', () => {
    expect(latencyPercentiles([])).toEqual({});
  });
});
