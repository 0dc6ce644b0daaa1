import { formatProblem, type ScenarioProblem } from './validate-scenario.js';

/** Scenario files that cannot run as written; the CLI prints every problem and exits 2 (usage error). */
export class ScenarioError extends Error {
  override readonly name = 'ScenarioError';
  readonly exitCode = 2;

  constructor(readonly problems: readonly ScenarioProblem[]) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    super(`${count} in scenario files:\n${problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
  }
}
