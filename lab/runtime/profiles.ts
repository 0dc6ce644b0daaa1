import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProfileName, StartTopology } from './topology.js';

/**
 * A profile's entry point, loaded only by `lab up` and `lab run` (lazily: `lab status`, `lab down` and
 * `lab fault` start fast and never load Docker or PostgreSQL code).
 *
 * `LAB_TOPOLOGY_MODULE=<path>` loads another module exporting `startTopology` instead, whatever the
 * profile: the CLI's own tests run `lab up` over a stand-in topology (lab/cli/test-support), so they
 * test the CLI (its output, signals, `lab down`) in a second rather than PostgreSQL and six pods.
 */
export async function loadProfile(profile: ProfileName): Promise<StartTopology> {
  const override = process.env.LAB_TOPOLOGY_MODULE;
  if (override) {
    const module = (await import(pathToFileURL(resolve(override)).href)) as { startTopology: StartTopology };
    return module.startTopology;
  }
  if (profile === 'k3s') return (await import('./k3s/k3s-topology.js')).startTopology;
  return (await import('./local/local-topology.js')).startTopology;
}

/**
 * What a profile needs from the machine, checked before a multi-profile run starts, so that
 * `lab run --profile local,k3s` without Docker stops at once (exit 2) rather than after the whole
 * local suite. A single profile needs no such check: its `startTopology` makes it first thing.
 * Skipped under LAB_TOPOLOGY_MODULE, whose stand-in needs nothing.
 */
export async function checkProfile(profile: ProfileName): Promise<void> {
  if (process.env.LAB_TOPOLOGY_MODULE) return;
  if (profile === 'k3s') await (await import('./k3s/docker/docker-cli.js')).requireDocker();
}
