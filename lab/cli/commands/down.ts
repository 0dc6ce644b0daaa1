import { setTimeout as sleep } from 'node:timers/promises';
import { Command } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { labOption } from '../options.js';
import { isRunning } from '../process-state.js';

/** Teardown waits for pods' grace periods and the database; a lab slower than this is reported as hung. */
const stopTimeoutMs = 120_000;

export function downCommand(): Command {
  return new Command('down')
    .description('stop a running lab (as Ctrl-C in its terminal would) and wait until it is gone')
    .addOption(labOption())
    .action(async (options: { lab?: string }) => {
      const lab = await new LabRegistry().pick(options.lab);
      await ControlClient.for(lab).down();
      process.stderr.write(`stopping lab ${lab.runId} (pid ${lab.pid})...\n`);
      const deadline = Date.now() + stopTimeoutMs;
      while (isRunning(lab.pid)) {
        if (Date.now() > deadline)
          throw Object.assign(
            new Error(
              `lab ${lab.runId} (pid ${lab.pid}) is still running ${stopTimeoutMs / 1000} s after it was asked to stop; ` +
                `see its terminal, or force it with: kill -INT ${lab.pid} (three times forces)`,
            ),
            { exitCode: 1 },
          );
        await sleep(100);
      }
      process.stdout.write(`stopped lab ${lab.runId}\n`);
    });
}
