/**
 * One suite, two servers: every case runs against the embedded Toxiproxy and against the real
 * toxiproxy-server (skipped locally when it is not installed, required under LAB_CI=1), driven through
 * toxiproxy-node-client as the lab drives it; raw fetch only where the client cannot say it (/populate
 * bodies, status codes and error bodies, the toxic list, default toxic names). Expected values are
 * literal, so a case passing on both means the two answer alike.
 *
 * Where the two legitimately differ, no case looks: `/version`'s string ("git" for a go-install build of
 * the real one, "2.12.0-embedded" here), malformed-JSON error wording, and listen addresses other than
 * 127.0.0.1 (refused by the embedded server: see embedded-server.test.ts).
 */
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { setTimeout as delay } from 'node:timers/promises';
import {
  Toxiproxy,
  type Bandwidth,
  type Latency,
  type Proxy,
  type Slicer,
  type Slowclose,
  type Timeout,
} from 'toxiproxy-node-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { makeRunTempDir, newRunId } from '../runtime/shared/run-label.js';
import { findTool } from '../testing/tool.js';
import { startEmbeddedToxiproxy } from './embedded-server.js';
import { startRealToxiproxy, toxiproxyInstallCommand } from './real-server.js';
import {
  startHttpUpstream,
  startUpstream,
  TestClient,
  type TestUpstream,
  type UpstreamOptions,
} from './test-peers.js';

/** Attribute types toxiproxy-node-client declares but does not export. */
type ResetPeer = { timeout: number };
type LimitData = { bytes: number };

const realTool = findTool('toxiproxy-server', toxiproxyInstallCommand);
if (realTool.skipReason) console.warn(realTool.skipReason);

interface ServerUnderTest {
  name: string;
  skip: boolean;
  start(): Promise<{ url: string; stop(): Promise<void> }>;
}

const runId = newRunId();
let logsDir: string | undefined;

const servers: ServerUnderTest[] = [
  { name: 'the embedded server', skip: false, start: () => startEmbeddedToxiproxy() },
  {
    name: 'toxiproxy-server',
    skip: realTool.skipReason !== undefined,
    start: async () => {
      logsDir = await makeRunTempDir(runId, 'toxiproxy-conformance');
      return startRealToxiproxy({ runId, logsDir, command: realTool.path as string });
    },
  },
];

afterAll(async () => {
  if (logsDir) await rm(logsDir, { recursive: true, force: true });
});

