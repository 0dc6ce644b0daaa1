import { GenericContainer, getContainerRuntimeClient, type StartedNetwork } from 'testcontainers';
import { runLabels } from '../docker/labels.js';

/** The lab's Docker network: a testcontainers StartedNetwork, or the name of one (createLabNetwork). */
export type LabNetwork = StartedNetwork | string;

export const networkName = (network: LabNetwork): string =>
  typeof network === 'string' ? network : network.getName();

/**
 * A container beside the Kubernetes node (a PostgreSQL node, toxiproxy): the run's labels, attached to
 * the lab's network only, under one alias, and its published ports on 127.0.0.1 only.
 *
 * testcontainers 11's withNetworkAliases() creates the container on the default bridge and connects it to
 * the network afterwards, so the container would sit on two networks (and pg_hba's `samenet` would
 * include the default bridge). Here the alias goes into the create request instead.
 */
export class LabContainer extends GenericContainer {
  private labNetwork: { name: string; alias: string } | undefined;
  private onCreated: ((id: string) => void) | undefined;

  withRun(runId: string, role: string): this {
    return this.withLabels(runLabels(runId, role));
  }

  /** Attaches the container to `network` only, reachable there as `alias`. */
  withLabNetwork(network: LabNetwork, alias: string): this {
    this.labNetwork = { name: networkName(network), alias };
    return this.withNetworkMode(this.labNetwork.name);
  }

  /**
   * Tells `onCreated` the container's id as soon as Docker has created it, so that a start that fails
   * before testcontainers hands out a started container still leaves something to remove.
   */
  withOnCreated(onCreated: (id: string) => void): this {
    this.onCreated = onCreated;
    return this;
  }

  protected override async containerCreated(id: string): Promise<void> {
    this.onCreated?.(id);
  }

  /** testcontainers 11 publishes on 0.0.0.0; the lab publishes on loopback only. */
  protected override async beforeContainerCreated(): Promise<void> {
    for (const bindings of Object.values(this.hostConfig.PortBindings ?? {}))
      for (const binding of bindings as { HostIp?: string }[]) binding.HostIp = '127.0.0.1';
    if (this.labNetwork) {
      this.createOpts.NetworkingConfig = {
        EndpointsConfig: { [this.labNetwork.name]: { Aliases: [this.labNetwork.alias] } },
      };
    }
  }
}

/** Docker's "no such container": the container is already gone, which is what removing it wanted. */
export function isNoSuchContainer(error: unknown): boolean {
  const e = error as { statusCode?: number; message?: string };
  return e.statusCode === 404 || /no such container/i.test(e.message ?? '');
}

/** `docker rm -fv <id>`: the container, killed if it runs, with its anonymous volumes; gone already is fine. */
export async function removeContainer(id: string): Promise<void> {
  const client = await getContainerRuntimeClient();
  try {
    await client.container.getById(id).remove({ force: true, v: true });
  } catch (error) {
    if (!isNoSuchContainer(error)) throw error;
  }
}
