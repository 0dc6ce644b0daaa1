import { formatFigure, rowTitle, statusMarks, summaryHeadline } from './fidelity-format.js';
import type { FidelityComparison } from './fidelity-model.js';
import { figureColumns } from './fidelity-tables.js';

/**
 * The comparison as the terminal shows it (`lab fidelity`, and `lab run --profile a,b` at its end):
 * one aligned table per scenario, then the verdict line. The figures and notes are those of fidelity.md.
 */
export function renderFidelityText(comparison: FidelityComparison): string {
  const labels = comparison.runs.map((r) => r.label);
  const lines: string[] = [];
  for (const scenario of comparison.scenarios) {
    if (scenario.rows.length === 0) {
      lines.push(`${scenario.name}: not compared: ${scenario.note ?? 'no figures'}`);
      continue;
    }
    const columns = figureColumns(scenario, labels);
    const table = scenario.rows.map((row) => [
      `  ${statusMarks[row.status]} ${rowTitle(row)}`,
      ...columns.map((label) => formatFigure(row.unit, row.values[label], row.absentAs)),
      row.status === 'differs' && row.higher ? `${row.note} (${row.higher} higher)` : row.note,
    ]);
    const header = [scenario.name, ...columns, ''];
    const widths = header.map((cell, i) => Math.max(cell.length, ...table.map((r) => r[i]!.length)));
    // The title column is left-aligned; figures right-aligned under their profile; the note as it is.
    const format = (cells: string[]) =>
      cells
        .map((cell, i) =>
          i === 0 ? cell.padEnd(widths[i]!) : i === cells.length - 1 ? cell : cell.padStart(widths[i]!),
        )
        .join('  ')
        .trimEnd();
    lines.push(format(header), ...table.map(format));
  }
  lines.push(`fidelity (${labels.join(' vs ')}): ${summaryHeadline(comparison)}`);
  return `${lines.join('\n')}\n`;
}
