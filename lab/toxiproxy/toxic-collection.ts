/**
 * The toxics of one proxy (Toxiproxy's `ToxicCollection`): one chain per direction, each starting with a
 * hidden noop, and the open links they apply to. Every change is applied to the open connections too
 * (the lab relies on that: latency added to the database proxy slows the pool's existing connections).
 */
import {
  errBadRequestBody,
  errInvalidStream,
  errInvalidToxicType,
  errToxicAlreadyExists,
  errToxicNotFound,
} from './api-error.js';
import type { Backlog } from './chunk-queue.js';
import { decodeStruct, isJsonObject, unmarshalError, type GoJsonError, type GoStruct } from './go-json.js';
import { ToxicLink } from './toxic-link.js';
import { directions, ToxicWrapper, type Direction, type ToxicJson } from './toxic-wrapper.js';
import { noopToxic } from './toxics/noop.js';
import type { ToxicRegistry } from './toxics/registry.js';
import type { ToxicAttributes, ToxicDefinition } from './toxics/toxic-definition.js';

const wrapperStruct: GoStruct = {
  fields: { attributes: 'object', name: 'string', type: 'string', stream: 'string', toxicity: 'float32' },
  objectTypes: { attributes: 'toxics.NoopToxic' },
  fieldPrefix: 'ToxicWrapper.',
};
const updateStruct: GoStruct = { fields: { toxicity: 'float32' }, fieldPrefix: '.' };

function attributesStruct(definition: ToxicDefinition): GoStruct {
  return { fields: definition.attributes, fieldPrefix: `${definition.goType}.attributes.` };
}

export class ToxicCollection {
  readonly #noop: ToxicWrapper;
  readonly #chains: Record<Direction, ToxicWrapper[]>;
  readonly #links = new Set<ToxicLink>();

  constructor(
    private readonly registry: ToxicRegistry,
    private readonly random: () => number,
  ) {
    this.#noop = new ToxicWrapper(noopToxic as unknown as ToxicDefinition, '', '', 'downstream', 1, {});
    this.#noop.index = 0;
    this.#chains = { upstream: [this.#noop], downstream: [this.#noop] };
  }

  /** Toxics in the order the real server lists them: upstream chain, then downstream. */
  toJSON(): ToxicJson[] {
    return directions.flatMap((d) => this.#chains[d].slice(1).map((t) => t.toJSON()));
  }

  find(name: string): ToxicWrapper | undefined {
    return directions.flatMap((d) => this.#chains[d].slice(1)).find((t) => t.name === name);
  }

  get(name: string): ToxicWrapper {
    const toxic = this.find(name);
    if (!toxic) throw errToxicNotFound;
    return toxic;
  }

  /** True when a connection opening now starts with a reset_peer toxic in either direction. */
  hasResetPeer(): boolean {
    return directions.some((d) => this.#chains[d].some((t) => t.type === 'reset_peer'));
  }

  /** `POST /proxies/{proxy}/toxics`, with the real server's defaults, checks and their order. */
  async addJson(body: unknown): Promise<ToxicWrapper> {
    if (!isJsonObject(body))
      throw errBadRequestBody.join(unmarshalError(body, 'Go value', 'toxics.ToxicWrapper').message);
    const input: Record<string, unknown> = { stream: 'downstream', toxicity: 1, name: '', type: '' };
    const decodeError = decodeStruct(body, wrapperStruct, input);
    if (decodeError) throw errBadRequestBody.join(decodeError.message);
    const stream = input.stream as string;
    const direction = stream.toLowerCase();
    if (direction !== 'upstream' && direction !== 'downstream') throw errInvalidStream;
    const type = input.type as string;
    const name = (input.name as string) || `${type}_${stream}`;
    const definition = this.registry.get(type);
    if (!definition) throw errInvalidToxicType;
    if (this.find(name)) throw errToxicAlreadyExists;
    const attributes: ToxicAttributes = Object.fromEntries(
      Object.keys(definition.attributes).map((a) => [a, 0]),
    );
    if (isJsonObject(input.attributes)) {
      const attributesError = decodeStruct(input.attributes, attributesStruct(definition), attributes);
      if (attributesError) throw errBadRequestBody.join(attributesError.message);
    }
    const toxic = new ToxicWrapper(definition, name, stream, direction, input.toxicity as number, attributes);
    const chain = this.#chains[direction];
    toxic.index = chain.length;
    chain.push(toxic);
    await Promise.all(this.#linksOf(direction).map((link) => link.addToxic(toxic)));
    return toxic;
  }

  /** `POST /proxies/{proxy}/toxics/{toxic}`: attributes and toxicity only, changed in place. */
  async updateJson(name: string, body: unknown): Promise<ToxicWrapper> {
    const toxic = this.get(name);
    if (!isJsonObject(body)) {
      const goType =
        'struct { Attributes interface {} "json:\\"attributes\\""; Toxicity float32 "json:\\"toxicity\\"" }';
      throw errBadRequestBody.join(unmarshalError(body, 'Go value', goType).message);
    }
    // One pass in document order, as encoding/json does: valid fields apply, the first error is reported.
    const input: Record<string, unknown> = { toxicity: toxic.toxicity };
    let decodeError: GoJsonError | undefined;
    for (const [key, value] of Object.entries(body)) {
      let error: GoJsonError | undefined;
      if (key.toLowerCase() === 'attributes' && value !== null) {
        error = isJsonObject(value)
          ? decodeStruct(value, attributesStruct(toxic.definition), toxic.attributes)
          : unmarshalError(value, 'Go struct field .attributes', `toxics.${toxic.definition.goType}`);
      } else if (key.toLowerCase() === 'toxicity') {
        error = decodeStruct({ toxicity: value }, updateStruct, input);
      }
      decodeError ??= error;
    }
    if (decodeError) throw errBadRequestBody.join(decodeError.message);
    toxic.toxicity = input.toxicity as number;
    await Promise.all(this.#linksOf(toxic.direction).map((link) => link.updateToxic(toxic)));
    return toxic;
  }

  async remove(name: string): Promise<void> {
    await this.#removeFromChain(this.get(name));
  }

  /** `/reset`: every toxic removed (a timeout toxic's removal closes the connections it held). */
  async reset(): Promise<void> {
    for (const direction of directions) {
      while (this.#chains[direction].length > 1)
        await this.#removeFromChain(this.#chains[direction][1] as ToxicWrapper);
    }
  }

  startLink(direction: Direction, backlog: Backlog): ToxicLink {
    const passThrough = this.#noop;
    const link = new ToxicLink(direction, () => this.#chains[direction], backlog, this.random, passThrough);
    this.#links.add(link);
    link.start();
    return link;
  }

  removeLink(link: ToxicLink): void {
    this.#links.delete(link);
  }

  async #removeFromChain(toxic: ToxicWrapper): Promise<void> {
    const chain = this.#chains[toxic.direction];
    const index = toxic.index;
    chain.splice(index, 1);
    chain.forEach((t, i) => (t.index = i));
    await Promise.all(this.#linksOf(toxic.direction).map((link) => link.removeToxic(toxic, index)));
    toxic.index = -1;
  }

  #linksOf(direction: Direction): ToxicLink[] {
    return [...this.#links].filter((link) => link.direction === direction);
  }
}
