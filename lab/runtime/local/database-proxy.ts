import getPort from 'get-port';
import type { StartedToxiproxy } from '../../toxiproxy/index.js';
import {
  listToxics,
  putToxic,
  removeToxics,
  withToxic,
  type ProxyToxic,
  type ToxicLink,
  type ToxicRequest,
} from '../shared/link-toxics.js';

export type { ProxyToxic } from '../shared/link-toxics.js';

/**
 * The name pods reach PostgreSQL by (the `postgres` Service, `lab.dhakacart.dev/provided-by:
 * database-proxy`): a Toxiproxy proxy on loopback in front of the current primary. A failover re-points
 * it, as RDS flips its DNS name, and the backend→database network faults are toxics on it. Everything
 * goes through Toxiproxy's HTTP API, so the real server and the embedded one behave the same.
 */
export class DatabaseProxy implements ToxicLink {
  private constructor(
    private readonly toxiproxy: StartedToxiproxy,
    readonly name: string,
    readonly host: string,
    readonly port: number,
    private currentUpstream: string,
  ) {}

  /** The toxics this lab has put on the proxy (what `status()` shows without a round trip). */
  applied: ProxyToxic[] = [];

  static async start(
    toxiproxy: StartedToxiproxy,
    name: string,
    upstream: { host: string; port: number },
  ): Promise<DatabaseProxy> {
    const port = await getPort({ host: '127.0.0.1' });
    const target = `${upstream.host}:${upstream.port}`;
    await toxiproxy.client.createProxy({
      name,
      listen: `127.0.0.1:${port}`,
      upstream: target,
      enabled: true,
    });
    return new DatabaseProxy(toxiproxy, name, '127.0.0.1', port, target);
  }

  get listen(): string {
    return `${this.host}:${this.port}`;
  }

  get upstream(): string {
    return this.currentUpstream;
  }

  /** Points new connections at another server; Toxiproxy closes the connections open to the old one. */
  async repoint(upstream: { host: string; port: number }): Promise<void> {
    const target = `${upstream.host}:${upstream.port}`;
    const proxy = await this.toxiproxy.client.get(this.name);
    await proxy.update({ enabled: true, listen: this.listen, upstream: target });
    this.currentUpstream = target;
  }

  /** Latency on the data flowing back to the pods (what a client waits for), replacing latency already set. */
  async setLatency(latencyMs: number, jitterMs: number): Promise<void> {
    await this.addToxic({ type: 'latency', attributes: { latency: latencyMs, jitter: jitterMs } });
  }

  /** Adds a toxic named as Toxiproxy names it by default (`<type>_<stream>`), replacing one already there. */
  async addToxic(toxic: ToxicRequest): Promise<{ name: string }> {
    const { name } = await putToxic(this.toxiproxy, this.name, toxic);
    this.applied = withToxic(this.applied, name, toxic);
    return { name };
  }

  async clear(): Promise<void> {
    await removeToxics(this.toxiproxy, this.name);
    this.applied = [];
  }

  /** The toxics as Toxiproxy itself lists them. */
  toxics(): Promise<ProxyToxic[]> {
    return listToxics(this.toxiproxy, this.name);
  }
}
