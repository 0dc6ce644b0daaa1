import type { StartedToxiproxy } from '../../toxiproxy/index.js';
import {
  putToxic,
  removeToxics,
  toxicName,
  type ProxyToxic,
  type ToxicLink,
  type ToxicRequest,
} from '../shared/link-toxics.js';
import type { Endpoint, ServiceEndpoints } from './service-endpoints.js';

/**
 * A link in front of a Service's pods (the ingress→backend link): one Toxiproxy proxy per pod, named
 * `<link>-<pod>`, and `endpoints`, a mirror of the Service's ready endpoints whose addresses are the
 * proxies'. The ingress reads the mirror, so its traffic to the pods always passes Toxiproxy, fault or
 * not, and a toxic on the link is a toxic on every pod's proxy.
 *
 * Lifecycle, and why:
 * - a pod's proxy is made when its endpoint first appears, with the link's toxics already on it, and
 *   only then does its address enter the mirror: no request skips a toxic in place;
 * - the mirror drops a pod in the same tick the pod leaves the Service's endpoints (unready,
 *   terminating, dead), so the next request no longer picks it;
 * - the proxy itself stays until the pod is deleted (`podDeleted`): requests already on their way to a
 *   draining or frozen pod finish, or time out, on their open connections, as they do when ingress-nginx
 *   talks to the pod directly (deleting the proxy would cut them). A pod that turns ready again gets its
 *   proxy back.
 * Every change to the proxies and their toxics runs in one queue, so a toxic added while a pod's proxy
 * is being made lands on it too, and a toxic stays on the link (new pods included) until `clear()`.
 */
export interface ProxiedEndpointsOptions {
  toxiproxy: StartedToxiproxy;
  /** The link's name, the prefix of its proxies' names (`ingress-backend`). */
  link: string;
  /** The Service's own ready endpoints (the pods' addresses). */
  source: ServiceEndpoints;
  /** The mirror to fill: what the ingress reads for this Service. */
  endpoints: ServiceEndpoints;
  /** A failure to make or remove a proxy in the background (retried after `retryMs`). */
  onEvent?: (event: { type: 'link-sync-failed'; link: string; message: string }) => void;
  retryMs?: number;
}

interface PodProxy {
  /** Toxiproxy's name for it. */
  name: string;
  /** The pod's address. */
  upstream: string;
  host: string;
  port: number;
}

export class ProxiedEndpoints implements ToxicLink {
  readonly link: string;
  readonly endpoints: ServiceEndpoints;
  readonly #toxiproxy: StartedToxiproxy;
  readonly #source: ServiceEndpoints;
  readonly #options: ProxiedEndpointsOptions;
  readonly #proxies = new Map<string, PodProxy>();
  /** The toxics on the link by name, as requested (stream and toxicity kept for proxies made later). */
  readonly #toxics = new Map<string, ToxicRequest>();
  #queue: Promise<void> = Promise.resolve();
  #reconcileQueued = false;
  #retryTimer: NodeJS.Timeout | undefined;
  #stopped: Promise<void> | undefined;
  readonly #onChange = (ready: readonly Endpoint[]) => this.#sourceChanged(ready);

  private constructor(options: ProxiedEndpointsOptions) {
    this.#options = options;
    this.link = options.link;
    this.endpoints = options.endpoints;
    this.#toxiproxy = options.toxiproxy;
    this.#source = options.source;
  }

  /** Starts mirroring; resolves once every endpoint ready now has its proxy. */
  static async start(options: ProxiedEndpointsOptions): Promise<ProxiedEndpoints> {
    const link = new ProxiedEndpoints(options);
    options.source.on('change', link.#onChange);
    await link.#enqueue(() => link.#reconcile());
    return link;
  }

  get applied(): readonly ProxyToxic[] {
    return [...this.#toxics].map(([name, t]) => ({ name, type: t.type, attributes: t.attributes }));
  }

  /** The pods' proxies now: pod → Toxiproxy proxy name, listen and upstream addresses. */
  proxies(): { pod: string; name: string; listen: string; upstream: string }[] {
    return [...this.#proxies].map(([pod, p]) => ({
      pod,
      name: p.name,
      listen: `${p.host}:${p.port}`,
      upstream: p.upstream,
    }));
  }

