import { formatCount, formatMs, formatPercent } from '../format.js';
import type { FidelityComparison, FigureRow, FigureStatus, FigureUnit } from './fidelity-model.js';

/**
 * The words and numbers of a fidelity comparison, shared by fidelity.json (row notes), fidelity.md,
 * fidelity.html and the terminal table, so a figure reads the same everywhere. Figures go through
 * lab/report/format.ts, like report.md and report.html.
 */

export function formatFigure(unit: FigureUnit, value: number | null | undefined, absentAs = '—'): string {
  if (value === null || value === undefined) return absentAs;
  if (unit === 'ratio') return formatPercent(value);
  if (unit === 'ms') return formatMs(value);
  return formatCount(value);
}

/** A relative difference or threshold: whole percent from 10 % up, one decimal below (e.g. 2.5 %). */
export function formatShare(ratio: number): string {
  const percent = ratio * 100;
  return `${percent >= 10 ? Math.round(percent) : Number(percent.toFixed(1))} %`;
}

/** `p99`, or `fault pod-kill: time to detect` for a fault's figure. */
export const rowTitle = (row: Pick<FigureRow, 'subject' | 'title'>): string =>
  row.subject === 'results' ? row.title : `fault ${row.subject}: ${row.title}`;

/** What the row says about its figures: `differs by 34 %`, `within 20 %`, `not recovered on k3s`. */
export function describeRow(row: Omit<FigureRow, 'note'>, threshold: number): string {
  const missing = Object.entries(row.values)
    .filter(([, value]) => value === null)
    .map(([label]) => label);
  const absent = row.absentAs === '—' ? 'not measured' : row.absentAs;
  const missingNote = missing.length > 0 ? `${absent} on ${missing.join(', ')}` : '';
  let note: string;
  if (row.status === 'not-measured') return 'not measured on any profile';
  if (row.status === 'one-sided') return missingNote;
  if (row.status === 'differs') note = `differs by ${formatShare(row.relativeDifference ?? 0)}`;
  else if ((row.relativeDifference ?? 0) <= threshold) note = `within ${formatShare(threshold)}`;
  else
    note =
      `within noise: ${formatFigure(row.unit, row.absoluteDifference)} apart, ` +
      `not above the ${formatFigure(row.unit, row.floor)} floor`;
  return missingNote ? `${note}; ${missingNote}` : note;
}

/** `local 96 ms, k3s 310 ms`: a row's figures in run order (those measured; the note names the rest). */
export const figuresText = (row: FigureRow): string =>
  Object.entries(row.values)
    .filter(([, value]) => value !== null)
    .map(([label, value]) => `${label} ${formatFigure(row.unit, value)}`)
    .join(', ');

/** The summary line of a row that differs: `pod-kill · p99: local 96 ms, k3s 310 ms — differs by 69 %, k3s higher`. */
export function differenceText(scenario: string, row: FigureRow): string {
  const higher = row.status === 'differs' && row.higher ? `, ${row.higher} higher` : '';
  return `${scenario} · ${rowTitle(row)}: ${figuresText(row)} — ${row.note}${higher}`;
}

/** The mark of a row in every fidelity file: ✗ differs, ✓ close, ? measured on some only. */
export const statusMarks: Record<FigureStatus, string> = {
  differs: '✗',
  close: '✓',
  'one-sided': '?',
  'not-measured': '—',
};

/** The rule the comparison applied, said once at the top of every fidelity file. */
export function thresholdSentence(comparison: FidelityComparison): string {
  return (
    `Figures differ when they are more than ${formatShare(comparison.threshold)} apart ` +
    `(relative to the larger; for availability, of the failed share) and further apart than the ` +
    `figure's noise floor.`
  );
}

/** The comparison's verdict in one line, the first of every fidelity file's summary. */
export function summaryHeadline(comparison: FidelityComparison): string {
  const { compared, differing, differences } = comparison.summary;
  const threshold = formatShare(comparison.threshold);
  const oneSided = differences.filter((d) => d.status === 'one-sided').length;
  const headline =
    compared === 0
      ? '? nothing compared: no scenario has figures on two profiles'
      : differing === 0
        ? `✓ all ${compared} figures compared are within ${threshold}`
        : `✗ ${differing} of ${compared} figures differ by more than ${threshold}`;
  return oneSided > 0 ? `${headline}; ${oneSided} measured on some profiles only` : headline;
}
