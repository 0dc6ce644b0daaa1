/**
 * Toxic types by name. Like Toxiproxy's `toxics.Register`, except that registering a name twice is an
 * error here (Go silently replaces), so two files can never claim the same type.
 */
import { bandwidthToxic } from './bandwidth.js';
import { latencyToxic } from './latency.js';
import { limitDataToxic } from './limit-data.js';
import { noopToxic } from './noop.js';
import { resetPeerToxic } from './reset-peer.js';
import { slicerToxic } from './slicer.js';
import { slowCloseToxic } from './slow-close.js';
import { timeoutToxic } from './timeout.js';
import type { ToxicAttributes, ToxicDefinition } from './toxic-definition.js';

export class ToxicRegistry {
  readonly #byType = new Map<string, ToxicDefinition>();

  register<A extends ToxicAttributes>(definition: ToxicDefinition<A>): this {
    if (this.#byType.has(definition.type)) {
      throw new Error(
        `toxic type "${definition.type}" is registered twice; each type has one file in lab/toxiproxy/toxics/ (registered: ${this.types().join(', ')})`,
      );
    }
    this.#byType.set(definition.type, definition as unknown as ToxicDefinition);
    return this;
  }

  get(type: string): ToxicDefinition | undefined {
    return this.#byType.get(type);
  }

  types(): string[] {
    return [...this.#byType.keys()];
  }
}

/** The toxics toxiproxy-server v2.12 ships (noop included: the real API accepts `"type": "noop"`). */
export const builtinToxics = new ToxicRegistry()
  .register(noopToxic)
  .register(latencyToxic)
  .register(bandwidthToxic)
  .register(slowCloseToxic)
  .register(timeoutToxic)
  .register(resetPeerToxic)
  .register(slicerToxic)
  .register(limitDataToxic);
