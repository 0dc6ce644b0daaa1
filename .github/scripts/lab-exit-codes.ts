/**
 * The exit codes of `lab run` (DESIGN.md, CLI contract), as CI explains them to a reader of the job.
 * Chaos Toolkit's distinction is kept: a failed SLO (a weakness found) is not the same as a run that
 * could not start (setup) or whose steady state did not hold before the fault (inconclusive).
 */
export const LAB_EXIT_CODES: Readonly<Record<number, string>> = {
  0: 'passed: every scenario met its SLOs',
  1: 'failed: a scenario missed its SLOs',
  2: 'setup error: bad usage, or the topology could not be brought up',
  3: 'inconclusive: the steady state did not hold before the fault was injected',
};

/** A one-line explanation of an exit code; `undefined` means the lab never finished. */
export function explainLabExit(code: number | undefined): string {
  if (code === undefined) return 'the lab did not finish (the step timed out or was cancelled)';
  return LAB_EXIT_CODES[code] ?? `unexpected exit code ${code} (the lab uses 0, 1, 2 and 3)`;
}

/** Parses the exit code a workflow step recorded; empty or garbled text means "never finished". */
export function parseExitCode(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d+$/.test(text.trim())) return undefined;
  return Number(text.trim());
}
