import { Command, Option } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { linkNames, type LinkName } from '../../control/lab-controller.js';
import { labOption } from '../options.js';

export function faultClearCommand(): Command {
  return new Command('clear')
    .description('remove network faults (every toxic) from one link, or from all links')
    .addOption(new Option('--link <name>', 'only this link (default: all)').choices(linkNames))
    .addOption(labOption())
    .action(async (options: { link?: LinkName; lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const { cleared } = await client.clearFaults(options.link);
      process.stdout.write(`cleared network faults on ${cleared.join(', ')}\n`);
    });
}
