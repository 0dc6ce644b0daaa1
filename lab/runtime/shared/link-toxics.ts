import type { StartedToxiproxy } from '../../toxiproxy/index.js';

/** A toxic as the lab lists it in `lab status`. */
export interface ProxyToxic {
  name: string;
  type: string;
  attributes: Record<string, number>;
}

/** A toxic to add, as Toxiproxy's API takes it (attributes in the toxic's own units). */
export interface ToxicRequest {
  type: string;
  attributes: Record<string, number>;
  /** `downstream` (default: data flowing back to the client) or `upstream`. */
  stream?: 'upstream' | 'downstream';
  /** Probability (0..1) that a connection gets the toxic; default 1. */
  toxicity?: number;
}

/**
 * A network link whose traffic passes Toxiproxy: the faults `lab fault latency|network|clear` put on
 * it. The database proxy is one Toxiproxy proxy; the ingress→backend link is one proxy per pod.
 */
export interface ToxicLink {
  /** The toxics this lab has put on the link (what `status()` shows without a round trip). */
  readonly applied: readonly ProxyToxic[];
  /** Adds a toxic, replacing one of the same type and stream; returns its name as Toxiproxy lists it. */
  addToxic(toxic: ToxicRequest): Promise<{ name: string }>;
  /** Removes every toxic. */
  clear(): Promise<void>;
}

/**
 * The name Toxiproxy gives a toxic by default (`<type>_<stream>`): one toxic of a type per direction,
 * so repeating a fault replaces it instead of failing with 409.
 */
export function toxicName(toxic: Pick<ToxicRequest, 'type' | 'stream'>): string {
  return `${toxic.type}_${toxic.stream ?? 'downstream'}`;
}

/** Puts `toxic` on one proxy, removing one already there under the same name first. */
export async function putToxic(
  toxiproxy: StartedToxiproxy,
  proxyName: string,
  toxic: ToxicRequest,
): Promise<{ name: string }> {
  const stream = toxic.stream ?? 'downstream';
  const name = toxicName(toxic);
  const proxy = await toxiproxy.client.get(proxyName);
  if ((await listToxics(toxiproxy, proxyName)).some((t) => t.name === name))
    await (await proxy.getToxic(name)).remove();
  await proxy.addToxic({
    name,
    type: toxic.type as 'latency',
    stream,
    toxicity: toxic.toxicity ?? 1,
    attributes: toxic.attributes,
  });
  return { name };
}

/** Removes every toxic from one proxy. */
export async function removeToxics(toxiproxy: StartedToxiproxy, proxyName: string): Promise<void> {
  const proxy = await toxiproxy.client.get(proxyName);
  for (const toxic of await listToxics(toxiproxy, proxyName))
    await (await proxy.getToxic(toxic.name)).remove();
}

/** The toxics of one proxy as Toxiproxy itself lists them. */
export async function listToxics(toxiproxy: StartedToxiproxy, proxyName: string): Promise<ProxyToxic[]> {
  const response = await fetch(`${toxiproxy.url}/proxies/${encodeURIComponent(proxyName)}/toxics`);
  if (!response.ok)
    throw new Error(`Toxiproxy answered ${response.status} listing the toxics of proxy ${proxyName}`);
  const toxics = (await response.json()) as ProxyToxic[];
  return toxics.map(({ name, type, attributes }) => ({ name, type, attributes }));
}

/** `applied` with `toxic` in place of one of the same name. */
export function withToxic(applied: readonly ProxyToxic[], name: string, toxic: ToxicRequest): ProxyToxic[] {
  return [
    ...applied.filter((t) => t.name !== name),
    { name, type: toxic.type, attributes: toxic.attributes },
  ];
}
