import { Command } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { labOption } from '../options.js';
import { formatStatusReport } from '../output/status-report.js';

export function statusCommand(): Command {
  return new Command('status')
    .description('show the pods, database nodes and faults of a running lab')
    .addOption(labOption())
    .option('--json', "print the status as JSON (the control API's GET /status)")
    .action(async (options: { lab?: string; json?: boolean }) => {
      const lab = await new LabRegistry().pick(options.lab);
      const status = await ControlClient.for(lab).status();
      process.stdout.write(
        options.json ? `${JSON.stringify(status, null, 2)}\n` : `${formatStatusReport(status)}\n`,
      );
    });
}
