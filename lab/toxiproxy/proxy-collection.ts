/**
 * The proxies of one server by name (Toxiproxy's `ProxyCollection`): add (409 on a duplicate name),
 * add-or-replace for /populate (kept as is when listen and upstream match, replaced otherwise), remove.
 */
import { errProxyAlreadyExists, errProxyNotFound } from './api-error.js';
import type { Proxy } from './proxy.js';

export class ProxyCollection {
  readonly #proxies = new Map<string, Proxy>();

  /** In name order, as Go prints a map. */
  list(): Proxy[] {
    return [...this.#proxies.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  get(name: string): Proxy {
    const proxy = this.#proxies.get(name);
    if (!proxy) throw errProxyNotFound;
    return proxy;
  }

  async add(proxy: Proxy, start: boolean): Promise<void> {
    if (this.#proxies.has(proxy.name)) throw errProxyAlreadyExists;
    if (start) await proxy.start();
    this.#proxies.set(proxy.name, proxy);
  }

  async addOrReplace(proxy: Proxy, start: boolean): Promise<Proxy> {
    const existing = this.#proxies.get(proxy.name);
    if (existing) {
      if (!existing.differs(proxy)) return existing;
      await existing.stop();
    }
    if (start) await proxy.start();
    this.#proxies.set(proxy.name, proxy);
    return proxy;
  }

  async remove(name: string): Promise<void> {
    const proxy = this.get(name);
    await proxy.stop();
    this.#proxies.delete(name);
  }

  async clear(): Promise<void> {
    for (const proxy of this.#proxies.values()) await proxy.stop();
    this.#proxies.clear();
  }
}
