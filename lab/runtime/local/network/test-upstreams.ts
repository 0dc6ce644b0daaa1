/**
 * Upstream pods for the network tests: real HTTP servers on 127.0.0.1 that count the requests they get
 * and behave as a test needs (answer, drop the connection after reading the request, or never answer).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { IngressSpec, IngressUpstreamPolicy } from '../../../topology/model.js';
import type { Endpoint } from '../service-endpoints.js';

export type UpstreamBehaviour = 'answer' | 'drop' | 'hang';

/** What an answering upstream echoes back as JSON. */
export interface Echo {
  pod: string;
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  bodyBytes: number;
}

export interface TestUpstream {
  readonly endpoint: Endpoint;
  /** Requests received (a dropped or hung one counts: it reached the pod). */
  readonly hits: number;
  behaviour: UpstreamBehaviour;
  close(): Promise<void>;
}

export async function startUpstream(
  pod: string,
  behaviour: UpstreamBehaviour = 'answer',
): Promise<TestUpstream> {
  const sockets = new Set<Socket>();
  let hits = 0;
  const server: Server = createServer((req, res) => {
    hits += 1;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (upstream.behaviour === 'drop') return req.socket.destroy();
      if (upstream.behaviour === 'hang') return;
      const body = Buffer.concat(chunks);
      if (req.url?.startsWith('/big/')) {
        // `/big/<bytes>`: a large body written in 64 KiB pieces, to check streaming.
        const total = Number(req.url.slice('/big/'.length));
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'x-pod': pod });
        const piece = Buffer.alloc(64 * 1024, 'x');
        for (let sent = 0; sent < total; sent += piece.length)
          res.write(piece.subarray(0, Math.min(piece.length, total - sent)));
        return res.end();
      }
      const echo: Echo = {
        pod,
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        bodyBytes: body.length,
      };
      res.writeHead(200, { 'content-type': 'application/json', 'x-pod': pod });
      res.end(JSON.stringify(echo));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const upstream: TestUpstream = {
    endpoint: { pod, host: '127.0.0.1', port },
    get hits() {
      return hits;
    },
    behaviour,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
  return upstream;
}

/** An endpoint whose port nothing listens on, so connecting to it is refused (a pod that just died). */
export async function refusingEndpoint(pod: string): Promise<Endpoint> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return { pod, host: '127.0.0.1', port };
}

/** The shop's Ingress as the topology loader models it: `/api` → backend, `/` → frontend. */
export function shopIngress(upstream: Partial<IngressUpstreamPolicy> = {}): IngressSpec {
  return {
    name: 'dhakacart',
    source: { file: 'k8s/base/ingress/ingress.yaml', resource: 'Ingress/dhakacart' },
    routes: [
      { path: '/api', pathType: 'Prefix', service: 'backend', servicePort: 3000 },
      { path: '/', pathType: 'Prefix', service: 'frontend', servicePort: 8080 },
    ],
    upstream: {
      nextUpstream: ['error', 'timeout'],
      tries: 3,
      connectTimeoutSeconds: 5,
      sendTimeoutSeconds: 60,
      readTimeoutSeconds: 60,
      bodyLimitBytes: 100 * 1024,
      ...upstream,
    },
  };
}
