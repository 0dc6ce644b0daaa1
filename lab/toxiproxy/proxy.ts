/**
 * One proxy (Toxiproxy's `Proxy`): listens on 127.0.0.1, dials the upstream for each client it accepts,
 * and joins the two through its toxics. Start/stop/update follow proxy.go: stopping closes the listener
 * and every open connection; changing `listen` or `upstream` restarts the proxy, so open connections
 * are dropped and new ones go to the new upstream; a proxy that fails to start stays disabled.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Connection } from './connection.js';
import { resolveListen, splitHostPort } from './listen-address.js';
import { ToxicCollection } from './toxic-collection.js';
import type { ToxicJson } from './toxic-wrapper.js';
import type { ToxicRegistry } from './toxics/registry.js';

export const errProxyAlreadyStarted = new Error('Proxy already started');

/** Go's net.Dial/net.Listen defaults: Nagle off, keep-alive after 15 s. */
const socketDefaults = { noDelay: true, keepAlive: true, keepAliveInitialDelay: 15_000 } as const;

export interface ProxyFields {
  listen: string;
  upstream: string;
  enabled: boolean;
}

export interface ProxyJson {
  name: string;
  listen: string;
  upstream: string;
  enabled: boolean;
  /** Printed by the real server too (an exported field of its Proxy struct without a JSON tag). */
  Logger: Record<string, never>;
  toxics: ToxicJson[];
}

export class Proxy {
  enabled = false;
  readonly toxics: ToxicCollection;
  #server: Server | undefined;
  readonly #connections = new Set<Connection>();
  /** Every client and upstream socket not yet closed: dialling, joined, or flushing before its close. */
  readonly #sockets = new Set<Socket>();

  constructor(
    readonly name: string,
    public listen: string,
    public upstream: string,
    registry: ToxicRegistry,
    random: () => number,
  ) {
    this.toxics = new ToxicCollection(registry, random);
  }

  toJSON(): ProxyJson {
    const { name, listen, upstream, enabled } = this;
    return { name, listen, upstream, enabled, Logger: {}, toxics: this.toxics.toJSON() };
  }

  /** `net.ResolveTCPAddr` of the other's listen differs from ours, or the upstream does. */
  differs(other: Pick<ProxyFields, 'listen' | 'upstream'>): boolean {
    return this.listen !== resolveListen(other.listen) || this.upstream !== other.upstream;
  }

  async start(): Promise<void> {
    if (this.enabled) throw errProxyAlreadyStarted;
    let address: string;
    try {
      address = resolveListen(this.listen);
    } catch (error) {
      throw new Error(`listen tcp: ${(error as Error).message}`, { cause: error });
    }
    const { host, port } = splitHostPort(address);
    const server = createServer({ allowHalfOpen: true, pauseOnConnect: true, ...socketDefaults }, (client) =>
      this.#accept(client),
    );
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(address, error)));
      server.listen({ host, port, exclusive: true }, () => resolve());
    });
    server.on('error', () => {});
    this.#server = server;
    this.listen = `${host}:${(server.address() as AddressInfo).port}`;
    this.enabled = true;
  }

  async stop(): Promise<void> {
    if (!this.enabled) return;
    this.enabled = false;
    const server = this.#server;
    this.#server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const connection of this.#connections) connection.abort();
    this.#connections.clear();
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
    await closed;
  }

  /** `POST /proxies/{name}`: fields default to the current ones (the API fills them in). */
  async update(input: ProxyFields): Promise<void> {
    if (this.differs(input)) {
      await this.stop();
      this.listen = input.listen;
      this.upstream = input.upstream;
    }
    if (input.enabled !== this.enabled) {
      if (input.enabled) await this.start();
      else await this.stop();
    }
  }

  #accept(client: Socket): void {
    const server = this.#server;
    client.on('error', () => {});
    let target;
    try {
      target = splitHostPort(this.upstream);
    } catch {
      client.destroy();
      return;
    }
    const upstream = connect({
      host: target.host,
      port: target.port,
      allowHalfOpen: true,
      ...socketDefaults,
    });
    for (const socket of [client, upstream]) {
      this.#sockets.add(socket);
      socket.once('close', () => this.#sockets.delete(socket));
    }
    upstream.once('error', () => closeUndialled(client));
    upstream.once('connect', () => {
      upstream.removeAllListeners('error');
      // Stopped (or restarted) while dialling: the connection belongs to a listener that is gone.
      if (server !== this.#server || client.destroyed) {
        upstream.destroy();
        client.destroy();
        return;
      }
      const connection = new Connection(client, upstream, this.toxics, (c) => this.#connections.delete(c));
      this.#connections.add(connection);
    });
  }
}

/**
 * The upstream could not be dialled: close the client as Go does (`client.Close()` right after a failed
 * dial). Go dials before the client has usually sent anything, so the client sees a FIN; here the dial
 * takes a turn of the event loop, so bytes the client sent meanwhile are read and dropped first, or
 * closing with unread data would send an RST instead.
 */
function closeUndialled(client: Socket): void {
  client.on('data', () => {});
  client.resume();
  client.end(() => client.destroy());
  setTimeout(() => client.destroy(), 1_000).unref();
}

/** Go's message for a failed listen, e.g. `listen tcp 127.0.0.1:5432: bind: address already in use`. */
function listenError(address: string, error: NodeJS.ErrnoException): Error {
  const reason =
    error.code === 'EADDRINUSE'
      ? 'bind: address already in use'
      : error.code === 'EACCES'
        ? 'bind: permission denied'
        : error.code === 'EADDRNOTAVAIL'
          ? 'bind: cannot assign requested address'
          : error.message;
  return new Error(`listen tcp ${address}: ${reason}`);
}
