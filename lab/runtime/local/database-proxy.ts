import getPort from 'get-port';
import type { StartedToxiproxy } from '../../toxiproxy/index.js';

export interface ProxyToxic {
  name: string;
  type: string;
  attributes: Record<string, number>;
}

/**
 * The name pods reach PostgreSQL by (the `postgres` Service, `lab.dhakacart.dev/provided-by:
 * database-proxy`): a Toxiproxy proxy on loopback in front of the current primary. A failover re-points
 * it, as RDS flips its DNS name, and the backend→database network faults are toxics on it. Everything
 * goes through Toxiproxy's HTTP API, so the real server and the embedded one behave the same.
 */
export class DatabaseProxy {
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

  /**
   * Adds a toxic named as Toxiproxy names it by default (`<type>_<stream>`), replacing one already
   * there under that name, so repeating a fault changes it instead of failing with 409.
   */
  async addToxic(toxic: {
    type: string;
    attributes: Record<string, number>;
    stream?: 'upstream' | 'downstream';
    toxicity?: number;
  }): Promise<{ name: string }> {
    const stream = toxic.stream ?? 'downstream';
    const name = `${toxic.type}_${stream}`;
    const proxy = await this.toxiproxy.client.get(this.name);
    if ((await this.toxics()).some((t) => t.name === name)) await (await proxy.getToxic(name)).remove();
    await proxy.addToxic({
      name,
      type: toxic.type as 'latency',
      stream,
      toxicity: toxic.toxicity ?? 1,
      attributes: toxic.attributes,
    });
    this.applied = [
      ...this.applied.filter((t) => t.name !== name),
      { name, type: toxic.type, attributes: toxic.attributes },
    ];
    return { name };
  }

  async clear(): Promise<void> {
    const proxy = await this.toxiproxy.client.get(this.name);
    for (const toxic of await this.toxics()) await (await proxy.getToxic(toxic.name)).remove();
    this.applied = [];
  }

  /** The toxics as Toxiproxy itself lists them. */
  async toxics(): Promise<ProxyToxic[]> {
    const response = await fetch(`${this.toxiproxy.url}/proxies/${this.name}/toxics`);
    if (!response.ok)
      throw new Error(`Toxiproxy answered ${response.status} listing the toxics of ${this.name}`);
    const toxics = (await response.json()) as {
      name: string;
      type: string;
      attributes: Record<string, number>;
    }[];
    return toxics.map(({ name, type, attributes }) => ({ name, type, attributes }));
  }
}
