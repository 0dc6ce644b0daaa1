/**
 * The lab CLI's exit codes, in one place (like k6's `errext/exitcodes`). Scripts and CI rely on them, so
 * a value never changes meaning once released.
 */
export const ExitCode = {
  /** Everything asked for was done (for `lab up`: the lab ran and was stopped cleanly by the user). */
  Ok: 0,
  /** The work ran and failed: a scenario missed its SLOs, a fault could not be injected, teardown failed. */
  Failed: 1,
  /** Nothing useful ran: a bad flag or argument, or the machine/repo cannot run the lab (fix and retry). */
  UsageOrSetup: 2,
  /** The run could not decide: the starting steady state did not hold (Chaos Toolkit's "deviated" vs "failed"). */
  Inconclusive: 3,
  /** Stopped by the user before it finished (Ctrl-C during bring-up, or forced with a third Ctrl-C): 128 + SIGINT. */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Exit codes from most to least telling: what `lab run` reports first when several things happened. */
const exitPrecedence: readonly number[] = [
  ExitCode.Interrupted,
  ExitCode.UsageOrSetup,
  ExitCode.Failed,
  ExitCode.Inconclusive,
  ExitCode.Ok,
];

/**
 * The exit code of several runs together (`lab run --profile local,k3s`): the first of theirs in that
 * precedence, so an interrupted or unset-up profile is never hidden by another's failure or success.
 * A code outside the enum (a bug) counts as a failure.
 */
export function worstExitCode(codes: readonly number[]): number {
  if (codes.some((code) => !exitPrecedence.includes(code))) return ExitCode.Failed;
  return exitPrecedence.find((code) => codes.includes(code)) ?? ExitCode.Ok;
}
