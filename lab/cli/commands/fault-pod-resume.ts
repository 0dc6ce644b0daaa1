import { Command, Option } from 'commander';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { labOption } from '../options.js';

export function faultPodResumeCommand(): Command {
  return new Command('pod-resume')
    .description('resume a pod frozen by `lab fault pod-pause` (SIGCONT)')
    .addOption(new Option('--pod <name>', 'the paused pod').makeOptionMandatory())
    .addOption(labOption())
    .action(async (options: { pod: string; lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const { pod, resumed } = await client.resumePod(options.pod);
      process.stdout.write(
        resumed
          ? `resumed pod ${pod}\n`
          : `pod ${pod} had nothing frozen to resume (not paused, or its process was restarted or deleted)\n`,
      );
    });
}
