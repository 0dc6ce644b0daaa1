import { describe, expect, it } from 'vitest';
import { RatePlan, validateRateCommand } from './rate-plan.js';

describe('RatePlan (the arrival rate over time)', () => {
  it('holds the starting rate until told otherwise, and setRate replaces it', () => {
    const plan = new RatePlan(50, 1000);
    expect(plan.rate(5000)).toBe(50);
    plan.apply({ type: 'setRate', rps: 80, at: 6000 });
    expect(plan.rate(6000)).toBe(80);
    expect(plan.rate(9000)).toBe(80);
  });

  it('ramps linearly from the rate in force to the target, then holds the target', () => {
    const plan = new RatePlan(100, 0);
    plan.apply({ type: 'ramp', rps: 300, overMs: 2000, at: 1000 });
    expect(plan.rate(1000)).toBe(100);
    expect(plan.rate(2000)).toBe(200);
    expect(plan.rate(3000)).toBe(300);
    expect(plan.rate(60_000)).toBe(300);
  });

  it('multiplies the rate during a spike and returns to the base rate after it', () => {
    const plan = new RatePlan(40, 0);
    plan.apply({ type: 'spike', factor: 10, forMs: 1000, at: 500 });
    expect(plan.rate(499)).toBe(40);
    expect(plan.rate(500)).toBe(400);
    expect(plan.baseRate(700)).toBe(40);
    expect(plan.rate(1500)).toBe(40);
  });

  it('starts a ramp during a ramp from where the first one had got to', () => {
    const plan = new RatePlan(0, 0);
    plan.apply({ type: 'ramp', rps: 100, overMs: 1000, at: 0 });
    plan.apply({ type: 'ramp', rps: 0, overMs: 1000, at: 500 });
    expect(plan.rate(500)).toBe(50);
    expect(plan.rate(1000)).toBe(25);
  });

  it('names each bad argument and what is allowed', () => {
    expect(() => validateRateCommand({ type: 'ramp', rps: Number.NaN, overMs: -1, at: 0 }, 100)).toThrow(
      'ramp rps must be between 0 and 100, got NaN; ramp overMs must be a number of ms >= 0, got -1',
    );
    expect(() => validateRateCommand({ type: 'spike', factor: -2, forMs: 0, at: 0 }, 100)).toThrow(
      'spike factor must be a finite number >= 0, got -2; spike forMs must be a positive number of ms, got 0',
    );
  });
});
