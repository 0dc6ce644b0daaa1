import { hostname } from 'node:os';
import { isAlive } from '../../shared/run-label.js';
import { docker } from './docker-cli.js';
import { labels, runLabels } from './labels.js';

/**
 * The run's Docker network and named volumes, created with the run's labels (testcontainers 11 cannot
 * label a network, and anonymous volumes carry no labels at all), and the reaper that removes every
 * labelled container, volume and network whose owning lab process is gone.
 */
export async function createLabNetwork(runId: string): Promise<string> {
  const name = `dhakacart-lab-${runId}`;
  const flags = Object.entries(runLabels(runId, 'network')).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  await docker(['network', 'create', ...flags, name]);
  return name;
}

export async function createLabVolume(runId: string, role: string): Promise<string> {
  const name = `dhakacart-lab-${runId}-${role}`;
  const flags = Object.entries(runLabels(runId, role)).flatMap(([k, v]) => ['--label', `${k}=${v}`]);
  await docker(['volume', 'create', ...flags, name]);
  return name;
}

export interface LabResources {
  containers: string[];
  volumes: string[];
  networks: string[];
}

/** Every labelled resource of one run, or of all runs (`runId` undefined). */
export async function listLabResources(filter: { runId?: string } = {}): Promise<LabResources> {
  const by = filter.runId === undefined ? labels.run : `${labels.run}=${filter.runId}`;
  const lines = (text: string) => text.split('\n').filter(Boolean);
  const [containers, volumes, networks] = await Promise.all([
    docker(['ps', '-aq', '--filter', `label=${by}`]),
    docker(['volume', 'ls', '-q', '--filter', `label=${by}`]),
    docker(['network', 'ls', '-q', '--filter', `label=${by}`]),
  ]);
  return { containers: lines(containers), volumes: lines(volumes), networks: lines(networks) };
}

/** Removes containers (with their anonymous volumes), then named volumes, then networks. */
export async function removeLabResources(resources: LabResources): Promise<void> {
  if (resources.containers.length) await docker(['rm', '-fv', ...resources.containers]);
  if (resources.volumes.length) await docker(['volume', 'rm', '-f', ...resources.volumes]);
  for (const network of resources.networks) await docker(['network', 'rm', network]).catch(() => undefined);
}

/**
 * Removes what dead labs left on this Docker host: resources whose owner label names this host and a
 * process that no longer runs (a `kill -9`ed `lab up`). Resources of live labs, and of labs on other
 * hosts sharing the daemon, are left alone. Returns the run ids reaped.
 */
export async function reapDeadLabs(): Promise<string[]> {
  const out = await docker([
    'ps',
    '-a',
    '--filter',
    `label=${labels.owner}`,
    '--format',
    `{{.Label "${labels.run}"}} {{.Label "${labels.owner}"}}`,
  ]);
  const volumesOut = await docker([
    'volume',
    'ls',
    '--filter',
    `label=${labels.owner}`,
    '--format',
    `{{.Label "${labels.run}"}} {{.Label "${labels.owner}"}}`,
  ]);
  const networksOut = await docker([
    'network',
    'ls',
    '--filter',
    `label=${labels.owner}`,
    '--format',
    `{{.Label "${labels.run}"}} {{.Label "${labels.owner}"}}`,
  ]);
  const dead = new Set<string>();
  for (const line of `${out}\n${volumesOut}\n${networksOut}`.split('\n')) {
    const [runId, owner] = line.trim().split(' ');
    if (!runId || !owner) continue;
    const [host, pid] = owner.split(':');
    if (host !== hostname() || Number(pid) === process.pid || isAlive(Number(pid))) continue;
    dead.add(runId);
  }
  for (const runId of dead) await removeLabResources(await listLabResources({ runId }));
  return [...dead];
}
