import { Command, Option } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { UsageError } from '../errors.js';
import { labOption } from '../options.js';

export function faultPodKillCommand(): Command {
  return new Command('pod-kill')
    .description('kill one pod as a node failure would (SIGKILL, no preStop); its Deployment replaces it')
    .addOption(new Option('--pod <name>', 'the pod to kill (names: `lab status`)').conflicts('deployment'))
    .addOption(new Option('--deployment <name>', 'kill one pod of this Deployment, e.g. backend'))
    .addOption(labOption())
    .action(async (options: { pod?: string; deployment?: string; lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      if (options.pod === undefined && options.deployment === undefined) {
        const { deployments } = await client.status();
        throw new UsageError(
          'say which pod to kill: --deployment <name> (one of: ' +
            `${deployments.map((d) => d.name).join(', ')}) or --pod <name> (one of: ` +
            `${deployments.flatMap((d) => d.pods.map((p) => p.name)).join(', ')})`,
        );
      }
      const target = options.pod !== undefined ? { pod: options.pod } : { deployment: options.deployment! };
      const { pod } = await client.killPod(target);
      process.stdout.write(`killed pod ${pod}; its Deployment starts a replacement\n`);
    });
}
