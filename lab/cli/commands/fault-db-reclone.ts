import { Command } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { labOption } from '../options.js';

/**
 * The way back after a failover (or a lost standby): the node that is not the primary is wiped and
 * made a streaming standby of the primary again, without restarting the lab.
 */
export function faultDbRecloneCommand(): Command {
  return new Command('db-reclone')
    .description('re-clone the database node that is not the primary as its streaming standby again')
    .addOption(labOption())
    .action(async (options: { lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const { standby } = await client.recloneStandby();
      process.stdout.write(`re-cloned ${standby} as the standby of the primary\n`);
    });
}
