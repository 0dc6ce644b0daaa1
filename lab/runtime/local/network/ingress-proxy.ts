/**
 * The lab's ingress: an HTTP server on 127.0.0.1 that routes and retries as ingress-nginx does with the
 * Ingress in k8s/ (see upstream-policy.ts for the retry rules and ingress-routes.ts for path matching).
 *
 * Library: undici@7 (Node's own HTTP client; `Agent` keeps a keep-alive pool per upstream origin, parses
 * HTTP/1.1, and has the connect timeout and the header/body read timeouts nginx has). Each try is one
 * `agent.stream()` call to an endpoint this file picks, so every try can go to a DIFFERENT pod, and the
 * response streams from the pod's socket into the client's with backpressure and no extra buffering.
 * Passed over:
 * - undici's RetryHandler/RetryAgent retry against the same origin (one pod), not the next endpoint;
 * - @fastify/reply-from retries the same upstream too (and balances only over a fixed `base` list), and
 *   would add fastify's routing per request;
 * - http-proxy (last release 2020, unmaintained) and http-proxy-3 (needs Node ≥ 22; this repo runs 20)
 *   use Node's http.Agent, whose keep-alive handling costs more per request than undici's.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Agent } from 'undici';
import type { IngressSpec } from '../../../topology/model.js';
import type { Endpoint, ServiceEndpoints } from '../service-endpoints.js';
import { clientResponseHeaders, upstreamRequestHeaders } from './forwarded-headers.js';
import { IngressRouter } from './ingress-routes.js';
import { readRequestBody } from './request-body.js';
import { listenOnLoopback } from './listen.js';
import { RoundRobin } from './round-robin.js';
import {
  assertSupportedPolicy,
  classifyUpstreamError,
  mayPassToNextUpstream,
  statusForFailure,
  type UpstreamFailure,
  type UpstreamFailureReason,
} from './upstream-policy.js';

/** What the ingress saw; scenario measurement counts these (e.g. retries that hid a dead pod). */
export type IngressEvent =
  | {
      type: 'upstream-try-failed';
      service: string;
      endpoint: Endpoint;
      reason: UpstreamFailureReason;
      message: string;
      /** 1 for the first try. */
      attempt: number;
      method: string;
      path: string;
    }
  /** A failed try is followed by another, to `endpoint`; `attempt` is the new try's number (≥ 2). */
  | { type: 'retried'; service: string; endpoint: Endpoint; attempt: number; method: string; path: string }
  /** The routed Service had no ready endpoint (or is unknown): answered 503. */
  | { type: 'no-endpoints'; service: string; method: string; path: string };

export interface IngressProxyOptions {
  ingress: IngressSpec;
  /** Ready endpoints by Service name; read on every try, so changes apply without a restart. */
  services: ReadonlyMap<string, ServiceEndpoints>;
  /** 0 (default) picks a free port. */
  port?: number;
  onEvent?: (event: IngressEvent) => void;
}

export interface StartedIngressProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** Closes the listener, client connections and upstream pools; idempotent. */
  stop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

const statusText: Record<number, string> = {
  404: 'Not Found',
  413: 'Request Entity Too Large',
  502: 'Bad Gateway',
  503: 'Service Temporarily Unavailable',
  504: 'Gateway Time-out',
};

/** A short plain-text answer like nginx's own error pages (`502 Bad Gateway`). */
function answer(res: ServerResponse, status: number, close = false): void {
  const body = `${status} ${statusText[status] ?? ''}\n`;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

export async function startIngressProxy(options: IngressProxyOptions): Promise<StartedIngressProxy> {
  const { ingress, services, onEvent } = options;
  const policy = ingress.upstream;
  assertSupportedPolicy(policy);
  const router = new IngressRouter(ingress.routes);
  const balancers = new Map<string, RoundRobin>();
  const readTimeoutMs = policy.readTimeoutSeconds * 1000;
  // Unlimited connections per pod, kept alive between requests (ingress-nginx's upstream keepalive).
  // proxy-send-timeout has no undici equivalent; bodies are buffered and bounded by the body limit, so
  // a stalled write shows up as the read timeout instead. undici checks read timeouts on a coarse clock
  // (about a second), which against ingress-nginx's 60 s is immaterial.
  const agent = new Agent({
    connect: { timeout: policy.connectTimeoutSeconds * 1000 },
    headersTimeout: readTimeoutMs,
    bodyTimeout: readTimeoutMs,
  });

  const balancerFor = (service: string): RoundRobin => {
    let balancer = balancers.get(service);
    if (!balancer) balancers.set(service, (balancer = new RoundRobin()));
    return balancer;
  };

  async function proxy(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const route = router.match(path);
    if (!route) return answer(res, 404);
    const service = route.service;
    const endpoints = services.get(service);
    if (!endpoints || endpoints.ready().length === 0) {
      onEvent?.({ type: 'no-endpoints', service, method, path });
      return answer(res, 503);
    }
    const body = await readRequestBody(req, policy.bodyLimitBytes);
    if (body === 'too-large') return answer(res, 413, true);

    const headers = upstreamRequestHeaders(req, port);
    // Stop waiting for the pod when the client goes away (nginx's proxy_ignore_client_abort off).
    const clientGone = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) clientGone.abort();
    });
    const balancer = balancerFor(service);
    const tried = new Set<string>();
    let lastFailure: UpstreamFailure | undefined;
    for (let attempt = 1; attempt <= policy.tries; attempt++) {
      const endpoint = balancer.next(endpoints.ready(), tried);
      if (!endpoint) break; // every pod left the endpoints while we retried
      tried.add(endpoint.pod);
      if (attempt > 1) onEvent?.({ type: 'retried', service, endpoint, attempt, method, path });
      try {
        await agent.stream(
          {
            origin: `http://${endpoint.host}:${endpoint.port}`,
            path,
            method,
            headers,
            body,
            signal: clientGone.signal,
          },
          ({ statusCode, headers: responseHeaders }) => {
            res.writeHead(statusCode, clientResponseHeaders(responseHeaders));
            return res;
          },
        );
        return;
      } catch (error) {
        // Part of the response already went out (undici has destroyed the client's socket, as nginx
        // closes it), or the client left: nothing to answer.
        if (res.headersSent || res.destroyed || clientGone.signal.aborted) return;
        lastFailure = classifyUpstreamError(error);
        const { reason, message } = lastFailure;
        onEvent?.({ type: 'upstream-try-failed', service, endpoint, reason, message, attempt, method, path });
        if (!mayPassToNextUpstream(policy, method, lastFailure)) break;
      }
    }
    if (!lastFailure) {
      onEvent?.({ type: 'no-endpoints', service, method, path });
      return answer(res, 503);
    }
    answer(res, statusForFailure(lastFailure));
  }

  const server = createServer((req, res) => {
    proxy(req, res).catch(() => {
      // Only the client's own connection can fail here (it sent a broken body or left): drop it.
      res.destroy();
    });
  });
  const port = await listenOnLoopback(server, options.port ?? 0, 'the ingress proxy').catch(
    async (error: unknown) => {
      await agent.destroy();
      throw error;
    },
  );

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> =>
    (stopped ??= (async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      const failures: unknown[] = [];
      await Promise.all([closed, agent.destroy().catch((error: unknown) => failures.push(error))]);
      if (failures.length > 0) throw new AggregateError(failures, 'ingress proxy did not stop cleanly');
    })());

  return { url: `http://127.0.0.1:${port}`, port, stop, [Symbol.asyncDispose]: stop };
}
