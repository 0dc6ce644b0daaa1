import { Command, CommanderError } from 'commander';
import { reportCommand } from '../../cli/commands/report.js';
import { classifyError } from '../../cli/errors.js';

/**
 * Runs `lab report ...` the way lab/cli/main.ts does (the same error classification and exit codes),
 * in-process, capturing what it prints. Used until the command is wired into lab/cli/program.ts; then
 * the tests can run `node --import tsx lab/cli/main.ts report ...` as a child process instead.
 */
export async function runReportCommand(
  args: string[],
): Promise<{ exitCode: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    const command = reportCommand()
      .exitOverride()
      .configureOutput({ writeErr: (s) => (stderr += s), writeOut: (s) => (stdout += s) });
    await new Command('lab')
      .exitOverride()
      .addCommand(command)
      .parseAsync(['report', ...args], { from: 'user' });
    return { exitCode: 0, stdout, stderr };
  } catch (error) {
    if (error instanceof CommanderError) return { exitCode: error.exitCode === 0 ? 0 : 2, stdout, stderr };
    const { exitCode, message } = classifyError(error);
    return { exitCode, stdout, stderr: `${stderr}error: ${message}\n` };
  } finally {
    process.stdout.write = write;
  }
}