  addToxic(toxic: ToxicRequest): Promise<{ name: string }> {
    return this.#enqueue(async () => {
      const name = toxicName(toxic);
      this.#toxics.set(name, toxic);
      await settleAll(
        [...this.#proxies.values()].map((p) => putToxic(this.#toxiproxy, p.name, toxic)),
        `adding ${name} on the ${this.link} link`,
      );
      return { name };
    });
  }

  clear(): Promise<void> {
    return this.#enqueue(async () => {
      this.#toxics.clear();
      await settleAll(
        [...this.#proxies.values()].map((p) => removeToxics(this.#toxiproxy, p.name)),
        `clearing the ${this.link} link`,
      );
    });
  }

  /** Resolves once every change seen so far is applied (e.g. each ready pod has its proxy in the mirror). */
  settled(): Promise<void> {
    return this.#queue;
  }

  /** The pod is gone: its proxy goes too (its open connections with it). */
  podDeleted(pod: string): void {
    this.endpoints.remove(pod);
    if (!this.#proxies.has(pod)) return;
    void this.#enqueue(async () => {
      if (this.#source.ready().some((e) => e.pod === pod)) return; // a pod of the same name came back
      await this.#removeProxy(pod);
    }).catch((error: unknown) => this.#failed(error));
  }

  /** Stops mirroring and removes the proxies; idempotent. */
  stop(): Promise<void> {
    return (this.#stopped ??= (async () => {
      this.#source.off('change', this.#onChange);
      clearTimeout(this.#retryTimer);
      await this.#queue;
      await settleAll(
        [...this.#proxies.keys()].map((pod) => this.#removeProxy(pod)),
        `removing the ${this.link} proxies`,
      );
    })());
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.stop();
  }

  /** At once: a pod that left (or moved) leaves the mirror; then, in the queue, proxies for new pods. */
  #sourceChanged(ready: readonly Endpoint[]): void {
    const now = new Map(ready.map((e) => [e.pod, `${e.host}:${e.port}`]));
    for (const mirrored of this.endpoints.ready()) {
      if (now.get(mirrored.pod) !== this.#proxies.get(mirrored.pod)?.upstream)
        this.endpoints.remove(mirrored.pod);
    }
    this.#scheduleReconcile();
  }

  #scheduleReconcile(): void {
    if (this.#reconcileQueued || this.#stopped) return;
    this.#reconcileQueued = true;
    void this.#enqueue(async () => {
      this.#reconcileQueued = false;
      await this.#reconcile();
    }).catch((error: unknown) => {
      this.#failed(error);
      clearTimeout(this.#retryTimer);
      this.#retryTimer = setTimeout(() => this.#scheduleReconcile(), this.#options.retryMs ?? 1000);
    });
  }

  async #reconcile(): Promise<void> {
    if (this.#stopped) return;
    for (const endpoint of this.#source.ready()) {
      const upstream = `${endpoint.host}:${endpoint.port}`;
      let proxy = this.#proxies.get(endpoint.pod);
      if (proxy && proxy.upstream !== upstream) {
        await this.#removeProxy(endpoint.pod);
        proxy = undefined;
      }
      proxy ??= await this.#makeProxy(endpoint.pod, upstream);
      // The pod may have left (or come back elsewhere) while its proxy was made.
      const current = this.#source.ready().find((e) => e.pod === endpoint.pod);
      if (current && `${current.host}:${current.port}` === proxy.upstream)
        this.endpoints.add({ pod: endpoint.pod, host: proxy.host, port: proxy.port });
    }
  }

  async #makeProxy(pod: string, upstream: string): Promise<PodProxy> {
    const name = `${this.link}-${pod}`;
    // Port 0: Toxiproxy binds a free port and answers with it (no window for another process to take it).
    const created = await this.#toxiproxy.client.createProxy({
      name,
      listen: '127.0.0.1:0',
      upstream,
      enabled: true,
    });
    const port = Number(created.listen.slice(created.listen.lastIndexOf(':') + 1));
    try {
      for (const toxic of this.#toxics.values()) await putToxic(this.#toxiproxy, name, toxic);
    } catch (error) {
      // A proxy without the link's toxics must never carry traffic: drop it, the retry makes it again.
      await created.remove().catch(() => undefined);
      throw error;
    }
    const proxy: PodProxy = { name, upstream, host: '127.0.0.1', port };
    this.#proxies.set(pod, proxy);
    return proxy;
  }

  async #removeProxy(pod: string): Promise<void> {
    const proxy = this.#proxies.get(pod);
    if (!proxy) return;
    this.endpoints.remove(pod);
    this.#proxies.delete(pod);
    await (await this.#toxiproxy.client.get(proxy.name)).remove();
  }

  #enqueue<T>(work: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(work);
    this.#queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  #failed(error: unknown): void {
    if (this.#stopped) return;
    const message = error instanceof Error ? error.message : String(error);
    try {
      this.#options.onEvent?.({ type: 'link-sync-failed', link: this.link, message });
    } catch {
      // A listener's bug must not break the link.
    }
  }
}

/** Waits for every operation; one failure is rethrown as is, several as one AggregateError. */
async function settleAll(work: Promise<unknown>[], what: string): Promise<void> {
  const failures = (await Promise.allSettled(work)).flatMap((r) =>
    r.status === 'rejected' ? [r.reason as unknown] : [],
  );
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${what} failed on ${failures.length} proxies`);
}
