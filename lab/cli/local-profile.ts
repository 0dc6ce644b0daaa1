import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as LocalTopology from '../runtime/local/local-topology.js';

export type { LocalTopologyOptions, StartedLocalTopology } from '../runtime/local/local-topology.js';

/**
 * The local profile's entry point, loaded only by `lab up` (and `lab run`) so that `lab status`,
 * `lab down` and `lab fault` start fast and keep working while the runtime is being changed.
 *
 * `LAB_TOPOLOGY_MODULE=<path>` loads another module with the same `startLocalTopology` export instead:
 * the CLI's own tests use it to run `lab up` over a stand-in topology (lab/cli/test-support), so they
 * test the CLI (its output, signals, `lab down`) in a second rather than PostgreSQL and six pods.
 */
export async function loadLocalProfile(): Promise<typeof LocalTopology> {
  const override = process.env.LAB_TOPOLOGY_MODULE;
  if (override) return (await import(pathToFileURL(resolve(override)).href)) as typeof LocalTopology;
  return import('../runtime/local/local-topology.js');
}
