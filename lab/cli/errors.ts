import { ExitCode } from './exit-codes.js';

/**
 * Errors the CLI turns into ONE message and an exit code, without a stack trace (set LAB_DEBUG=1 for it).
 *
 * The contract for errors thrown anywhere in the lab (topology loader, database, runtime, control API):
 * - an error with a numeric `exitCode` property exits with that code and prints only its message;
 *   `UsageError` and `SetupError` below are the ready-made ones (exit 2);
 * - errors whose class name is in `setupErrorNames` (thrown by parts that do not import the CLI) count
 *   as setup errors (exit 2);
 * - an AggregateError exits 2 when every error inside is a setup error, else 1, and prints each message;
 * - anything else is a failure (exit 1), printed with a hint to set LAB_DEBUG=1 for the stack.
 * The message must say what was wrong and what would be right.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  readonly exitCode = ExitCode.UsageOrSetup;
}

/** The machine or repository cannot run the lab: missing binary, bad manifest, port in use, no lab running. */
export class SetupError extends Error {
  override readonly name = 'SetupError';
  readonly exitCode = ExitCode.UsageOrSetup;
}

/** Class names of errors other parts throw that mean "fix the setup and retry" (exit 2). */
export const setupErrorNames: ReadonlySet<string> = new Set([
  'UsageError',
  'SetupError',
  'TopologyError',
  'ToxiproxySetupError',
  'DatabaseSetupError',
]);

/** Node system error codes that mean the machine is not ready rather than that the lab is broken. */
const setupSystemErrors: Record<
  string,
  (error: NodeJS.ErrnoException & { address?: string; port?: number }) => string
> = {
  EADDRINUSE: (e) =>
    `${e.address ?? '127.0.0.1'}:${e.port ?? '?'} is already in use; stop what listens there, or let the lab pick a free port`,
  EACCES: (e) => `permission denied${e.path ? ` on ${e.path}` : ''}: ${e.message}`,
  ENOENT: (e) =>
    e.syscall?.startsWith('spawn')
      ? `could not start ${e.path ?? 'a program'}: it was not found; install it or put it on PATH`
      : e.message,
};

export interface ClassifiedError {
  exitCode: number;
  message: string;
  /** Whether the error is expected (usage/setup/known failure): then no stack trace is offered. */
  expected: boolean;
}

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof AggregateError) {
    const inner = error.errors.map(classifyError);
    const allSetup = inner.length > 0 && inner.every((e) => e.exitCode === ExitCode.UsageOrSetup);
    return {
      exitCode: allSetup ? ExitCode.UsageOrSetup : ExitCode.Failed,
      message: [error.message, ...inner.map((e) => `  - ${e.message.replaceAll('\n', '\n    ')}`)].join('\n'),
      expected: inner.every((e) => e.expected),
    };
  }
  if (!(error instanceof Error))
    return { exitCode: ExitCode.Failed, message: String(error), expected: false };
  const exitCode = (error as { exitCode?: unknown }).exitCode;
  if (typeof exitCode === 'number' && Number.isInteger(exitCode))
    return { exitCode, message: error.message, expected: true };
  if (setupErrorNames.has(error.name))
    return { exitCode: ExitCode.UsageOrSetup, message: error.message, expected: true };
  const code = (error as NodeJS.ErrnoException).code;
  const describe = code === undefined ? undefined : setupSystemErrors[code];
  if (describe) return { exitCode: ExitCode.UsageOrSetup, message: describe(error), expected: true };
  return { exitCode: ExitCode.Failed, message: error.message || error.name, expected: false };
}
