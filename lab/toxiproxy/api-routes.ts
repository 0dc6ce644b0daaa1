/**
 * The handlers of Toxiproxy's HTTP API (api.go), one per route, with the real server's status codes,
 * bodies and checks in the same order. They run one at a time (see api-server.ts), which is what the Go
 * server's collection and proxy locks amount to for a client. `body()` parses the request body when a
 * handler gets to it (a missing proxy answers 404 before a malformed body answers 400, as in Go).
 */
import { errBadRequestBody, errMissingField, toApiError, type ApiError } from './api-error.js';
import { decodeStruct, isJsonObject, unmarshalError, type GoJsonError, type GoStruct } from './go-json.js';
import { assertLoopbackListen } from './listen-address.js';
import { errProxyAlreadyStarted, Proxy, type ProxyFields, type ProxyJson } from './proxy.js';
import type { ProxyCollection } from './proxy-collection.js';
import type { ToxicRegistry } from './toxics/registry.js';

export interface ApiState {
  readonly proxies: ProxyCollection;
  readonly registry: ToxicRegistry;
  readonly random: () => number;
}

/** What a handler answers: JSON with a status, or 204. Errors are thrown (ApiError, or any Error → 500). */
export type ApiReply = { kind: 'json'; status: number; body: unknown } | { kind: 'empty' };

const json = (body: unknown, status = 200): ApiReply => ({ kind: 'json', status, body });
const empty: ApiReply = { kind: 'empty' };

const proxyStruct: GoStruct = {
  fields: { name: 'string', listen: 'string', upstream: 'string', enabled: 'bool', Logger: 'object' },
  objectTypes: { Logger: 'zerolog.Logger' },
  fieldPrefix: 'Proxy.',
};
const populateItemType = 'struct { toxiproxy.Proxy; Enabled *bool "json:\\"enabled\\"" }';
const populateProxyStruct: GoStruct = {
  ...proxyStruct,
  fields: { ...proxyStruct.fields },
  fieldPrefix: '.Proxy.',
};
delete (populateProxyStruct.fields as Record<string, unknown>).enabled;
const populateEnabledStruct: GoStruct = { fields: { enabled: 'bool' }, fieldPrefix: '.' };

function decodeProxy(
  body: unknown,
  defaults: ProxyFields & { name: string },
): ProxyFields & { name: string } {
  if (!isJsonObject(body))
    throw errBadRequestBody.join(unmarshalError(body, 'Go value', 'toxiproxy.Proxy').message);
  const input: Record<string, unknown> = { ...defaults };
  const error = decodeStruct(body, proxyStruct, input);
  if (error) throw errBadRequestBody.join(error.message);
  return input as unknown as ProxyFields & { name: string };
}

export async function proxyCreate(state: ApiState, body: () => unknown): Promise<ApiReply> {
  const input = decodeProxy(body(), { name: '', listen: '', upstream: '', enabled: true });
  if (input.name.length < 1) throw errMissingField.join('name');
  if (input.upstream.length < 1) throw errMissingField.join('upstream');
  assertLoopbackListen(input.listen);
  const proxy = new Proxy(input.name, input.listen, input.upstream, state.registry, state.random);
  await state.proxies.add(proxy, input.enabled);
  return json(proxy, 201);
}

export function proxyIndex(state: ApiState): ApiReply {
  return json(Object.fromEntries(state.proxies.list().map((p) => [p.name, p])));
}

export function proxyShow(state: ApiState, name: string): ApiReply {
  return json(state.proxies.get(name));
}

export async function proxyUpdate(state: ApiState, name: string, body: () => unknown): Promise<ApiReply> {
  const proxy = state.proxies.get(name);
  const { listen, upstream, enabled } = proxy;
  const input = decodeProxy(body(), { name, listen, upstream, enabled });
  assertLoopbackListen(input.listen);
  await proxy.update(input);
  return json(proxy);
}

export async function proxyDelete(state: ApiState, name: string): Promise<ApiReply> {
  await state.proxies.remove(name);
  return empty;
}

/**
 * `POST /populate`: validates every entry first, then creates or replaces them in order; an error
 * answers with its status and the proxies handled so far (`null` when none, as Go prints a nil slice).
 */
export async function populate(state: ApiState, body: () => unknown): Promise<ApiReply> {
  const handled: Proxy[] = [];
  const reply = (error?: ApiError): ApiReply => {
    const proxies = handled.length > 0 ? handled.map((p): ProxyJson => p.toJSON()) : null;
    return error
      ? json({ error: error.message, status: error.status, proxies }, error.status)
      : json({ proxies }, 201);
  };
  try {
    const inputs = decodePopulate(body());
    inputs.forEach((input, i) => {
      if (input.name.length < 1) throw errMissingField.join(`name at proxy ${i + 1}`);
      if (input.upstream.length < 1) throw errMissingField.join(`upstream at proxy ${i + 1}`);
      assertLoopbackListen(input.listen, ` at proxy ${i + 1}`);
    });
    for (const input of inputs) {
      const proxy = new Proxy(input.name, input.listen, input.upstream, state.registry, state.random);
      handled.push(await state.proxies.addOrReplace(proxy, input.enabled));
    }
    return reply();
  } catch (error) {
    return reply(toApiError(error));
  }
}

function decodePopulate(body: unknown): Array<ProxyFields & { name: string }> {
  if (!Array.isArray(body)) {
    throw errBadRequestBody.join(unmarshalError(body, 'Go value', `[]${populateItemType}`).message);
  }
  let firstError: GoJsonError | undefined;
  const inputs = body.map((item: unknown) => {
    const input: Record<string, unknown> = { name: '', listen: '', upstream: '', enabled: true };
    if (!isJsonObject(item)) {
      if (item !== null) firstError ??= unmarshalError(item, 'Go value', populateItemType);
    } else {
      for (const [key, value] of Object.entries(item)) {
        const struct = key.toLowerCase() === 'enabled' ? populateEnabledStruct : populateProxyStruct;
        firstError ??= decodeStruct({ [key]: value }, struct, input);
      }
    }
    return input as unknown as ProxyFields & { name: string };
  });
  if (firstError) throw errBadRequestBody.join(firstError.message);
  return inputs;
}

export async function resetState(state: ApiState): Promise<ApiReply> {
  for (const proxy of state.proxies.list()) {
    try {
      await proxy.start();
    } catch (error) {
      if (error !== errProxyAlreadyStarted) throw error;
    }
    await proxy.toxics.reset();
  }
  return empty;
}

export function toxicIndex(state: ApiState, proxyName: string): ApiReply {
  return json(state.proxies.get(proxyName).toxics.toJSON());
}

export async function toxicCreate(
  state: ApiState,
  proxyName: string,
  body: () => unknown,
): Promise<ApiReply> {
  const proxy = state.proxies.get(proxyName);
  return json(await proxy.toxics.addJson(body()));
}

export function toxicShow(state: ApiState, proxyName: string, toxicName: string): ApiReply {
  return json(state.proxies.get(proxyName).toxics.get(toxicName));
}

export async function toxicUpdate(
  state: ApiState,
  proxyName: string,
  toxicName: string,
  body: () => unknown,
): Promise<ApiReply> {
  const proxy = state.proxies.get(proxyName);
  return json(await proxy.toxics.updateJson(toxicName, body()));
}

export async function toxicDelete(state: ApiState, proxyName: string, toxicName: string): Promise<ApiReply> {
  await state.proxies.get(proxyName).toxics.remove(toxicName);
  return empty;
}
