import { Command, Option } from 'commander';
import { maxPauseMs } from '../../control/control-api.js';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { UsageError } from '../errors.js';
import { labOption, wholeNumber } from '../options.js';

export function faultPodPauseCommand(): Command {
  return new Command('pod-pause')
    .description(
      'freeze one pod (SIGSTOP): it stops answering but keeps its sockets, so only probe timeouts notice',
    )
    .addOption(new Option('--pod <name>', 'the pod to freeze (names: `lab status`)').conflicts('deployment'))
    .addOption(new Option('--deployment <name>', 'freeze one ready pod of this Deployment, e.g. backend'))
    .addOption(
      new Option(
        '--for <ms>',
        'resume it by itself after this long (default: until `lab fault pod-resume`)',
      ).argParser(wholeNumber('milliseconds', 1, maxPauseMs)),
    )
    .addOption(labOption())
    .action(async (options: { pod?: string; deployment?: string; for?: number; lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      if (options.pod === undefined && options.deployment === undefined) {
        const { deployments } = await client.status();
        throw new UsageError(
          'say which pod to freeze: --deployment <name> (one of: ' +
            `${deployments.map((d) => d.name).join(', ')}) or --pod <name> (one of: ` +
            `${deployments.flatMap((d) => d.pods.map((p) => p.name)).join(', ')})`,
        );
      }
      const target = options.pod !== undefined ? { pod: options.pod } : { deployment: options.deployment! };
      const { pod } = await client.pausePod({
        ...target,
        ...(options.for !== undefined && { forMs: options.for }),
      });
      const until =
        options.for !== undefined
          ? `it resumes in ${options.for} ms`
          : `resume it with: lab fault pod-resume --pod ${pod}`;
      process.stdout.write(`paused pod ${pod}; ${until}\n`);
    });
}
