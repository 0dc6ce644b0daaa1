/**
 * One client connection through a proxy: the client socket, the upstream socket, and a ToxicLink per
 * direction (client → upstream is `upstream`, upstream → client is `downstream`).
 *
 * Closing follows proxy.go/link.go, because clients can tell the difference:
 * - when a direction's stream ends (its source sent FIN, or a toxic closed it), its writer flushes and
 *   then fully closes the destination socket (Go's `Close()`, not a half-close), which also ends the
 *   other direction: a client that half-closes loses any reply still to come, as with the real server;
 * - a connection opened while a reset_peer toxic is in place closes with RST (the real server sets
 *   SO_LINGER 0 on both sockets at that moment; Node's `resetAndDestroy()` is the same thing).
 * Hand-written on node:net: no npm library implements Toxiproxy's toxic chain (see embedded-server.ts).
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { Backlog, type ChunkQueue } from './chunk-queue.js';
import type { ToxicCollection } from './toxic-collection.js';
import type { Direction } from './toxic-wrapper.js';

/** A link pauses its source above this many queued bytes and resumes below the low mark. */
const backlogHigh = 1024 * 1024;
const backlogLow = 256 * 1024;
/** How long a closing socket may take to flush before it is destroyed anyway. */
const closeFlushLimitMs = 30_000;

export class Connection {
  readonly #resetOnClose: boolean;
  readonly #stopReading = new Map<Socket, () => void>();
  #open = 2;

  constructor(
    readonly client: Socket,
    readonly upstream: Socket,
    private readonly toxics: ToxicCollection,
    private readonly onClosed: (connection: Connection) => void,
  ) {
    this.#resetOnClose = toxics.hasResetPeer();
    this.#pipe(client, upstream, 'upstream');
    this.#pipe(upstream, client, 'downstream');
  }

  /** Closes both sockets now (the proxy is stopping, as `stop()` closes every connection in Go). */
  abort(): void {
    for (const socket of [this.client, this.upstream]) {
      this.#stopReading.get(socket)?.();
      if (socket.destroyed) continue;
      if (this.#resetOnClose) socket.resetAndDestroy();
      else socket.destroy();
    }
  }

  #pipe(source: Socket, dest: Socket, direction: Direction): void {
    let paused = false;
    const backlog = new Backlog((bytes) => {
      if (!paused && bytes > backlogHigh) {
        paused = true;
        source.pause();
      } else if (paused && bytes <= backlogLow) {
        paused = false;
        source.resume();
      }
    });
    const link = this.toxics.startLink(direction, backlog);
    const onData = (data: Buffer): void => link.input.push({ data, timestamp: performance.now() });
    const end = (): void => {
      source.off('data', onData);
      link.input.close();
    };
    this.#stopReading.set(source, end);
    source.on('error', () => {});
    source.on('data', onData);
    source.once('end', end);
    source.once('close', end);
    source.resume();
    void this.#write(link.output, dest).finally(() => {
      this.toxics.removeLink(link);
      this.#open -= 1;
      if (this.#open === 0) this.onClosed(this);
    });
  }

  async #write(output: ChunkQueue, dest: Socket): Promise<void> {
    for (;;) {
      const chunk = await output.take();
      if (chunk === null || typeof chunk === 'symbol' || dest.destroyed) break;
      if (!dest.write(chunk.data)) await drainedOrClosed(dest);
    }
    this.#close(dest);
  }

  /** Go's `Close()` on a connection: stop reading it, flush what was written, close (or reset) it. */
  #close(socket: Socket): void {
    this.#stopReading.get(socket)?.();
    if (socket.destroyed) return;
    if (this.#resetOnClose) {
      socket.resetAndDestroy();
      return;
    }
    const limit = setTimeout(() => socket.destroy(), closeFlushLimitMs);
    limit.unref();
    socket.end(() => {
      clearTimeout(limit);
      socket.destroy();
    });
  }
}

function drainedOrClosed(socket: Socket): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      socket.off('drain', done);
      socket.off('close', done);
      resolve();
    };
    socket.on('drain', done);
    socket.on('close', done);
  });
}
