import { describe, expect, it } from 'vitest';
import { errorBudgetSpent } from './index.js';

describe('errorBudgetSpent = failed / ((1 − availability target) × requests)', () => {
  it('is a quarter when 25 of the 100 failures a 99% target allows over 10 000 requests happened', () => {
    expect(errorBudgetSpent({ failed: 25, requests: 10_000, availabilityTarget: 0.99 })).toBe(0.25);
  });

  it('goes past 1 when the budget is overspent', () => {
    expect(errorBudgetSpent({ failed: 300, requests: 10_000, availabilityTarget: 0.99 })).toBe(3);
  });

  it('is 0 when nothing failed, even with a 100% target', () => {
    expect(errorBudgetSpent({ failed: 0, requests: 500, availabilityTarget: 1 })).toBe(0);
  });

  it('has no finite value when a 100% target allows no failure and one happened', () => {
    expect(errorBudgetSpent({ failed: 1, requests: 500, availabilityTarget: 1 })).toBeUndefined();
  });

  it('rejects a target given as a percentage instead of a fraction', () => {
    expect(() => errorBudgetSpent({ failed: 1, requests: 10, availabilityTarget: 99 })).toThrow(
      /fraction between 0 and 1, got 99/,
    );
  });
});
