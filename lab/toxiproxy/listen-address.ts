/**
 * Listen and upstream addresses as `host:port` strings, the way Go's net package reads them, plus the
 * lab's safety rule (DESIGN.md, "Safety"): a proxy of the embedded server listens on 127.0.0.1 only.
 * The real toxiproxy-server would listen wherever it is told; the embedded one refuses, with a 400 that
 * says what is allowed, rather than open a port on the network.
 */
import { ApiError } from './api-error.js';

export interface HostPort {
  host: string;
  port: number;
}

/** `net.SplitHostPort` plus a numeric port; throws Go's messages ("address x: missing port in address"). */
export function splitHostPort(address: string): HostPort {
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(address);
  let host: string;
  let port: string;
  if (bracketed) {
    [, host = '', port = ''] = bracketed;
  } else {
    const colon = address.lastIndexOf(':');
    if (colon < 0) throw new Error(`address ${address}: missing port in address`);
    host = address.slice(0, colon);
    port = address.slice(colon + 1);
    if (host.includes(':')) throw new Error(`address ${address}: too many colons in address`);
  }
  if (!/^\d+$/.test(port) || Number(port) > 65535) throw new Error(`address ${address}: invalid port`);
  return { host, port: Number(port) };
}

const loopbackNames = new Set(['127.0.0.1', 'localhost']);

/**
 * Throws a 400 when `listen` names a host other than 127.0.0.1 or localhost (an empty address or host means
 * every interface to Go, so it is refused too). `where` names the entry of a /populate list (" at proxy 2").
 */
export function assertLoopbackListen(listen: string, where = ''): void {
  let host = '';
  if (listen !== '') {
    try {
      host = splitHostPort(listen).host;
    } catch {
      return; // Malformed: left to fail as the real server fails (500, Go's message) when it listens.
    }
  }
  if (loopbackNames.has(host.toLowerCase())) return;
  throw new ApiError(
    `listen address ${JSON.stringify(listen)}${where} is not allowed: the lab's embedded Toxiproxy listens on 127.0.0.1 only; ` +
      'use "127.0.0.1:<port>" (port 0 picks a free one)',
    400,
  );
}

/** What `net.ResolveTCPAddr("tcp", listen).String()` gives for an allowed address: `127.0.0.1:<port>`. */
export function resolveListen(listen: string): string {
  const { host, port } = splitHostPort(listen);
  return `${host.toLowerCase() === 'localhost' ? '127.0.0.1' : host}:${port}`;
}
