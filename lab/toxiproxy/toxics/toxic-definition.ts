/**
 * What one toxic type is, in one file per type (lab/toxiproxy/toxics/<type>.ts), as Toxiproxy's
 * `toxics/*.go`: its registered name, its attributes (JSON name → Go kind, in the Go struct's field
 * order, which is also the order they print in), and `pipe`, which moves chunks from the stub's input
 * to its output until the stream ends (then it closes the stub) or the toxic is interrupted (then it
 * returns, leaving the stub open so the chain can be re-wired).
 */
import type { ToxicStub } from '../toxic-stub.js';

export type AttributeKind = 'int' | 'int64';
export type ToxicAttributes = Record<string, number>;

export interface ToxicDefinition<A extends ToxicAttributes = ToxicAttributes> {
  /** The `type` clients send, e.g. `latency`. */
  readonly type: string;
  /** The Go struct's name, for decode errors (`LatencyToxic`). */
  readonly goType: string;
  /** Attribute JSON names and Go kinds, in declaration order; every attribute defaults to 0. */
  readonly attributes: { readonly [K in keyof A]: AttributeKind };
  /** Per-connection state, created when the toxic starts on a connection (limit_data's byte count). */
  newState?(): unknown;
  /** Runs before the toxic is removed from an open connection (timeout closes the connection). */
  cleanup?(stub: ToxicStub): void;
  pipe(stub: ToxicStub, attributes: Readonly<A>): Promise<void>;
}

/** Identity, for type inference in the toxic files (like `defineScenario`). */
export function defineToxic<A extends ToxicAttributes>(definition: ToxicDefinition<A>): ToxicDefinition<A> {
  return definition;
}

/** `rand.Int63n(n)`: a uniform integer in [0, n). */
export function randomInt(random: () => number, n: number): number {
  return Math.floor(random() * n);
}
