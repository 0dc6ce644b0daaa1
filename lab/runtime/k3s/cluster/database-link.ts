import type { KubeConfig } from '@kubernetes/client-node';
import type { ProxyToxic, ToxicLink, ToxicRequest } from '../../shared/link-toxics.js';
import type { ContainerProxy, StartedToxiproxyContainer } from '../toxiproxy/index.js';
import { applyObjects } from './apply-objects.js';
import { databaseEndpointObjects } from './database-endpoints.js';

interface EndpointTarget {
  kubeconfig: KubeConfig;
  namespace: string;
  service: string;
}

/**
 * The backend→database link on the k3s profile: a toxiproxy proxy in front of the primary, which the
 * `postgres` Service's EndpointSlice points at. A failover does not touch that proxy: toxiproxy 2.12
 * stops a proxy to change its upstream, and a proxy whose connections lead to a SIGKILLed container
 * can block in Stop() for good (Shopify/toxiproxy#558, unfixed in 2.12), freezing its whole API. So
 * the link opens a new proxy on the next port in front of the new primary, carries the toxics over,
 * and re-points the EndpointSlice, as RDS flips its DNS name: new connections reach the new primary
 * once kube-proxy has synced (about a second), and connections to the dead one fail as they would.
 */
export class DatabaseLink implements ToxicLink {
  #current: ContainerProxy;
  #generation = 0;

  private constructor(
    private readonly toxiproxy: StartedToxiproxyContainer,
    private readonly endpoints: EndpointTarget,
    first: ContainerProxy,
  ) {
    this.#current = first;
  }

  /** The first proxy, in front of `upstream`, and the EndpointSlice pointing at it. */
  static async start(
    toxiproxy: StartedToxiproxyContainer,
    upstream: string,
    endpoints: EndpointTarget,
  ): Promise<DatabaseLink> {
    const link = new DatabaseLink(toxiproxy, endpoints, await toxiproxy.createDatabaseProxy(upstream));
    return link;
  }

  /** The EndpointSlice for the current proxy (applied at start with the shop's objects). */
  endpointObjects() {
    return databaseEndpointObjects({
      namespace: this.endpoints.namespace,
      service: this.endpoints.service,
      address: this.toxiproxy.ipAddress,
      port: this.#current.port,
    });
  }

  get applied(): readonly ProxyToxic[] {
    return this.#current.applied;
  }

  get listen(): string {
    return `${this.toxiproxy.ipAddress}:${this.#current.port} (${this.#current.name})`;
  }

  get upstream(): string {
    return this.#current.upstream;
  }

  addToxic(toxic: ToxicRequest): Promise<{ name: string }> {
    return this.#current.addToxic(toxic);
  }

  clear(): Promise<void> {
    return this.#current.clear();
  }

  async repoint(upstream: string): Promise<void> {
    const previous = this.#current;
    this.#generation += 1;
    const next = await this.toxiproxy.createProxy({
      name: `${previous.name.replace(/-\d+$/, '')}-${this.#generation}`,
      port: previous.port + 1,
      upstream,
    });
    // Faults in place stay in place: a failover does not heal a slow network.
    for (const toxic of previous.applied)
      await next.addToxic({ type: toxic.type, attributes: toxic.attributes, stream: streamOf(toxic.name) });
    this.#current = next;
    await applyObjects(this.endpoints.kubeconfig, this.endpointObjects());
  }
}

/** Toxics are named `<type>_<stream>` (link-toxics.ts). */
function streamOf(name: string): 'upstream' | 'downstream' {
  return name.endsWith('_upstream') ? 'upstream' : 'downstream';
}
