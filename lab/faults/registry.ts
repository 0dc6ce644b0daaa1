import { dbFailover } from './db-failover.js';
import type { FaultContext, FaultFactory } from './fault-types.js';
import { networkLatency } from './network-latency.js';
import { networkToxic } from './network-toxic.js';
import { podKillAllButOne } from './pod-kill-all-but-one.js';
import { podKill } from './pod-kill.js';
import { podPause } from './pod-pause.js';
import type { FaultHandle } from '../scenario/scenario-types.js';

type OptionsOf<F> = F extends FaultFactory<string, infer O> ? O : never;

export interface FaultRegistry<F extends FaultFactory<string, never>> {
  readonly kinds: readonly F['kind'][];
  describe(kind: string): string;
  inject<K extends F['kind']>(
    kind: K,
    context: FaultContext,
    options: OptionsOf<Extract<F, { kind: K }>>,
  ): Promise<FaultHandle>;
}

/**
 * Fault factories looked up by kind, like Playwright's reporters by name: one factory per file,
 * collected here; two factories with one kind are a programming error, reported at start.
 */
export function createFaultRegistry<const F extends readonly FaultFactory<string, never>[]>(
  factories: F,
): FaultRegistry<F[number]> {
  const byKind = new Map<string, FaultFactory<string, never>>();
  for (const factory of factories) {
    if (byKind.has(factory.kind))
      throw new Error(`two fault factories have the kind "${factory.kind}"; kinds must be unique`);
    byKind.set(factory.kind, factory);
  }
  const get = (kind: string) => {
    const factory = byKind.get(kind);
    if (!factory) throw new Error(`no fault of kind "${kind}"; kinds: ${[...byKind.keys()].join(', ')}`);
    return factory;
  };
  return {
    kinds: [...byKind.keys()],
    describe: (kind) => get(kind).description,
    inject: (kind, context, options) => get(kind).inject(context, options as never),
  };
}

export const faults = createFaultRegistry([
  podKill,
  podKillAllButOne,
  podPause,
  dbFailover,
  networkLatency,
  networkToxic,
] as const);
