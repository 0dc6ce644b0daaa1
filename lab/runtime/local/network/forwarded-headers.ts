import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/**
 * Headers that describe one connection, not the message (RFC 9110 §7.6.1): a proxy never forwards them.
 * `proxy-connection` is the pre-standard spelling some clients still send.
 */
const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/**
 * Request headers that undici sets itself from the buffered body (`content-length`) or does not allow
 * (`expect`: Node's server already answered `100 Continue` to the client).
 */
const setByClient = new Set(['content-length', 'expect']);

function connectionTokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter(Boolean);
}

/**
 * The headers the ingress sends upstream: the client's end-to-end headers (Host kept) plus what
 * ingress-nginx adds: X-Forwarded-For (the client address appended to any list it sent), X-Real-IP,
 * X-Forwarded-Host, X-Forwarded-Port, X-Forwarded-Proto, and X-Request-ID (the client's, else a new
 * 32-hex id like nginx's $request_id; a UUID's hex digits, which Node generates from a cached pool).
 */
export function upstreamRequestHeaders(
  req: IncomingMessage,
  listenPort: number,
): Record<string, string | string[]> {
  const source = req.headers;
  const dropped = connectionTokens(source.connection);
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value === undefined || hopByHop.has(name) || setByClient.has(name) || dropped.includes(name))
      continue;
    headers[name] = value;
  }
  const client = req.socket.remoteAddress ?? '';
  const forwardedFor = source['x-forwarded-for'];
  headers['x-forwarded-for'] = forwardedFor ? `${String(forwardedFor)}, ${client}` : client;
  headers['x-real-ip'] = client;
  if (source.host !== undefined) headers['x-forwarded-host'] = source.host;
  headers['x-forwarded-port'] = String(listenPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-request-id'] = source['x-request-id'] || randomUUID().replaceAll('-', '');
  return headers;
}

/** The upstream's response headers without its hop-by-hop ones (Node frames the client response itself). */
export function clientResponseHeaders(upstream: IncomingHttpHeaders): IncomingHttpHeaders {
  const dropped = connectionTokens(upstream.connection);
  for (const name of Object.keys(upstream)) {
    if (hopByHop.has(name) || dropped.includes(name)) delete upstream[name];
  }
  return upstream;
}
