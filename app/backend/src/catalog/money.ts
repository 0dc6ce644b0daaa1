/**
 * Prices travel as taka (a JSON number with at most 2 decimals) and are stored as integer poisha
 * (1 taka = 100 poisha), so totals are exact integer sums and never suffer float rounding.
 */
export const CURRENCY = 'BDT';

/** The dearest price the shop accepts: 10 lakh taka (fits a PostgreSQL integer as poisha). */
export const MAX_PRICE_TAKA = 1_000_000;

/**
 * True when `value` is a JSON number with at most two decimals. We test the number's shortest decimal
 * form (what the client sent), not `value * 100`, because e.g. 1.005 * 100 is 100.49999999999999.
 */
export function hasAtMostTwoDecimals(value: number): boolean {
  return Number.isFinite(value) && /^-?\d+(\.\d{1,2})?$/.test(String(value));
}

export function takaToPoisha(taka: number): number {
  return Math.round(taka * 100);
}

/** Accepts pg's bigint-as-string too (sums are bigint); exact while below 2^53 poisha. */
export function poishaToTaka(poisha: number | string): number {
  return Number(poisha) / 100;
}