describe.each(servers)('Toxiproxy API on $name', (server) => {
  describe.skipIf(server.skip)('conformance', () => {
    let stopServer: () => Promise<void> = async () => {};
    let url = '';
    let api: Toxiproxy;
    const upstreams: TestUpstream[] = [];
    const httpUpstreams: Array<{ close(): Promise<void> }> = [];
    const clients: TestClient[] = [];

    beforeAll(async () => {
      const started = await server.start();
      stopServer = started.stop;
      url = started.url;
      api = new Toxiproxy(url);
    });

    afterEach(async () => {
      for (const client of clients.splice(0)) client.destroy();
      for (const proxy of Object.values(await api.getAll())) await proxy.remove();
      for (const upstream of [...upstreams.splice(0), ...httpUpstreams.splice(0)]) await upstream.close();
    });

    afterAll(() => stopServer());

    const upstream = async (options: UpstreamOptions = {}): Promise<TestUpstream> => {
      const started = await startUpstream(options);
      upstreams.push(started);
      return started;
    };
    const connect = async (proxy: Proxy): Promise<TestClient> => {
      const client = await TestClient.connect(portOf(proxy));
      clients.push(client);
      return client;
    };
    const proxyTo = (target: TestUpstream, name = 'shop_db'): Promise<Proxy> =>
      api.createProxy({ name, listen: '127.0.0.1:0', upstream: target.address });
    const raw = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${url}${path}`, {
        method,
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        text: await response.text(),
      };
    };
    /** An API error as both servers write it (Go's http.Error: text/plain, JSON body, newline). */
    const apiError = (error: string, status: number) => ({
      status,
      type: 'text/plain; charset=utf-8',
      text: `${JSON.stringify({ error, status })}\n`,
    });
    const echoTime = async (client: TestClient, message = 'ping'): Promise<number> => {
      const before = client.received.length;
      const sent = performance.now();
      client.write(message);
      await client.waitForBytes(before + message.length);
      return performance.now() - sent;
    };

    describe('proxies', () => {
      it('creates a proxy on 127.0.0.1 with a free port and lists it with its fields', async () => {
        const target = await upstream();
        const proxy = await proxyTo(target);
        expect(proxy.listen).toMatch(/^127\.0\.0\.1:\d+$/);
        expect(portOf(proxy)).toBeGreaterThan(0);
        const listed = await raw('GET', '/proxies');
        expect(listed.status).toBe(200);
        expect(listed.type).toBe('application/json');
        expect(JSON.parse(listed.text)).toEqual({
          shop_db: {
            name: 'shop_db',
            listen: proxy.listen,
            upstream: target.address,
            enabled: true,
            Logger: {},
            toxics: [],
          },
        });
      });

      it('carries data both ways through an enabled proxy', async () => {
        const client = await connect(await proxyTo(await upstream()));
        client.write('hello toxiproxy');
        expect((await client.waitForBytes(15)).toString()).toBe('hello toxiproxy');
      });

      it('shows, disables and deletes a proxy; a deleted one answers 404', async () => {
        const proxy = await proxyTo(await upstream());
        const open = await connect(proxy);
        expect((await api.get('shop_db')).enabled).toBe(true);
        const disabled = await proxy.update({
          enabled: false,
          listen: proxy.listen,
          upstream: proxy.upstream,
        });
        expect(disabled.enabled).toBe(false);
        await open.waitForEnd(2_000);
        await proxy.remove();
        await expect(api.get('shop_db')).rejects.toThrow('status code 404');
        expect(await raw('GET', '/proxies/shop_db')).toEqual(apiError('proxy not found', 404));
      });

      it("answers 409 for a duplicate name and 400 for a missing field, with Toxiproxy's error body", async () => {
        const target = await upstream();
        await proxyTo(target);
        await expect(proxyTo(target)).rejects.toThrow('status code 409');
        const duplicate = { name: 'shop_db', listen: '127.0.0.1:0', upstream: target.address };
        expect(await raw('POST', '/proxies', duplicate)).toEqual(apiError('proxy already exists', 409));
        expect(await raw('POST', '/proxies', { name: 'x' })).toEqual(
          apiError('missing required field: upstream', 400),
        );
        expect(await raw('POST', '/proxies', '')).toEqual(apiError('bad request body: EOF', 400));
      });

      it('closes open connections and refuses new ones while disabled; accepts them again on the same port once enabled', async () => {
        const proxy = await proxyTo(await upstream());
        const open = await connect(proxy);
        await proxy.update({ enabled: false, listen: proxy.listen, upstream: proxy.upstream });
        await open.waitForEnd(2_000);
        await expect(TestClient.connect(portOf(proxy))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
        const enabled = await proxy.update({ enabled: true, listen: proxy.listen, upstream: proxy.upstream });
        expect(enabled.listen).toBe(proxy.listen);
        const client = await connect(enabled);
        client.write('back');
        expect((await client.waitForBytes(4)).toString()).toBe('back');
      });

      it('accepts a client and then closes it (FIN, not RST) when the upstream refuses', async () => {
        const gone = await upstream();
        await gone.close();
        const client = await connect(await proxyTo(gone));
        // No write: bytes sent after the proxy's FIN would draw an RST from the client's own kernel.
        expect(await client.waitForEnd(2_000)).toMatchObject({ how: 'end' });
      });

      it('closes open connections when the upstream changes and sends new ones to the new upstream', async () => {
        const first = await upstream({ greeting: 'A' });
        const second = await upstream({ greeting: 'B' });
        const proxy = await proxyTo(first);
        const before = await connect(proxy);
        expect((await before.waitForBytes(1)).toString()).toBe('A');
        const moved = await proxy.update({ enabled: true, listen: proxy.listen, upstream: second.address });
        expect(moved.upstream).toBe(second.address);
        await before.waitForEnd(2_000);
        const after = await connect(moved);
        expect((await after.waitForBytes(1)).toString()).toBe('B');
      });
    });

    describe('toxics', () => {
      it('creates, shows, lists, updates and removes a toxic; the default name is <type>_<stream>', async () => {
        const proxy = await proxyTo(await upstream());
        const created = await raw('POST', '/proxies/shop_db/toxics', {
          type: 'latency',
          attributes: { latency: 50 },
        });
        expect(created.status).toBe(200);
        expect(JSON.parse(created.text)).toEqual({
          attributes: { latency: 50, jitter: 0 },
          name: 'latency_downstream',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
        });
        await proxy.addToxic<Bandwidth>({
          name: 'thin',
          type: 'bandwidth',
          stream: 'upstream',
          toxicity: 0.5,
          attributes: { rate: 10 },
        });
        const shown = await proxy.getToxic<Latency>('latency_downstream');
        expect(shown.attributes).toEqual({ latency: 50, jitter: 0 });
        const updated = await shown.update({ ...shown.toJson(), attributes: { latency: 75, jitter: 5 } });
        expect(updated.attributes).toEqual({ latency: 75, jitter: 5 });
        const list = JSON.parse((await raw('GET', '/proxies/shop_db/toxics')).text) as Array<{
          name: string;
        }>;
        expect(list.map((t) => t.name)).toEqual(['thin', 'latency_downstream']); // upstream chain first
        await updated.remove();
        await expect(proxy.getToxic('latency_downstream')).rejects.toThrow('status code 404');
      });

      it('answers 400 for an unknown type or stream, 404 for an unknown toxic or proxy, 409 for a duplicate', async () => {
        await proxyTo(await upstream());
        expect(await raw('POST', '/proxies/shop_db/toxics', { type: 'flood' })).toEqual(
          apiError('invalid toxic type', 400),
        );
        expect(await raw('POST', '/proxies/shop_db/toxics', { type: 'latency', stream: 'sideways' })).toEqual(
          apiError('stream was invalid, can be either upstream or downstream', 400),
        );
        expect(
          await raw('POST', '/proxies/shop_db/toxics', { type: 'latency', attributes: { latency: 'slow' } }),
        ).toEqual(
          apiError(
            'bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64',
            400,
          ),
        );
        expect(await raw('GET', '/proxies/shop_db/toxics/nope')).toEqual(apiError('toxic not found', 404));
        expect(await raw('DELETE', '/proxies/shop_db/toxics/nope')).toEqual(apiError('toxic not found', 404));
        expect(await raw('POST', '/proxies/ghost/toxics', { type: 'latency' })).toEqual(
          apiError('proxy not found', 404),
        );
        await raw('POST', '/proxies/shop_db/toxics', { type: 'latency' });
        expect(await raw('POST', '/proxies/shop_db/toxics', { type: 'latency' })).toEqual(
          apiError('toxic already exists', 409),
        );
      });

      it('latency delays data by at least `latency` ms', async () => {
        const proxy = await proxyTo(await upstream());
        await proxy.addToxic<Latency>({
          name: 'slow',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: 300, jitter: 0 },
        });
        const client = await connect(proxy);
        expect(await echoTime(client)).toBeGreaterThanOrEqual(300);
      });

      it('latency with jitter delays each message by latency ± jitter', async () => {
        const proxy = await proxyTo(await upstream());
        await proxy.addToxic<Latency>({
          name: 'wobbly',
          type: 'latency',
          stream: 'upstream',
          toxicity: 1,
          attributes: { latency: 200, jitter: 100 },
        });
        const client = await connect(proxy);
        for (let i = 0; i < 3; i += 1) expect(await echoTime(client)).toBeGreaterThanOrEqual(100);
      });

      it('an updated toxic acts on open connections at once', async () => {
        const proxy = await proxyTo(await upstream());
        const client = await connect(proxy);
        const toxic = await proxy.addToxic<Latency>({
          name: 'slow',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: 20_000, jitter: 0 },
        });
        client.write('ping');
        await delay(300);
        expect(client.received.length).toBe(0);
        await toxic.update({ ...toxic.toJson(), attributes: { latency: 0, jitter: 0 } });
        await client.waitForBytes(4, 3_000); // not the 20 s first asked for
        expect(await echoTime(client)).toBeLessThan(5_000);
      });

      it('an HTTP request through a proxy with downstream latency is answered after at least `latency` ms', async () => {
        const http = await startHttpUpstream();
        httpUpstreams.push(http);
        const proxy = await api.createProxy({ name: 'api', listen: '127.0.0.1:0', upstream: http.address });
        const direct = await fetch(`http://${proxy.listen}/healthz`);
        expect(await direct.json()).toEqual({ status: 'ok' });
        await proxy.addToxic<Latency>({
          name: 'slow',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: 250, jitter: 0 },
        });
        const started = performance.now();
        const slow = await fetch(`http://${proxy.listen}/healthz`, { headers: { connection: 'close' } });
        expect(await slow.json()).toEqual({ status: 'ok' });
        expect(performance.now() - started).toBeGreaterThanOrEqual(250);
      });

      it('applies a toxic added to an open connection, and lets held data go when the toxic is removed', async () => {
        const proxy = await proxyTo(await upstream());
        const client = await connect(proxy);
        await echoTime(client, 'warm');
        await proxy.addToxic<Latency>({
          name: 'slow',
          type: 'latency',
          stream: 'upstream',
          toxicity: 1,
          attributes: { latency: 300, jitter: 0 },
        });
        expect(await echoTime(client)).toBeGreaterThanOrEqual(300);
        const held = await proxy.addToxic<Latency>({
          name: 'stuck',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: 20_000, jitter: 0 },
        });
        client.write('later');
        await delay(400);
        expect(client.received.length).toBe(8);
        await held.remove();
        // Removing the toxic passes on what it held at once, long before its 20 s.
        expect((await client.waitForBytes(13, 3_000)).toString()).toBe('warmpinglater');
      });

      it('bandwidth caps throughput at `rate` KB/s', async () => {
        const proxy = await proxyTo(
          await upstream({ greeting: Buffer.alloc(100_000, 1), closeAfterGreeting: true }),
        );
        await proxy.addToxic<Bandwidth>({
          name: 'thin',
          type: 'bandwidth',
          stream: 'downstream',
          toxicity: 1,
          attributes: { rate: 100 },
        });
        const client = await connect(proxy);
        await client.waitForBytes(100_000, 5_000);
        // 100 000 bytes at 100 KB/s take about 1 s; unthrottled they take a few ms.
        expect(client.chunks.at(-1)?.atMs).toBeGreaterThanOrEqual(700);
      });

      it('slows a client that writes into a bandwidth toxic down (TCP backpressure) instead of buffering its data', async () => {
        const target = await upstream();
        const proxy = await proxyTo(target);
        await proxy.addToxic<Bandwidth>({
          name: 'thin',
          type: 'bandwidth',
          stream: 'upstream',
          toxicity: 1,
          attributes: { rate: 100 },
        });
        const client = await connect(proxy);
        client.write(Buffer.alloc(20 * 1024 * 1024, 2));
        await delay(500);
        // About 50 KB passed; the rest waits in the client (beyond a few MB of socket buffers and the
        // proxy's own small backlog), as with any TCP peer that reads slowly.
        expect(target.received).toBeLessThan(1024 * 1024);
        expect(client.socket.writableLength).toBeGreaterThan(10 * 1024 * 1024);
      });

      it('timeout drops the data and closes the connection once nothing has arrived for `timeout` ms', async () => {
        const proxy = await proxyTo(await upstream());
        await proxy.addToxic<Timeout>({
          name: 'dead',
          type: 'timeout',
          stream: 'downstream',
          toxicity: 1,
          attributes: { timeout: 300 },
        });
        const client = await connect(proxy);
        client.write('ping');
        const end = await client.waitForEnd(3_000);
        expect(client.received.length).toBe(0);
        expect(end.how).toBe('end');
        expect(end.atMs).toBeGreaterThanOrEqual(300);
      });

      it('timeout 0 holds the connection until the toxic is removed, which closes it', async () => {
        const proxy = await proxyTo(await upstream());
        const toxic = await proxy.addToxic<Timeout>({
          name: 'hold',
          type: 'timeout',
          stream: 'downstream',
          toxicity: 1,
          attributes: { timeout: 0 },
        });
        const client = await connect(proxy);
        client.write('ping');
        expect(await client.staysOpenFor(500)).toBe(true);
        expect(client.received.length).toBe(0);
        await toxic.remove();
        await client.waitForEnd(2_000);
      });

      it.each(['upstream', 'downstream'] as const)(
        'reset_peer on %s resets the connection (ECONNRESET) `timeout` ms after data arrives',
        async (stream) => {
          const proxy = await proxyTo(await upstream());
          await proxy.addToxic<ResetPeer>({
            name: 'rst',
            type: 'reset_peer',
            stream,
            toxicity: 1,
            attributes: { timeout: 200 },
          });
          const client = await connect(proxy);
          client.write('ping');
          const end = await client.waitForEnd(3_000);
          expect(end).toMatchObject({ how: 'error', code: 'ECONNRESET' });
          expect(end.atMs).toBeGreaterThanOrEqual(200);
          expect(client.received.length).toBe(0);
        },
      );

      it('reset_peer added to an already open connection closes it with FIN: only connections opened with the toxic in place reset', async () => {
        const proxy = await proxyTo(await upstream());
        const client = await connect(proxy);
        await echoTime(client, 'warm'); // the proxy has dialled the upstream: the connection is open
        await proxy.addToxic<ResetPeer>({
          name: 'rst',
          type: 'reset_peer',
          stream: 'downstream',
          toxicity: 1,
          attributes: { timeout: 0 },
        });
        client.write('ping');
        expect(await client.waitForEnd(2_000)).toMatchObject({ how: 'end' });
      });

      it('slow_close delays the close by `delay` ms after the data', async () => {
        const proxy = await proxyTo(await upstream({ greeting: 'hello', closeAfterGreeting: true }));
        await proxy.addToxic<Slowclose>({
          name: 'lingering',
          type: 'slow_close',
          stream: 'downstream',
          toxicity: 1,
          attributes: { delay: 400 },
        });
        const client = await connect(proxy);
        expect((await client.waitForBytes(5)).toString()).toBe('hello');
        const end = await client.waitForEnd(3_000);
        expect(end.how).toBe('end');
        expect(end.atMs).toBeGreaterThanOrEqual(400);
      });

      it('slicer splits one write into smaller pieces', async () => {
        const proxy = await proxyTo(
          await upstream({ greeting: Buffer.alloc(1_000, 7), closeAfterGreeting: true }),
        );
        await proxy.addToxic<Slicer>({
          name: 'crumbs',
          type: 'slicer',
          stream: 'downstream',
          toxicity: 1,
          attributes: { average_size: 100, size_variation: 0, delay: 20_000 },
        });
        const client = await connect(proxy);
        await client.waitForBytes(1_000);
        expect(client.chunks.length).toBeGreaterThanOrEqual(4);
        expect(Math.max(...client.chunks.map((c) => c.data.length))).toBeLessThan(1_000);
      });

      it('limit_data closes the connection after `bytes` bytes', async () => {
        const proxy = await proxyTo(await upstream({ greeting: Buffer.alloc(10_000, 3) }));
        await proxy.addToxic<LimitData>({
          name: 'cap',
          type: 'limit_data',
          stream: 'downstream',
          toxicity: 1,
          attributes: { bytes: 1_000 },
        });
        const client = await connect(proxy);
        await client.waitForEnd(3_000);
        expect(client.received.length).toBe(1_000);
      });

      it('toxicity 0 never applies the toxic', async () => {
        const proxy = await proxyTo(await upstream());
        await proxy.addToxic<Latency>({
          name: 'never',
          type: 'latency',
          stream: 'downstream',
          toxicity: 0,
          attributes: { latency: 5_000, jitter: 0 },
        });
        for (let i = 0; i < 3; i += 1) {
          const client = await connect(proxy);
          client.write('ping');
          await client.waitForBytes(4, 2_000); // well before the toxic's 5 s
        }
      });

      it('an upstream toxic acts on client → server data, a downstream one on server → client data', async () => {
        const target = await upstream();
        const proxy = await proxyTo(target);
        await proxy.addToxic<LimitData>({
          name: 'up',
          type: 'limit_data',
          stream: 'upstream',
          toxicity: 1,
          attributes: { bytes: 5 },
        });
        const upClient = await connect(proxy);
        upClient.write('hello world');
        await upClient.waitForEnd(3_000);
        await expect.poll(() => target.received).toBe(5);

        await (await proxy.getToxic('up')).remove();
        await proxy.addToxic<LimitData>({
          name: 'down',
          type: 'limit_data',
          stream: 'downstream',
          toxicity: 1,
          attributes: { bytes: 5 },
        });
        const downClient = await connect(proxy);
        downClient.write('hello world');
        await downClient.waitForEnd(3_000);
        expect(downClient.received.toString()).toBe('hello');
        await expect.poll(() => target.received).toBe(5 + 11);
      });
    });

    describe('server', () => {
      it('/reset enables every proxy and removes every toxic', async () => {
        const target = await upstream();
        const off = await proxyTo(target, 'off');
        await off.update({ enabled: false, listen: off.listen, upstream: off.upstream });
        const poisoned = await proxyTo(target, 'poisoned');
        await poisoned.addToxic<Latency>({
          name: 'slow',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: 100, jitter: 0 },
        });
        await api.reset();
        const all = await api.getAll();
        expect(Object.values(all).map((p) => [p.name, p.enabled])).toEqual([
          ['off', true],
          ['poisoned', true],
        ]);
        expect((await raw('GET', '/proxies/poisoned/toxics')).text).toBe('[]');
        const client = await connect(off);
        client.write('up');
        await client.waitForBytes(2);
      });

      it('/populate creates proxies, keeps those that match and replaces those that changed', async () => {
        const first = await upstream();
        const second = await upstream();
        const created = await api.populate([
          { name: 'db', listen: '127.0.0.1:0', upstream: first.address, enabled: true },
        ]);
        const db = created.db as Proxy;
        expect(db.listen).toMatch(/^127\.0\.0\.1:[1-9]\d*$/);
        await db.addToxic<Latency>({
          name: 'slow',
          type: 'latency',
          stream: 'downstream',
          toxicity: 1,
          attributes: { latency: 10, jitter: 0 },
        });

        const same = await raw('POST', '/populate', [
          { name: 'db', listen: db.listen, upstream: first.address },
        ]);
        expect(same.status).toBe(201);
        expect(JSON.parse(same.text)).toEqual({
          proxies: [
            {
              name: 'db',
              listen: db.listen,
              upstream: first.address,
              enabled: true,
              Logger: {},
              toxics: [expect.objectContaining({ name: 'slow' })],
            },
          ],
        });

        const changed = await api.populate([
          { name: 'db', listen: db.listen, upstream: second.address, enabled: true },
        ]);
        expect(changed.db?.upstream).toBe(second.address);
        expect((await raw('GET', '/proxies/db/toxics')).text).toBe('[]'); // replaced: a new proxy, no toxics

        expect(await raw('POST', '/populate', [])).toEqual({
          status: 201,
          type: 'application/json',
          text: '{"proxies":null}',
        });
        expect(await raw('POST', '/populate', [{ name: 'x' }])).toEqual({
          status: 400,
          type: 'application/json',
          text: '{"error":"missing required field: upstream at proxy 1","status":400,"proxies":null}',
        });
      });

      it('/version answers {"version": "..."} as JSON, and unknown paths 404', async () => {
        const version = await raw('GET', '/version');
        expect(version.status).toBe(200);
        expect(version.type).toBe('application/json;charset=utf-8');
        expect(version.text).toMatch(/^\{"version": "[^"]+"\}\n$/);
        expect(await api.getVersion()).toBe(version.text);
        expect(await raw('GET', '/nowhere')).toEqual({
          status: 404,
          type: 'text/plain; charset=utf-8',
          text: '404 page not found\n',
        });
        expect((await raw('PUT', '/proxies')).status).toBe(405);
      });
    });
  });
});

function portOf(proxy: Proxy): number {
  return Number(proxy.listen.split(':').at(-1));
}
