import {
  listToxics,
  putToxic,
  removeToxics,
  withToxic,
  type ProxyToxic,
  type ToxicLink,
  type ToxicRequest,
} from '../../shared/link-toxics.js';
import type { StartedToxiproxy } from '../../../toxiproxy/index.js';

/**
 * One toxiproxy proxy inside the toxiproxy container: it listens on `0.0.0.0:<port>` in the container,
 * so anything on the lab's network (the backend pods, through the node) reaches it at
 * `<toxiproxy IP or alias>:<port>`, and the host at 127.0.0.1:<published port> when that port was
 * published. Its toxics are the link's network faults (the same ToxicLink as the local profile's
 * database proxy, lab/runtime/local/database-proxy.ts).
 */
export class ContainerProxy implements ToxicLink {
  /** The toxics this lab has put on the proxy (what `status()` shows without a round trip). */
  applied: ProxyToxic[] = [];

  constructor(
    private readonly toxiproxy: StartedToxiproxy,
    readonly name: string,
    readonly port: number,
    /** `<toxiproxy container IP>:<port>`: where clients on the lab's network connect. */
    readonly networkAddress: string,
    /** `127.0.0.1:<published port>` when the port is published, for the lab's own checks. */
    readonly hostAddress: string | undefined,
    private currentUpstream: string,
  ) {}

  /** What toxiproxy listens on inside its container. */
  get listen(): string {
    return `0.0.0.0:${this.port}`;
  }

  get upstream(): string {
    return this.currentUpstream;
  }

  /**
   * Points new connections at another server (`host:port` on the lab's network, e.g. `postgres-1:5432`).
   * toxiproxy 2.12 restarts a proxy whose upstream changes: it closes every open client connection
   * (so pooled connections to a dead primary fail at once instead of hanging) and rebinds the listener;
   * toxics stay in place.
   */
  async repoint(upstream: string): Promise<void> {
    const proxy = await this.toxiproxy.client.get(this.name);
    await proxy.update({ enabled: true, listen: this.listen, upstream });
    this.currentUpstream = upstream;
  }

  /** Latency on the data flowing back to the client (what a client waits for), replacing latency already set. */
  async setLatency(latencyMs: number, jitterMs: number): Promise<void> {
    await this.addToxic({ type: 'latency', attributes: { latency: latencyMs, jitter: jitterMs } });
  }

  /** Adds a toxic named as toxiproxy names it by default (`<type>_<stream>`), replacing one already there. */
  async addToxic(toxic: ToxicRequest): Promise<{ name: string }> {
    const { name } = await putToxic(this.toxiproxy, this.name, toxic);
    this.applied = withToxic(this.applied, name, toxic);
    return { name };
  }

  async clear(): Promise<void> {
    await removeToxics(this.toxiproxy, this.name);
    this.applied = [];
  }

  /** The toxics as toxiproxy itself lists them. */
  toxics(): Promise<ProxyToxic[]> {
    return listToxics(this.toxiproxy, this.name);
  }
}
