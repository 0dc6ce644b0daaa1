import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ServiceEndpoints } from '../service-endpoints.js';
import { startIngressProxy, type IngressEvent, type StartedIngressProxy } from './ingress-proxy.js';
import {
  refusingEndpoint,
  shopIngress,
  startUpstream,
  type Echo,
  type TestUpstream,
} from './test-upstreams.js';
import type { IngressUpstreamPolicy } from '../../../topology/model.js';

const client = new Agent({ keepAliveTimeout: 100 });
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});
afterAll(() => client.close());

interface Lab {
  ingress: StartedIngressProxy;
  backend: ServiceEndpoints;
  frontend: ServiceEndpoints;
  events: IngressEvent[];
}

async function upstream(pod: string, behaviour?: TestUpstream['behaviour']): Promise<TestUpstream> {
  const started = await startUpstream(pod, behaviour);
  cleanups.push(() => started.close());
  return started;
}

async function startLab(policy: Partial<IngressUpstreamPolicy> = {}): Promise<Lab> {
  const backend = new ServiceEndpoints('backend');
  const frontend = new ServiceEndpoints('frontend');
  const events: IngressEvent[] = [];
  const ingress = await startIngressProxy({
    ingress: shopIngress(policy),
    services: new Map([
      ['backend', backend],
      ['frontend', frontend],
    ]),
    onEvent: (event) => events.push(event),
  });
  cleanups.push(() => ingress.stop());
  return { ingress, backend, frontend, events };
}

