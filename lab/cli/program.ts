import { Command } from 'commander';
import { downCommand } from './commands/down.js';
import { faultCommand } from './commands/fault.js';
import { fidelityCommand } from './commands/fidelity.js';
import { imagesCommand } from './commands/images.js';
import { listCommand } from './commands/list.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { statusCommand } from './commands/status.js';
import { upCommand } from './commands/up.js';

/**
 * The `lab` command line: one file per verb under commands/. Every command shares the same settings
 * (applied recursively, since commander copies them only to commands made with `.command()`): errors
 * throw instead of exiting, so main.ts maps them to exit code 2; a usage error is followed by the
 * command's help; unknown options and extra arguments are errors.
 */
export function createProgram(): Command {
  const program = new Command('lab')
    .description("DhakaCart Lab: the shop's production topology on this machine, and faults to break it")
    .addCommand(runCommand())
    .addCommand(listCommand())
    .addCommand(reportCommand())
    .addCommand(fidelityCommand())
    .addCommand(upCommand())
    .addCommand(statusCommand())
    .addCommand(downCommand())
    .addCommand(faultCommand())
    .addCommand(imagesCommand());
  applySettings(program);
  return program;
}

function applySettings(command: Command): void {
  command.exitOverride().showHelpAfterError().allowExcessArguments(false).allowUnknownOption(false);
  command.commands.forEach(applySettings);
}
