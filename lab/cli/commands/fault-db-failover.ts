import { Command } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { labOption } from '../options.js';

export function faultDbFailoverCommand(): Command {
  return new Command('db-failover')
    .description(
      'kill the database primary; after the detection delay the standby is promoted and the proxy re-pointed',
    )
    .option('--reclone', 'then re-clone the old primary as the new standby (replication back to normal)')
    .addOption(labOption())
    .action(async (options: { lab?: string; reclone?: boolean }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const r = await client.failoverDatabase();
      const after = (iso: string) => `${((Date.parse(iso) - Date.parse(r.killedAt)) / 1000).toFixed(1)} s`;
      process.stdout.write(
        `failed over: killed ${r.oldPrimary} at ${r.killedAt}; promoted ${r.newPrimary} after ${after(r.promotedAt)}; ` +
          `proxy re-pointed after ${after(r.repointedAt)}\n`,
      );
      if (options.reclone) {
        const { standby } = await client.recloneStandby();
        process.stdout.write(`re-cloned ${standby} as the standby of ${r.newPrimary}\n`);
      }
    });
}
