import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { V1EndpointSlice } from '@kubernetes/client-node';
import getPort from 'get-port';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../../../testing/tool.js';
import { IngressSync } from './ingress-sync.js';
import { renderNginxConf } from './nginx-conf.js';
import { NginxConfigError, NginxProcess } from './nginx-process.js';
import { closedPort, send, startPod, type TestPod } from './test/http-pods.js';
import {
  endpointSlices,
  labIngressClass,
  labOverlayIngress,
  shopServices,
  type TestEndpoint,
} from './test/shop-objects.js';

/**
 * The controller's pipeline against Debian's real nginx: watch events (fed by hand, as the informers
 * would) → state → render → nginx -t → reload, with small HTTP servers on 127.0.0.1 as the pods.
 */
const nginxTool = findTool('nginx', 'apt-get install nginx-light', ['/usr/sbin/nginx']);

describe.skipIf(!nginxTool.path)(
  `the controller with real nginx${nginxTool.skipReason ? ` (${nginxTool.skipReason})` : ''}`,
  () => {
    let runDir: string;
    let nginx: NginxProcess;
    let sync: IngressSync;
    let port: number;
    let backendA: TestPod;
    let backendB: TestPod;
    let resetting: TestPod;
    let frontend: TestPod;
    let deadPort: number;
    let breakNextRender = false;
    const nginxOutput: string[] = [];
    const slices = new Map<string, V1EndpointSlice[]>();

    /** What the EndpointSlice controller would do: replace the Service's slices, one event each. */
    async function setEndpoints(service: string, endpoints: TestEndpoint[]): Promise<void> {
      for (const slice of slices.get(service) ?? [])
        sync.handle({ type: 'delete', kind: 'EndpointSlice', object: slice });
      const next = endpointSlices(service, endpoints);
      for (const slice of next) sync.handle({ type: 'upsert', kind: 'EndpointSlice', object: slice });
      slices.set(service, next);
      await sync.settled();
    }

    const pods = (...list: TestPod[]): TestEndpoint[] => list.map((p) => ({ ip: '127.0.0.1', port: p.port }));

    beforeAll(async () => {
      runDir = await mkdtemp(join(tmpdir(), 'lab-ingress-nginx-'));
      // nginx's workers run as nobody when the tests run as root: they must reach the temp paths.
      await chmod(runDir, 0o755);
      [port, deadPort] = [await getPort({ host: '127.0.0.1' }), await closedPort()];
      const statusPort = await getPort({ host: '127.0.0.1' });
      [backendA, backendB, resetting, frontend] = await Promise.all([
        startPod('backend-a'),
        startPod('backend-b'),
        startPod('backend-resetting', 'reset'),
        startPod('frontend'),
      ]);
      nginx = new NginxProcess({
        binary: nginxTool.path!,
        prefix: runDir,
        onOutput: (_stream, line) => nginxOutput.push(line),
      });
      sync = new IngressSync({
        render: (snapshot) => {
          const rendered = renderNginxConf(snapshot, {
            listen: { address: '127.0.0.1', port },
            advertisedPort: 80,
            statusPort,
            runDir,
            accessLog: false,
            workerProcesses: 1,
          });
          if (!breakNextRender) return rendered;
          breakNextRender = false;
          return { ...rendered, checksum: 'broken', text: `${rendered.text}\nnot_a_directive on;\n` };
        },
        nginx,
        confPath: join(runDir, 'nginx.conf'),
        statusPort,
        log: pino({ level: 'silent' }),
      });
      sync.handle({ type: 'upsert', kind: 'IngressClass', object: labIngressClass() });
      sync.handle({ type: 'upsert', kind: 'Ingress', object: labOverlayIngress() });
      for (const service of shopServices()) sync.handle({ type: 'upsert', kind: 'Service', object: service });
      await setEndpoints('backend', pods(backendA));
      await setEndpoints('frontend', pods(frontend));
      await sync.start();
      if (!sync.ready)
        throw new Error(`nginx did not start: ${sync.lastError?.message}\n${nginxOutput.join('\n')}`);
    });

    afterAll(async () => {
      sync?.stop();
      await nginx?.stop();
      await Promise.all([backendA, backendB, resetting, frontend].map((p) => p?.close()));
      if (runDir) await rm(runDir, { recursive: true, force: true });
    });

    it('sends /api to the backend’s pods and everything else to the storefront’s', async () => {
      expect((await send(port, '/api/products?limit=5')).echo).toMatchObject({
        pod: 'backend-a',
        url: '/api/products?limit=5',
      });
      expect((await send(port, '/api')).echo?.pod).toBe('backend-a');
      expect((await send(port, '/')).echo?.pod).toBe('frontend');
      // Prefix matches whole path elements: /apix is the storefront's.
      expect((await send(port, '/apix')).echo?.pod).toBe('frontend');
    });

    it('passes X-Forwarded-For/Proto/Host and the rest like ingress-nginx', async () => {
      const { echo } = await send(port, '/api/me', {
        headers: { host: 'shop.test', 'x-forwarded-for': '203.0.113.9' },
      });
      expect(echo?.headers).toMatchObject({
        host: 'shop.test',
        'x-forwarded-for': '127.0.0.1',
        'x-real-ip': '127.0.0.1',
        'x-forwarded-proto': 'http',
        'x-forwarded-host': 'shop.test',
        'x-forwarded-port': '80',
        'x-original-forwarded-for': '203.0.113.9',
      });
      expect(echo?.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    });

    it('retries a GET whose pod refuses the connection on the next ready pod', async () => {
      await setEndpoints('backend', [{ ip: '127.0.0.1', port: deadPort }, ...pods(backendA)]);
      const replies = await Promise.all(
        Array.from({ length: 6 }, (_, i) => send(port, `/api/products/${i}`)),
      );
      expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(new Set(replies.map((r) => r.echo?.pod))).toEqual(new Set(['backend-a']));
    });

    it('does not re-send a POST that reached a pod which then reset, but does retry such a GET', async () => {
      await setEndpoints('backend', pods(resetting, backendA));
      const posts = [];
      for (let i = 0; i < 6; i += 1) {
        const id = `post-${i}`;
        posts.push({
          id,
          reply: await send(port, '/api/orders', {
            method: 'POST',
            body: Buffer.from('{}'),
            headers: { 'x-test-id': id },
          }),
        });
      }
      const reset = posts.filter((p) => resetting.seen.includes(p.id));
      expect(reset.length).toBeGreaterThan(0);
      for (const { id, reply } of reset) {
        expect(reply.status, id).toBe(502);
        expect(backendA.seen, id).not.toContain(id);
      }
      for (const { reply } of posts.filter((p) => !reset.includes(p))) expect(reply.status).toBe(200);

      const gets = [];
      for (let i = 0; i < 4; i += 1)
        gets.push(await send(port, '/api/products', { headers: { 'x-test-id': `get-${i}` } }));
      expect(gets.map((r) => r.status)).toEqual([200, 200, 200, 200]);
      const retried = ['get-0', 'get-1', 'get-2', 'get-3'].filter((id) => resetting.seen.includes(id));
      expect(retried.length).toBeGreaterThan(0);
      for (const id of retried) expect(backendA.seen).toContain(id);
    });

    it('brings an endpoint change to nginx within about a second', async () => {
      await setEndpoints('backend', pods(backendA));
      const changedAt = Date.now();
      for (const slice of slices.get('backend')!)
        sync.handle({ type: 'delete', kind: 'EndpointSlice', object: slice });
      const next = endpointSlices('backend', pods(backendB));
      for (const slice of next) sync.handle({ type: 'upsert', kind: 'EndpointSlice', object: slice });
      slices.set('backend', next);
      let pod: string | undefined;
      while (pod !== 'backend-b' && Date.now() - changedAt < 5_000)
        pod = (await send(port, '/api/x')).echo?.pod;
      const tookMs = Date.now() - changedAt;
      expect(pod).toBe('backend-b');
      console.info(`endpoint change → served by the new pod after ${tookMs} ms`);
      expect(tookMs).toBeLessThan(1_500);
      await sync.settled();
    });

    it('answers 503 while a Service has no ready endpoint, and recovers when one is back', async () => {
      await setEndpoints('backend', [{ ip: '127.0.0.1', port: backendA.port, ready: false }]);
      expect((await send(port, '/api/products')).status).toBe(503);
      expect((await send(port, '/')).status).toBe(200);
      await setEndpoints('backend', pods(backendA));
      expect((await send(port, '/api/products')).status).toBe(200);
    });

    it('answers 413 to a body over proxy-body-size (100k) and passes one at the limit', async () => {
      const over = await send(port, '/api/products', {
        method: 'POST',
        body: Buffer.alloc(100 * 1024 + 1, 'x'),
      });
      expect(over.status).toBe(413);
      const at = await send(port, '/api/products', { method: 'POST', body: Buffer.alloc(100 * 1024, 'x') });
      expect(at.status).toBe(200);
      expect(at.echo?.bodyBytes).toBe(100 * 1024);
    });

    it('keeps serving the previous configuration when nginx -t rejects a new one', async () => {
      const before = sync.applied?.checksum;
      breakNextRender = true;
      await setEndpoints('backend', pods(backendB));
      expect(sync.lastError).toBeInstanceOf(NginxConfigError);
      expect(sync.lastError?.message).toContain('not_a_directive');
      expect(sync.applied?.checksum).toBe(before);
      expect((await send(port, '/api/products')).echo?.pod).toBe('backend-a');
      // The next change renders again, and nginx takes it.
      await setEndpoints('backend', pods(backendB, backendA));
      expect(sync.lastError).toBeUndefined();
    });
  },
);
