/**
 * One toxic's place in one direction of one connection, as Toxiproxy's `ToxicStub`: an input channel,
 * an output channel, per-connection state, and an interrupt that stops the running toxic so the chain can
 * be re-wired (a toxic added, updated or removed while connections are open).
 *
 * `run()` rolls `toxicity` each time the stub (re)starts, exactly where the real one does
 * (`ToxicStub.Run`): a toxic with toxicity 0.5 applies to about half of the connections, and is rolled
 * again for open connections when the chain changes.
 */
import { performance } from 'node:perf_hooks';
import { INTERRUPTED, type ChunkQueue, type StreamChunk, type Taken } from './chunk-queue.js';

export const TIMED_OUT = Symbol('timed out');

/** What a stub runs: a toxic with its attributes bound, or the pass-through fallback. */
export interface RunnableToxic {
  readonly toxicity: number;
  pipe(stub: ToxicStub): Promise<void>;
}

export class ToxicStub {
  state: unknown;
  #closed = false;
  #signal: AbortSignal = new AbortController().signal;
  #abort: AbortController | undefined;
  #running: Promise<void> = Promise.resolve();

  constructor(
    public input: ChunkQueue,
    public output: ChunkQueue,
    readonly random: () => number,
    private readonly passThrough: RunnableToxic,
  ) {}

  get closed(): boolean {
    return this.#closed;
  }

  /** Starts `toxic` on this stub (or the pass-through, when the toxicity roll says not this time). */
  run(toxic: RunnableToxic): void {
    const abort = new AbortController();
    this.#abort = abort;
    this.#signal = abort.signal;
    const chosen = this.random() < toxic.toxicity ? toxic : this.passThrough;
    this.#running = chosen.pipe(this).catch((error: unknown) => {
      // A toxic that throws must not leave the connection hanging: end this direction.
      this.close();
      throw error;
    });
    this.#running.catch(() => {});
  }

  /**
   * Stops the running toxic and waits for it to return. False when the stub is closed (the stream has
   * ended), as `InterruptToxic` says.
   */
  async interrupt(): Promise<boolean> {
    if (this.#closed) return false;
    this.#abort?.abort();
    await this.#running.catch(() => {});
    return !this.#closed;
  }

  /** Closes the output: end of stream for everything after this toxic. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.output.close();
  }

  send(chunk: StreamChunk): void {
    this.output.push(chunk);
  }

  /** The next input chunk, `null` at end of stream, or `INTERRUPTED`. */
  receive(): Promise<Taken> {
    return this.input.take(this.#signal);
  }

  /** As `receive()`, or `TIMED_OUT` when nothing arrives within `timeoutMs`. */
  receiveWithin(timeoutMs: number): Promise<Taken | typeof TIMED_OUT> {
    const timer = new AbortController();
    const timeout = setTimeout(() => timer.abort(), timeoutMs);
    return this.input.take(AbortSignal.any([this.#signal, timer.signal])).then((taken) => {
      clearTimeout(timeout);
      return taken === INTERRUPTED && !this.#signal.aborted ? TIMED_OUT : taken;
    });
  }

  /** Sleeps `ms` (never less); false when interrupted first. */
  sleep(ms: number): Promise<boolean> {
    return sleepUntil(performance.now() + ms, this.#signal);
  }

  /** Resolves once the running toxic is interrupted. */
  untilInterrupted(): Promise<void> {
    const signal = this.#signal;
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
  }
}

/**
 * Waits until `performance.now()` reaches `target`. Timers are re-armed when they fire early (libuv
 * rounds to whole milliseconds), because a latency toxic must never deliver before its delay; delays
 * under 1 ms yield once (setImmediate) instead, since Node timers cannot wait less than 1 ms.
 */
export function sleepUntil(target: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    let cancel = (): void => {};
    const finish = (completed: boolean): void => {
      signal?.removeEventListener('abort', onAbort);
      resolve(completed);
    };
    const onAbort = (): void => {
      cancel();
      finish(false);
    };
    const arm = (): void => {
      const left = target - performance.now();
      if (left <= 0) return finish(true);
      if (left < 1) {
        const immediate = setImmediate(() => finish(true));
        cancel = () => clearImmediate(immediate);
      } else {
        const timeout = setTimeout(arm, Math.ceil(left));
        cancel = () => clearTimeout(timeout);
      }
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    arm();
  });
}
