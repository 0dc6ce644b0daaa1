/**
 * Share of the error budget spent:
 *
 *     spent = failed / ((1 − availabilityTarget) × requests)
 *
 * The budget is the number of failures the availability target allows over the requests scheduled
 * (dropped ones included); 1 means all of it, 2 twice it. With a 99% target and 10 000 requests the
 * budget is 100 failed requests, so 25 failures spend 0.25. A fault's share uses the fault's failed
 * requests over the whole run's budget, so the faults' shares add up to the run's.
 *
 * A 100% target allows no failure: nothing failed spends 0, and any failure has no finite share, so
 * the result is undefined (the report leaves the figure out; the availability SLO already fails).
 */
export function errorBudgetSpent(input: {
  failed: number;
  requests: number;
  availabilityTarget: number;
}): number | undefined {
  const { failed, requests, availabilityTarget } = input;
  if (!(availabilityTarget >= 0 && availabilityTarget <= 1))
    throw new RangeError(`availabilityTarget must be a fraction between 0 and 1, got ${availabilityTarget}`);
  if (failed === 0) return 0;
  const budget = (1 - availabilityTarget) * requests;
  if (budget <= 0) return undefined;
  return Math.round((failed / budget) * 10_000) / 10_000;
}
