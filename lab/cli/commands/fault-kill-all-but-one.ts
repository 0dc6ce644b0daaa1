import { Command, Option } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { labOption } from '../options.js';

export function faultKillAllButOneCommand(): Command {
  return new Command('kill-all-but-one')
    .description(
      'kill every pod of a Deployment but one at once (SIGKILL, no preStop), as a zone outage would',
    )
    .addOption(new Option('--deployment <name>', 'the Deployment, e.g. backend').makeOptionMandatory())
    .addOption(new Option('--keep <pod>', 'the pod that survives (default: its first ready pod)'))
    .addOption(labOption())
    .action(async (options: { deployment: string; keep?: string; lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const { killed, survivor } = await client.killAllButOne(options.deployment, options.keep);
      process.stdout.write(
        `killed ${killed.length} pod${killed.length === 1 ? '' : 's'} of ${options.deployment} ` +
          `(${killed.join(', ') || 'none'}); ${survivor} survives; the Deployment starts replacements\n`,
      );
    });
}
