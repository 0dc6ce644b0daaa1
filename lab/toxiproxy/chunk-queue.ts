/**
 * The channels of the embedded Toxiproxy's data path. Toxiproxy (Go) joins the toxics of one direction of
 * a connection with channels of `*StreamChunk`; closing a channel is how end-of-stream travels down the
 * chain, and a closed channel reads as `nil` forever. A `ChunkQueue` is that channel for one consumer:
 * `take()` resolves with the next chunk, `null` once the queue is closed and drained, or `INTERRUPTED`
 * when the consumer's toxic is interrupted (so the chain can be re-wired, as Go's `Interrupt` channel does).
 *
 * Pushes never block (JavaScript has no blocking send); instead every queue of a link counts its bytes
 * in a shared `Backlog`, and the link pauses the socket it reads from while the backlog is high. That
 * keeps TCP backpressure (a client writing into a `bandwidth` toxic is slowed down, as with the real one).
 */

/** Bytes read from a socket, with the time they were read (ms, `performance.now()`). */
export interface StreamChunk {
  data: Buffer;
  timestamp: number;
}

export const INTERRUPTED = Symbol('interrupted');
export type Taken = StreamChunk | null | typeof INTERRUPTED;

/** Bytes waiting in a link's queues; `onChange` lets the link pause or resume its source. */
export class Backlog {
  #bytes = 0;
  constructor(private readonly onChange: (bytes: number) => void = () => {}) {}
  get bytes(): number {
    return this.#bytes;
  }
  add(delta: number): void {
    this.#bytes += delta;
    this.onChange(this.#bytes);
  }
}

export class ChunkQueue {
  readonly #items: StreamChunk[] = [];
  #closed = false;
  #waiter: ((value: Taken) => void) | undefined;

  constructor(private readonly backlog: Backlog = new Backlog()) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** Appends a chunk; ignored once the queue is closed (nobody downstream reads any more). */
  push(chunk: StreamChunk): void {
    if (this.#closed) return;
    const waiter = this.#waiter;
    if (waiter) {
      this.#waiter = undefined;
      waiter(chunk);
      return;
    }
    this.#items.push(chunk);
    this.backlog.add(chunk.data.length);
  }

  /** End of stream: the consumer gets the chunks already queued, then `null` forever. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    const waiter = this.#waiter;
    if (waiter && this.#items.length === 0) {
      this.#waiter = undefined;
      waiter(null);
    }
  }

  /** The next chunk without waiting: `undefined` when the queue is open and empty. */
  takeNow(): StreamChunk | null | undefined {
    const chunk = this.#items.shift();
    if (chunk) {
      this.backlog.add(-chunk.data.length);
      return chunk;
    }
    return this.#closed ? null : undefined;
  }

  /** Waits for the next chunk; an aborted `signal` resolves `INTERRUPTED` and leaves the queue intact. */
  take(signal?: AbortSignal): Promise<Taken> {
    if (signal?.aborted) return Promise.resolve(INTERRUPTED);
    const now = this.takeNow();
    if (now !== undefined) return Promise.resolve(now);
    if (this.#waiter) throw new Error('ChunkQueue has one consumer at a time; a second take() was started');
    return new Promise<Taken>((resolve) => {
      const onAbort = (): void => {
        this.#waiter = undefined;
        resolve(INTERRUPTED);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiter = (value) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(value);
      };
    });
  }
}
