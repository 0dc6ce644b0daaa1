/**
 * A toxic added to a proxy (Toxiproxy's `ToxicWrapper`): its name, type, stream, toxicity and
 * attributes, its place in its direction's chain, and its JSON form
 * `{"attributes":{...},"name","type","stream","toxicity"}` in the real server's field order.
 */
import type { RunnableToxic, ToxicStub } from './toxic-stub.js';
import type { ToxicAttributes, ToxicDefinition } from './toxics/toxic-definition.js';

export type Direction = 'upstream' | 'downstream';
export const directions: readonly Direction[] = ['upstream', 'downstream'];

export interface ToxicJson {
  attributes: ToxicAttributes;
  name: string;
  type: string;
  stream: string;
  toxicity: number;
}

export class ToxicWrapper implements RunnableToxic {
  /** Position in its direction's chain (0 is the hidden noop); -1 once removed. */
  index = -1;

  constructor(
    readonly definition: ToxicDefinition,
    public name: string,
    /** As the client spelled it (`"UPSTREAM"` stays upper case, as in the real server). */
    readonly stream: string,
    readonly direction: Direction,
    public toxicity: number,
    /** Live values: an update changes them in place, as the Go server mutates its toxic. */
    readonly attributes: ToxicAttributes,
  ) {}

  get type(): string {
    return this.definition.type;
  }

  pipe(stub: ToxicStub): Promise<void> {
    return this.definition.pipe(stub, this.attributes);
  }

  toJSON(): ToxicJson {
    const attributes: ToxicAttributes = {};
    for (const name of Object.keys(this.definition.attributes)) attributes[name] = this.attributes[name] ?? 0;
    return { attributes, name: this.name, type: this.type, stream: this.stream, toxicity: this.toxicity };
  }
}