async function call(
  lab: Lab,
  path: string,
  init: { method?: string; body?: string | Buffer; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; echo: () => Echo }> {
  const response = await request(`${lab.ingress.url}${path}`, {
    dispatcher: client,
    method: (init.method ?? 'GET') as 'GET',
    body: init.body,
    headers: init.headers,
  });
  const text = await response.body.text();
  return { status: response.statusCode, text, echo: () => JSON.parse(text) as Echo };
}

describe('IngressProxy', () => {
  it('routes /api and everything under it to the backend, the rest (even /apix) to the frontend', async () => {
    const lab = await startLab();
    lab.backend.add((await upstream('backend-a')).endpoint);
    lab.frontend.add((await upstream('frontend-a')).endpoint);

    expect((await call(lab, '/api')).echo().pod).toBe('backend-a');
    expect((await call(lab, '/api/products?limit=5')).echo()).toMatchObject({
      pod: 'backend-a',
      url: '/api/products?limit=5',
    });
    expect((await call(lab, '/apix')).echo().pod).toBe('frontend-a');
    expect((await call(lab, '/')).echo().pod).toBe('frontend-a');
  });

  it('balances round-robin over ready endpoints only, following removals and additions without a restart', async () => {
    const lab = await startLab();
    const [a, b, c] = await Promise.all([
      upstream('backend-a'),
      upstream('backend-b'),
      upstream('backend-c'),
    ]);
    lab.backend.add(a.endpoint);
    lab.backend.add(b.endpoint);
    const pods = async (n: number): Promise<string[]> => {
      const seen: string[] = [];
      for (let i = 0; i < n; i++) seen.push((await call(lab, '/api/x')).echo().pod);
      return seen;
    };

    expect((await pods(4)).sort()).toEqual(['backend-a', 'backend-a', 'backend-b', 'backend-b']);
    lab.backend.remove('backend-a');
    expect(await pods(3)).toEqual(['backend-b', 'backend-b', 'backend-b']);
    lab.backend.add(c.endpoint);
    expect((await pods(4)).sort()).toEqual(['backend-b', 'backend-b', 'backend-c', 'backend-c']);
    expect(c.hits).toBe(2);
  });

  it('passes a GET whose connection is refused to the next endpoint, which answers', async () => {
    const lab = await startLab();
    const dead = await refusingEndpoint('backend-dead');
    const alive = await upstream('backend-alive');
    lab.backend.add(dead);
    lab.backend.add(alive.endpoint);

    for (let i = 0; i < 2; i++) {
      const response = await call(lab, '/api/products');
      expect(response.status).toBe(200);
      expect(response.echo().pod).toBe('backend-alive');
    }
    expect(alive.hits).toBe(2);
    // Round-robin comes back to the dead pod for the second request (ingress-nginx's balancer keeps no
    // memory of failures): each request fails once on it and is passed on.
    const failed = lab.events.filter((e) => e.type === 'upstream-try-failed');
    expect(failed).toEqual([
      expect.objectContaining({ endpoint: dead, reason: 'connect-refused', attempt: 1 }),
      expect.objectContaining({ endpoint: dead, reason: 'connect-refused', attempt: 1 }),
    ]);
    expect(lab.events).toContainEqual(
      expect.objectContaining({ type: 'retried', endpoint: alive.endpoint, attempt: 2 }),
    );
  });

  it('never passes a POST that reached a pod to another one: one try, then 502', async () => {
    const lab = await startLab();
    const dropping = await upstream('backend-dropping', 'drop');
    const healthy = await upstream('backend-healthy');
    lab.backend.add(dropping.endpoint);
    lab.backend.add(healthy.endpoint);

    const response = await call(lab, '/api/orders', {
      method: 'POST',
      body: '{"items":[]}',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'order-key-1' },
    });
    expect(response.status).toBe(502);
    expect(response.text).toBe('502 Bad Gateway\n');
    expect(dropping.hits).toBe(1);
    expect(healthy.hits).toBe(0);
    expect(lab.events.filter((e) => e.type === 'retried')).toHaveLength(0);
  });

  it('passes a POST whose connection was refused to the next pod, as nginx does (nothing was sent)', async () => {
    const lab = await startLab();
    const healthy = await upstream('backend-healthy');
    lab.backend.add(await refusingEndpoint('backend-dead'));
    lab.backend.add(healthy.endpoint);

    const response = await call(lab, '/api/orders', { method: 'POST', body: '{"items":[]}' });
    expect(response.status).toBe(200);
    expect(response.echo()).toMatchObject({ pod: 'backend-healthy', method: 'POST', bodyBytes: 12 });
    expect(healthy.hits).toBe(1);
  });

  it('passes a GET to the next endpoint after the read timeout; a POST that timed out gets 504 after one try', async () => {
    const lab = await startLab({ readTimeoutSeconds: 0.3 });
    const hanging = await upstream('backend-hanging', 'hang');
    const healthy = await upstream('backend-healthy');
    lab.backend.add(hanging.endpoint);
    lab.backend.add(healthy.endpoint);

    const get = await call(lab, '/api/products');
    expect(get.status).toBe(200);
    expect(get.echo().pod).toBe('backend-healthy');
    expect(lab.events).toContainEqual(
      expect.objectContaining({
        type: 'upstream-try-failed',
        endpoint: hanging.endpoint,
        reason: 'read-timeout',
      }),
    );

    // The round-robin cursor now points at the hanging pod again.
    const post = await call(lab, '/api/orders', { method: 'POST', body: '{}' });
    expect(post.status).toBe(504);
    expect(hanging.hits).toBe(2);
    expect(healthy.hits).toBe(1);
  });

  it('stops after `tries` tries in all, counting the first, and answers 502', async () => {
    const lab = await startLab({ tries: 3 });
    const pods = await Promise.all(['a', 'b', 'c', 'd'].map((s) => upstream(`backend-${s}`, 'drop')));
    for (const pod of pods) lab.backend.add(pod.endpoint);

    const response = await call(lab, '/api/products');
    expect(response.status).toBe(502);
    expect(pods.reduce((sum, pod) => sum + pod.hits, 0)).toBe(3);
    expect(pods.filter((pod) => pod.hits > 1)).toHaveLength(0);
    expect(
      lab.events.filter((e) => e.type === 'retried').map((e) => (e as { attempt: number }).attempt),
    ).toEqual([2, 3]);
  });

  it('retries nothing when proxy-next-upstream is off', async () => {
    const lab = await startLab({ nextUpstream: ['off'] });
    const dropping = await upstream('backend-dropping', 'drop');
    const healthy = await upstream('backend-healthy');
    lab.backend.add(dropping.endpoint);
    lab.backend.add(healthy.endpoint);

    expect((await call(lab, '/api/products')).status).toBe(502);
    expect(healthy.hits).toBe(0);
  });

  it('answers 503 while the Service has no ready endpoint, and serves again once one is added', async () => {
    const lab = await startLab();
    const response = await call(lab, '/api/products');
    expect(response.status).toBe(503);
    expect(response.text).toBe('503 Service Temporarily Unavailable\n');
    expect(lab.events).toEqual([
      { type: 'no-endpoints', service: 'backend', method: 'GET', path: '/api/products' },
    ]);

    lab.backend.add((await upstream('backend-a')).endpoint);
    expect((await call(lab, '/api/products')).status).toBe(200);
  });

  it('answers 413 to a body over the limit, declared or chunked, and passes one within it whole', async () => {
    const lab = await startLab({ bodyLimitBytes: 1024 });
    const pod = await upstream('backend-a');
    lab.backend.add(pod.endpoint);

    const declared = await call(lab, '/api/products', { method: 'POST', body: Buffer.alloc(2048, 'x') });
    expect(declared.status).toBe(413);
    const chunked = await request(`${lab.ingress.url}/api/products`, {
      dispatcher: client,
      method: 'POST',
      body: Readable.from([1, 2, 3, 4].map(() => Buffer.alloc(512, 'y'))),
    });
    expect(chunked.statusCode).toBe(413);
    await chunked.body.dump();
    expect(pod.hits).toBe(0);

    const within = await call(lab, '/api/products', { method: 'POST', body: Buffer.alloc(1024, 'z') });
    expect(within.echo().bodyBytes).toBe(1024);
  });

  it('keeps Host, appends the client to X-Forwarded-For and adds X-Real-IP, X-Forwarded-Host/Proto', async () => {
    const lab = await startLab();
    lab.backend.add((await upstream('backend-a')).endpoint);

    const { headers } = (
      await call(lab, '/api/products', {
        headers: {
          host: 'shop.example.com',
          'x-forwarded-for': '203.0.113.7',
          'x-request-id': 'req-12345678',
        },
      })
    ).echo();
    expect(headers).toMatchObject({
      host: 'shop.example.com',
      'x-forwarded-for': '203.0.113.7, 127.0.0.1',
      'x-real-ip': '127.0.0.1',
      'x-forwarded-host': 'shop.example.com',
      'x-forwarded-proto': 'http',
      'x-forwarded-port': String(lab.ingress.port),
      'x-request-id': 'req-12345678',
    });
    const fresh = (await call(lab, '/api/products')).echo().headers;
    expect(fresh['x-forwarded-for']).toBe('127.0.0.1');
    expect(fresh['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('streams a large response body through whole', async () => {
    const lab = await startLab();
    lab.frontend.add((await upstream('frontend-a')).endpoint);
    const size = 8 * 1024 * 1024 + 3;
    const response = await request(`${lab.ingress.url}/big/${size}`, { dispatcher: client });
    expect(response.statusCode).toBe(200);
    let received = 0;
    for await (const chunk of response.body) received += (chunk as Buffer).length;
    expect(received).toBe(size);
  });

  it('refuses a retry policy it cannot imitate, naming the token and what is supported', async () => {
    await expect(
      startIngressProxy({
        ingress: shopIngress({ nextUpstream: ['error', 'http_502'] }),
        services: new Map(),
      }),
    ).rejects.toThrow(/"http_502" is not supported.*supported: error, timeout/);
  });

  it('closes client connections on stop, and stop can be called again', async () => {
    const lab = await startLab();
    const socket = connect(lab.ingress.port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await lab.ingress.stop();
    await closed;
    await lab.ingress.stop();
    await expect(call(lab, '/')).rejects.toThrow();
  });
});
