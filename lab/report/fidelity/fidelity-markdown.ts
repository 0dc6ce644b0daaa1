import { escapeMarkdown, markdownRow } from '../markdown.js';
import { verdictMarks } from '../format.js';
import { figureColumns, implementationRows } from './fidelity-tables.js';
import {
  formatFigure,
  rowTitle,
  statusMarks,
  summaryHeadline,
  thresholdSentence,
} from './fidelity-format.js';
import type { FidelityComparison, ScenarioComparison } from './fidelity-model.js';

/**
 * fidelity.md: the summary first (what differs, and which profile's figure is higher), then one table
 * per scenario with a column per profile, then what served each piece on each profile. Also appended
 * to the CI job summary after the runs' own reports.
 */
export function renderFidelityMarkdown(comparison: FidelityComparison): string {
  const labels = comparison.runs.map((r) => r.label);
  const lines = [
    `# DhakaCart Lab fidelity: ${labels.map((l) => `\`${l}\``).join(' vs ')}`,
    '',
    comparison.runs
      .map(
        (r) =>
          `\`${r.label}\`: run \`${r.runId}\`, ${verdictMarks[r.verdict]} ${r.verdict}, seed \`${r.seed}\`` +
          (r.source ? ` (${escapeMarkdown(r.source)})` : ''),
      )
      .join(' · '),
    '',
    thresholdSentence(comparison),
    '',
    '## Summary',
    '',
    ...summaryLines(comparison),
  ];
  for (const scenario of comparison.scenarios) lines.push('', ...scenarioSection(scenario, labels));
  lines.push(
    '',
    '## Implementations',
    '',
    markdownRow(['Piece', ...labels]),
    `|---|${labels.map(() => '---').join('|')}|`,
    ...implementationRows(comparison).map((cells) => markdownRow(cells)),
  );
  return `${lines.join('\n')}\n`;
}

function summaryLines(comparison: FidelityComparison): string[] {
  const { differences, notCompared } = comparison.summary;
  const oneSided = differences.filter((d) => d.status === 'one-sided');
  const lines = [`- ${summaryHeadline(comparison)}${differences.length > 0 ? ':' : ''}`];
  for (const d of differences.filter((d) => d.status === 'differs'))
    lines.push(`  - ${escapeMarkdown(d.text)}`);
  for (const d of oneSided) lines.push(`  - ${escapeMarkdown(d.text)}`);
  for (const n of notCompared)
    lines.push(`- not compared: ${escapeMarkdown(n.scenario)}: ${escapeMarkdown(n.note)}`);
  return lines;
}

function scenarioSection(scenario: ScenarioComparison, labels: readonly string[]): string[] {
  const verdicts = Object.entries(scenario.runs)
    .map(([label, p]) =>
      p ? `\`${label}\` ${verdictMarks[p.verdict]} ${p.verdict}` : `\`${label}\` not run`,
    )
    .join(' · ');
  const lines = [`## ${escapeMarkdown(scenario.name)}`, '', verdicts];
  if (scenario.note) lines.push('', `Not compared: ${escapeMarkdown(scenario.note)}.`);
  if (scenario.rows.length === 0) return lines;
  const columns = figureColumns(scenario, labels);
  lines.push(
    '',
    markdownRow(['', 'Figure', ...columns, 'Difference']),
    `|:-:|---|${columns.map(() => '--:').join('|')}|---|`,
    ...scenario.rows.map((row) =>
      markdownRow([
        statusMarks[row.status],
        rowTitle(row),
        ...columns.map((label) => formatFigure(row.unit, row.values[label], row.absentAs)),
        row.status === 'differs' && row.higher ? `**${row.note}** (${row.higher} higher)` : row.note,
      ]),
    ),
  );
  return lines;
}
