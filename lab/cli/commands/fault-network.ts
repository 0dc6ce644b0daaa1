import { Command, InvalidArgumentError, Option } from 'commander';
import { networkFaultTypes, toxicAttributeNames } from '../../control/control-api.js';
import { ControlClient } from '../../control/control-client.js';
import { LabRegistry } from '../../control/lab-registry.js';
import { linkNames, type LinkName } from '../../control/lab-controller.js';
import { UsageError } from '../errors.js';
import { labOption } from '../options.js';

interface NetworkOptions {
  link: LinkName;
  type: string;
  set: Record<string, number>;
  stream: 'upstream' | 'downstream';
  toxicity: number;
  lab?: string;
}

/** `--set name=value`, repeatable: a toxic attribute in Toxiproxy's own units (ms, KB/s, bytes). */
function collectAttribute(value: string, previous: Record<string, number>): Record<string, number> {
  const match = /^([a-z_]+)=(\d+)$/.exec(value);
  if (!match) throw new InvalidArgumentError('expected name=value with a whole number, e.g. timeout=0.');
  return { ...previous, [match[1]!]: Number(match[2]) };
}

function probability(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n >= 0 && n <= 1))
    throw new InvalidArgumentError('expected a probability from 0 to 1, e.g. 0.5.');
  return n;
}

/**
 * `lab fault network`: any Toxiproxy toxic on a link, for the faults `latency` does not cover (a reset
 * connection, a stalled one, a slow pipe). Attributes are checked here against the toxic's own list, so
 * a typo fails before it reaches the lab.
 */
export function faultNetworkCommand(): Command {
  const attributeHelp = networkFaultTypes.map((t) => `${t}: ${toxicAttributeNames(t).join(', ')}`).join('; ');
  return new Command('network')
    .description(
      'add a Toxiproxy toxic on a link (reset_peer, timeout, bandwidth, ...); replaces one of the same type',
    )
    .addOption(new Option('--link <name>', 'the link to break').choices(linkNames).makeOptionMandatory())
    .addOption(new Option('--type <toxic>', 'the toxic').choices(networkFaultTypes).makeOptionMandatory())
    .option('--set <name=value>', `a toxic attribute, repeatable (${attributeHelp})`, collectAttribute, {})
    .addOption(
      new Option('--stream <direction>', 'which direction of the link')
        .choices(['downstream', 'upstream'])
        .default('downstream'),
    )
    .option('--toxicity <p>', 'the share of connections affected, 0 to 1', probability, 1)
    .addOption(labOption())
    .action(async (options: NetworkOptions) => {
      const allowed = toxicAttributeNames(options.type);
      const unknown = Object.keys(options.set).filter((name) => !allowed.includes(name));
      if (unknown.length)
        throw new UsageError(
          `${options.type} has no attribute ${unknown.map((n) => `"${n}"`).join(', ')}; its attributes are: ${allowed.join(', ')}`,
        );
      const client = ControlClient.for(await new LabRegistry().pick(options.lab));
      const { name } = await client.addNetworkFault({
        link: options.link,
        type: options.type,
        attributes: options.set,
        stream: options.stream,
        toxicity: options.toxicity,
      });
      const attributes = Object.entries(options.set).map(([k, v]) => `${k}=${v}`);
      process.stdout.write(
        `added ${name} on ${options.link}${attributes.length ? ` (${attributes.join(', ')})` : ''}\n`,
      );
    });
}
