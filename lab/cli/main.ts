import { CommanderError } from 'commander';
import { classifyError } from './errors.js';
import { ExitCode } from './exit-codes.js';
import { createProgram } from './program.js';

/**
 * `npm run lab -- <verb>` (and the `lab` bin, via bin.js). Runs one verb and exits with the code from
 * exit-codes.ts; every error ends here and is printed as one message (errors.ts has the contract).
 */
async function main(argv: string[]): Promise<number> {
  try {
    await createProgram().parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : ExitCode.Ok;
  } catch (error) {
    // commander printed its message (and the usage) already; `--help` is the only "error" that is a success.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.UsageOrSetup;
    const { exitCode, message, expected } = classifyError(error);
    process.stderr.write(`error: ${message}\n`);
    if (process.env.LAB_DEBUG === '1') process.stderr.write(`${(error as Error)?.stack ?? error}\n`);
    else if (!expected) process.stderr.write('(set LAB_DEBUG=1 to see where it happened)\n');
    return exitCode;
  }
}

// Exit explicitly: a verb that finished has nothing left to wait for, and a stray handle (a timer in a
// library, a socket kept alive) must not keep the CLI running.
process.exit(await main(process.argv.slice(2)));
