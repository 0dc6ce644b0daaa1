import type { CheckResult, SloResult, Verdict } from './report-model.js';

/**
 * Number and verdict formatting shared by the Markdown, HTML and JUnit writers, so a figure reads the
 * same in every report file.
 */

export const passMark = (pass: boolean): string => (pass ? '✓' : '✗');

export const verdictMarks: Record<Verdict, string> = {
  pass: '✓',
  fail: '✗',
  inconclusive: '?',
  error: '!',
  interrupted: '■',
};

/**
 * A ratio as a percentage, rounded DOWN at 2 decimals (99.996 % shows as 99.99 %), so a run that
 * failed requests never reads as 100 %.
 */
export function formatPercent(ratio: number): string {
  if (ratio === 1) return '100 %';
  return `${(Math.floor(ratio * 10_000) / 100).toFixed(2)} %`;
}

/** A duration: `412 ms` under a second, `4.21 s` under a minute, `2 min 40 s` above. */
export function formatMs(ms: number): string {
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  if (Math.abs(ms) < 60_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.trunc(seconds / 60)} min ${Math.abs(seconds % 60)} s`;
}

/** An offset from the scenario's t0, e.g. `t+20.4 s`. */
export function formatOffset(ms: number): string {
  return `t${ms < 0 ? '−' : '+'}${(Math.abs(ms) / 1000).toFixed(1)} s`;
}

export const formatCount = (n: number): string => n.toLocaleString('en-US');

export const orDash = <T>(value: T | undefined, format: (v: T) => string): string =>
  value === undefined ? '—' : format(value);

/** An SLO figure in its unit: availability as a percentage, ms as a duration, counts with their noun. */
export function formatSloValue(slo: Pick<SloResult, 'name' | 'unit'>, value: number): string {
  if (slo.unit === undefined) return formatPercent(value);
  if (slo.unit === 'ms') return formatMs(value);
  return `${formatCount(value)} ${slo.unit}`;
}

export function formatSloTarget(slo: SloResult): string {
  return `${slo.op === '>=' ? '≥' : '≤'} ${formatSloValue(slo, slo.target)}`;
}

export const formatSloActual = (slo: SloResult): string =>
  slo.actual === undefined ? 'not measured' : formatSloValue(slo, slo.actual);

/** `availability 93.41 % (target ≥ 99.00 %)`: what a failure message in any report says. */
export function describeSloOutcome(slo: SloResult): string {
  return `${slo.name} ${formatSloActual(slo)} (target ${formatSloTarget(slo)})`;
}

export function describeCheckFigures(check: CheckResult): string {
  if (!check.figures) return '';
  return Object.entries(check.figures)
    .map(([key, value]) => `${key}=${value}`)
    .join(', ');
}

/** Total failed requests of a timeline by error kind, largest first. */
export function failuresByKind(
  timeline: readonly { failuresByKind: Partial<Record<string, number>> }[],
): [string, number][] {
  const totals = new Map<string, number>();
  for (const bucket of timeline)
    for (const [kind, n] of Object.entries(bucket.failuresByKind))
      totals.set(kind, (totals.get(kind) ?? 0) + (n ?? 0));
  return [...totals].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
}
