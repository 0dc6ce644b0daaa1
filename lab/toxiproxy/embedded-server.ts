/**
 * The lab's embedded Toxiproxy: a server in this process that speaks Toxiproxy v2's HTTP API as
 * toxiproxy-server v2.12 does (same routes, JSON shapes, status codes and error bodies) and runs the
 * same toxics on real TCP connections, so the lab drives network faults the same way whether the real
 * server is installed or not (`startToxiproxy` picks).
 *
 * Hand-written, because no npm package implements Toxiproxy's server side: the npm packages are API
 * clients (toxiproxy-node-client, which the lab uses to drive both servers) or plain TCP proxies without
 * Toxiproxy's toxic chain, its per-connection toxicity or its re-wiring of open connections. The code
 * follows the Go sources file by file (api.go → api-routes.ts, proxy.go → proxy.ts, link.go →
 * toxic-link.ts, toxics/*.go → toxics/*.ts), and lab/toxiproxy/conformance.test.ts runs the same cases
 * against both servers.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApiHandler } from './api-server.js';
import { ProxyCollection } from './proxy-collection.js';
import { builtinToxics, type ToxicRegistry } from './toxics/registry.js';

/** The API version the embedded server implements, reported by its `/version`. */
export const embeddedToxiproxyVersion = '2.12.0-embedded';

export interface EmbeddedToxiproxyOptions {
  /** API port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Source of the toxicity rolls and jitter (default Math.random); pass a seeded one to repeat a run. */
  random?: () => number;
  registry?: ToxicRegistry;
}

export interface StartedEmbeddedToxiproxy {
  /** `http://127.0.0.1:<port>`, the API's base URL. */
  readonly url: string;
  readonly host: string;
  readonly port: number;
  /** Closes the API and every proxy with its connections; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startEmbeddedToxiproxy(
  options: EmbeddedToxiproxyOptions = {},
): Promise<StartedEmbeddedToxiproxy> {
  const proxies = new ProxyCollection();
  const state = {
    proxies,
    registry: options.registry ?? builtinToxics,
    random: options.random ?? Math.random,
  };
  const server = createServer(createApiHandler({ state, version: embeddedToxiproxyVersion }));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = '127.0.0.1';

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      const failures: unknown[] = [];
      await proxies.clear().catch((error: unknown) => failures.push(error));
      await closed;
      if (failures.length > 0) throw new AggregateError(failures, 'stopping the embedded Toxiproxy failed');
    })());

  return { url: `http://${host}:${port}`, host, port, stop, [Symbol.asyncDispose]: stop };
}
