/**
 * Real TCP peers for the Toxiproxy tests: an upstream server on 127.0.0.1 (echo, optionally greeting
 * each connection and/or closing after it) and a client that records what it receives and how its
 * connection ends, each wait bounded in time.
 */
import { createServer as createHttpServer } from 'node:http';
import { connect, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';

export interface UpstreamOptions {
  /** Written to every connection as soon as it opens. */
  greeting?: Buffer | string;
  /** Close (FIN) right after the greeting instead of echoing. */
  closeAfterGreeting?: boolean;
}

export interface TestUpstream {
  /** `127.0.0.1:<port>`, the form a proxy's `upstream` takes. */
  readonly address: string;
  readonly port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  /** Bytes received over all connections. */
  readonly received: number;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startUpstream(options: UpstreamOptions = {}): Promise<TestUpstream> {
  const sockets = new Set<Socket>();
  let connections = 0;
  let received = 0;
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    if (options.greeting !== undefined) socket.write(options.greeting);
    if (options.closeAfterGreeting) {
      socket.end();
      socket.resume();
      return;
    }
    socket.on('data', (data: Buffer) => {
      received += data.length;
      if (socket.writable) socket.write(data);
    });
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return {
    address: `127.0.0.1:${port}`,
    port,
    get connections() {
      return connections;
    },
    get received() {
      return received;
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** An HTTP upstream answering every request with 200 `{"status":"ok"}` (a shop pod's /healthz). */
export async function startHttpUpstream(): Promise<{ address: string; close(): Promise<void> }> {
  const server = createHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ status: 'ok' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    address: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** How a client's connection ended: FIN (`end`), an error code (`ECONNRESET`), and when (ms since connect). */
export interface ClientEnd {
  how: 'end' | 'error' | 'close';
  code?: string;
  atMs: number;
}

export class TestClient {
  readonly chunks: Array<{ data: Buffer; atMs: number }> = [];
  readonly connectedAt: number;
  #end: ClientEnd | undefined;
  #bytes = 0;
  readonly #waiters = new Set<() => void>();

  private constructor(readonly socket: Socket) {
    this.connectedAt = performance.now();
    socket.on('data', (data: Buffer) => {
      this.chunks.push({ data, atMs: performance.now() - this.connectedAt });
      this.#bytes += data.length;
      this.#notify();
    });
    socket.on('error', (error: NodeJS.ErrnoException) =>
      this.#finish({ how: 'error', code: error.code ?? error.message }),
    );
    socket.on('end', () => {
      this.#finish({ how: 'end' });
      socket.end();
    });
    socket.on('close', () => this.#finish({ how: 'close' }));
  }

  /** Connects to `port`; rejects with the socket error (e.g. ECONNREFUSED). */
  static connect(port: number): Promise<TestClient> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, allowHalfOpen: true, noDelay: true });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(new TestClient(socket));
      });
    });
  }

  get receivedBytes(): number {
    return this.#bytes;
  }

  get received(): Buffer {
    return Buffer.concat(this.chunks.map((c) => c.data));
  }

  get ended(): ClientEnd | undefined {
    return this.#end;
  }

  write(data: Buffer | string): void {
    this.socket.write(data);
  }

  /** Resolves once `bytes` bytes arrived; rejects after `timeoutMs` saying how many did. */
  waitForBytes(bytes: number, timeoutMs = 5_000): Promise<Buffer> {
    return this.#waitFor(
      () => this.#bytes >= bytes,
      timeoutMs,
      () => `${bytes} bytes (got ${this.#bytes})`,
    ).then(() => this.received);
  }

  /** Resolves with how the connection ended; rejects when it is still open after `timeoutMs`. */
  waitForEnd(timeoutMs = 5_000): Promise<ClientEnd> {
    return this.#waitFor(
      () => this.#end !== undefined,
      timeoutMs,
      () => 'the connection to end',
    ).then(() => this.#end as ClientEnd);
  }

  /** True when the connection is still open after `ms` (for "holds the connection" cases). */
  async staysOpenFor(ms: number): Promise<boolean> {
    await this.#waitFor(
      () => this.#end !== undefined,
      ms,
      () => '',
    ).catch(() => {});
    return this.#end === undefined;
  }

  destroy(): void {
    this.socket.destroy();
  }

  #finish(end: Omit<ClientEnd, 'atMs'>): void {
    if (this.#end && !(this.#end.how === 'close' && end.how !== 'close')) return;
    this.#end = { ...end, atMs: this.#end?.atMs ?? performance.now() - this.connectedAt };
    this.#notify();
  }

  #notify(): void {
    for (const waiter of this.#waiters) waiter();
  }

  #waitFor(done: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (!done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
    });
  }
}
