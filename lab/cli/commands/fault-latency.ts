import { Command, Option } from 'commander';
import { maxLatencyMs } from '../../control/control-api.js';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { linkNames, type LinkName } from '../../control/lab-controller.js';
import { labOption, wholeNumber } from '../options.js';

export function faultLatencyCommand(): Command {
  return new Command('latency')
    .description('add latency on a network link (through Toxiproxy); replaces latency already there')
    .addOption(new Option('--link <name>', 'the link to slow down').choices(linkNames).makeOptionMandatory())
    .addOption(
      new Option('--latency <ms>', 'delay added to each packet, in milliseconds')
        .argParser(wholeNumber('milliseconds', 0, maxLatencyMs))
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--jitter <ms>', 'random variation around the latency, in milliseconds')
        .argParser(wholeNumber('milliseconds', 0, maxLatencyMs))
        .default(0),
    )
    .addOption(labOption())
    .action(async (options: { link: LinkName; latency: number; jitter: number; lab?: string }) => {
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const applied = await client.addLatency({
        link: options.link,
        latencyMs: options.latency,
        jitterMs: options.jitter,
      });
      const jitter = applied.jitterMs ? `±${applied.jitterMs}` : '';
      process.stdout.write(`added ${applied.latencyMs}${jitter} ms latency on ${applied.link}\n`);
    });
}
