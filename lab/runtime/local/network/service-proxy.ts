/**
 * The lab's Service (ClusterIP) data path, as kube-proxy gives it: plain TCP on 127.0.0.1, each new
 * connection sent to one ready endpoint picked at connect time and kept there for its life. No HTTP
 * awareness and no retries (that is L7, the ingress's job):
 * - no ready endpoint: the connection is reset at once (kube-proxy installs a REJECT rule for a
 *   Service without endpoints, so clients fail fast rather than hang);
 * - the picked endpoint refuses or fails: the client's connection is reset too (through kube-proxy's
 *   DNAT the client would have seen the pod's own RST).
 * Hand-written on node:net because the job is only `pipe` both ways plus a pick; a proxy library would
 * add HTTP machinery this layer must not have.
 */
import { connect, createServer, type Socket } from 'node:net';
import type { ServiceEndpoints } from '../service-endpoints.js';
import { listenOnLoopback } from './listen.js';
import { RoundRobin } from './round-robin.js';

export interface ServiceProxyOptions {
  service: ServiceEndpoints;
  /** 0 (default) picks a free port. */
  port?: number;
}

export interface StartedServiceProxy {
  /** Always `127.0.0.1`. */
  readonly host: string;
  readonly port: number;
  /** `127.0.0.1:<port>`, the form a `<service>:<port>` env value is rewritten to. */
  readonly address: string;
  /** Closes the listener and every live connection; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

export async function startServiceProxy(options: ServiceProxyOptions): Promise<StartedServiceProxy> {
  const { service } = options;
  const balancer = new RoundRobin();
  const live = new Set<Socket>();
  const track = (socket: Socket): void => {
    live.add(socket);
    socket.once('close', () => live.delete(socket));
  };

  const server = createServer({ allowHalfOpen: true, noDelay: true }, (client) => {
    track(client);
    const endpoint = balancer.next(service.ready());
    if (!endpoint) {
      client.resetAndDestroy();
      return;
    }
    const upstream = connect({
      host: endpoint.host,
      port: endpoint.port,
      allowHalfOpen: true,
      noDelay: true,
    });
    track(upstream);
    // Either side failing resets the other, so the client sees the failure as it would through a NAT.
    upstream.on('error', () => {
      if (!client.destroyed) client.resetAndDestroy();
    });
    client.on('error', () => {
      if (!upstream.destroyed) upstream.resetAndDestroy();
    });
    // A side that closes without an error after its half-close: release the other one too.
    upstream.on('close', () => client.destroySoon());
    client.on('close', () => upstream.destroySoon());
    client.pipe(upstream);
    upstream.pipe(client);
  });

  const port = await listenOnLoopback(server, options.port ?? 0, `the Service proxy for ${service.service}`);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of live) socket.destroy();
    }));

  return { host: '127.0.0.1', port, address: `127.0.0.1:${port}`, stop, [Symbol.asyncDispose]: stop };
}
