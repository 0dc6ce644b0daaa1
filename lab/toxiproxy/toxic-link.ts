/**
 * One direction of one connection (Toxiproxy's `ToxicLink`): input → noop → toxic → ... → output, one
 * stub per toxic of the direction's chain. Toxics added, updated or removed while the connection is open
 * re-wire the chain the way link.go does: interrupt the stub concerned, move the channel, run it again
 * (which also re-rolls its toxicity); data held by a removed toxic is passed on, not dropped.
 */
import type { Backlog } from './chunk-queue.js';
import { ChunkQueue } from './chunk-queue.js';
import { ToxicStub, type RunnableToxic } from './toxic-stub.js';
import type { Direction, ToxicWrapper } from './toxic-wrapper.js';

export class ToxicLink {
  readonly stubs: ToxicStub[] = [];
  readonly input: ChunkQueue;
  readonly output: ChunkQueue;

  constructor(
    readonly direction: Direction,
    /** The collection's current chain for this direction (index 0 is the hidden noop). */
    private readonly chain: () => readonly ToxicWrapper[],
    readonly backlog: Backlog,
    private readonly random: () => number,
    private readonly passThrough: RunnableToxic,
  ) {
    this.input = new ChunkQueue(backlog);
    let last = this.input;
    for (let i = 0; i < chain().length; i += 1) {
      const next = new ChunkQueue(backlog);
      this.stubs.push(this.#stub(last, next));
      last = next;
    }
    this.output = last;
  }

  start(): void {
    this.chain().forEach((toxic, i) => {
      const stub = this.stubs[i] as ToxicStub;
      if (toxic.definition.newState) stub.state = toxic.definition.newState();
      stub.run(toxic);
    });
  }

  /** Adds a toxic at the end of the chain (the collection has already appended it). */
  async addToxic(toxic: ToxicWrapper): Promise<void> {
    const previous = this.stubs.at(-1) as ToxicStub;
    const input = new ChunkQueue(this.backlog);
    const stub = this.#stub(input, previous.output);
    this.stubs.push(stub);
    if (await previous.interrupt()) {
      previous.output = input;
      if (toxic.definition.newState) stub.state = toxic.definition.newState();
      stub.run(toxic);
      previous.run(this.#chainAt(this.stubs.length - 2));
    } else {
      // The stream has already ended: keep the chain consistent, closed.
      stub.output = input;
      stub.close();
    }
  }

  /** Restarts the toxic's stub with its new attributes and toxicity. */
  async updateToxic(toxic: ToxicWrapper): Promise<void> {
    const stub = this.stubs[toxic.index] as ToxicStub;
    if (await stub.interrupt()) stub.run(toxic);
  }

  /** Removes the toxic's stub, passing on what it held (`index` is its position before removal). */
  async removeToxic(toxic: ToxicWrapper, index: number): Promise<void> {
    const stub = this.stubs[index] as ToxicStub;
    const previous = this.stubs[index - 1] as ToxicStub;
    if (!(await stub.interrupt())) return;
    if (toxic.definition.cleanup) {
      toxic.definition.cleanup(stub);
      if (stub.closed) return;
    }
    await previous.interrupt();
    for (;;) {
      const chunk = stub.input.takeNow();
      if (chunk === undefined) break;
      if (chunk === null) return stub.close();
      stub.output.push(chunk);
    }
    previous.output = stub.output;
    this.stubs.splice(index, 1);
    previous.run(this.#chainAt(index - 1));
  }

  #chainAt(index: number): ToxicWrapper {
    return this.chain()[index] as ToxicWrapper;
  }

  #stub(input: ChunkQueue, output: ChunkQueue): ToxicStub {
    return new ToxicStub(input, output, this.random, this.passThrough);
  }
}
