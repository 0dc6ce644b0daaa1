/**
 * A report folder or report.json that cannot be used: missing, unreadable, not JSON, or not a valid
 * report. It carries exit code 2 (lab/cli/errors.ts: an error with a numeric `exitCode` exits with it
 * and prints only its message), so `lab report DIR` says what was wrong in one message.
 */
export class ReportError extends Error {
  override readonly name = 'ReportError';
  readonly exitCode = 2;
}
