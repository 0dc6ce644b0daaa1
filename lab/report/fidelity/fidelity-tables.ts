import type { FidelityComparison, ScenarioComparison } from './fidelity-model.js';

/** The table shapes fidelity.md and fidelity.html share, so both show the same columns and rows. */

/** The runs with a column in a scenario's table: those with figures for it, in run order. */
export function figureColumns(scenario: ScenarioComparison, labels: readonly string[]): string[] {
  return labels.filter((label) => scenario.rows.some((row) => label in row.values));
}

/** One row per piece (pods, ingress, database, ...): what served it on each run, `—` where nothing said. */
export function implementationRows(comparison: FidelityComparison): string[][] {
  const pieces = [...new Set(comparison.runs.flatMap((r) => Object.keys(r.implementations)))];
  return pieces.map((piece) => [piece, ...comparison.runs.map((r) => r.implementations[piece] ?? '—')]);
}
