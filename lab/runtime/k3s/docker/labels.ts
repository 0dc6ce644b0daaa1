import { hostname } from 'node:os';

/**
 * Labels on every container, network, volume and image the k3s profile creates. There is no Ryuk on
 * this kind of machine (its image cannot be pulled), so the lab reaps its own leftovers the way
 * testcontainers' reaper and `kind delete clusters --all` do: by label. A resource whose owner process
 * is gone (a `kill -9`ed lab) is removed by the next `lab up`/`lab run`/`lab down`.
 */
export const labelPrefix = 'dev.dhakacart.lab';
export const labels = {
  /** The run id (`20261204-201502-a3f9`), shared with the run's processes and temp dirs. */
  run: `${labelPrefix}.run`,
  /** `<hostname>:<pid>` of the lab process that owns the resource. */
  owner: `${labelPrefix}.owner`,
  /** What the container is in the topology: node, postgres-0, postgres-1, toxiproxy, prometheus. */
  role: `${labelPrefix}.role`,
  /** On images: the image's name in the lab's image set (base, node, backend, ...). */
  image: `${labelPrefix}.image`,
} as const;

/** The labels a resource of run `runId` carries, owned by this process. */
export function runLabels(runId: string, role?: string): Record<string, string> {
  return {
    [labels.run]: runId,
    [labels.owner]: `${hostname()}:${process.pid}`,
    ...(role !== undefined && { [labels.role]: role }),
  };
}
