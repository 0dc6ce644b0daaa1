import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { findTool } from '../testing/tool.js';
import { processesOfRun } from '../runtime/local/test/leftovers.js';
import {
  k6InstallCommand,
  startLoad,
  type OrderAttempt,
  type RunningLoad,
  type StartLoadOptions,
} from './index.js';
import { countBy, everyJourney, workDir } from './test/load-fixtures.js';
import { startTrivialShop, trivialShoppers, type TrivialShop } from './test/trivial-shop.js';

const k6 = findTool('k6', k6InstallCommand);
if (k6.skipReason) console.warn(k6.skipReason);

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.skipIf(!!k6.skipReason)('The same journeys on k6', () => {
  let shop: TrivialShop;
  let dir: Awaited<ReturnType<typeof workDir>>;
  const runId = `k6-test-${randomBytes(2).toString('hex')}`;
  const running: RunningLoad[] = [];

  beforeAll(async () => {
    shop = await startTrivialShop();
    dir = await workDir();
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((load) => load.stop()));
    shop.misbehave('none');
    shop.requests.length = 0;
  });
  afterAll(async () => {
    await shop?.close();
    await dir?.remove();
  });

  async function run(overrides: Partial<StartLoadOptions>): Promise<RunningLoad> {
    const load = await startLoad({
      baseUrl: shop.origin,
      shoppers: trivialShoppers,
      rps: 100,
      journeys: everyJourney,
      seed: 42,
      generator: 'k6',
      maxDurationMs: 15_000,
      workDir: dir.path,
      runId,
      ...overrides,
    });
    running.push(load);
    return load;
  }

  it('records the same journeys, products and shoppers as the built-in generator for the same seed', async () => {
    const onK6 = await run({ maxArrivals: 40 });
    expect(onK6.generator).toMatch(/^k6 v\d+\.\d+\.\d+/);
    await onK6.finished;
    const k6Result = await onK6.stop();
    const k6Requests = [...shop.requests].sort();

    shop.requests.length = 0;
    const builtIn = await run({ maxArrivals: 40, generator: 'built-in' });
    await builtIn.finished;
    const builtInResult = await builtIn.stop();

    expect(k6Result.records.filter((r) => r.errorKind)).toEqual([]);
    // The same requests (products, pages, search words), and per arrival the same checkout: the
    // idempotency key ends with the arrival's index, the same on both generators.
    expect(countBy(k6Result.records, (r) => r.journey)).toEqual(
      countBy(builtInResult.records, (r) => r.journey),
    );
    expect(k6Requests).toEqual([...shop.requests].sort());
    const byArrival = (orders: OrderAttempt[]): [string, string, string][] =>
      orders
        .map((o): [string, string, string] => [
          o.idempotencyKey.split('-').pop()!,
          o.username,
          JSON.stringify(o.items),
        ])
        .sort(([a], [b]) => Number(a) - Number(b));
    expect(k6Result.orders.length).toBeGreaterThan(0);
    expect(byArrival(k6Result.orders)).toEqual(byArrival(builtInResult.orders));
    expect(k6Result.orders.every((o) => o.outcome === 'acknowledged')).toBe(true);
    for (const order of k6Result.orders) expect(order.orderId).toEqual(expect.any(Number));
    for (const record of k6Result.records) {
      expect(record.sentAt).toBeGreaterThanOrEqual(record.scheduledAt);
      expect(record.finishedAt).toBeGreaterThanOrEqual(record.sentAt!);
    }
    expect(await processesOfRun(runId)).toEqual([]);
  });

  it.each([
    ['http_5xx', 'http_500'],
    ['connection_reset', 'reset'],
    ['timeout', 'hang'],
  ] as const)('records %s when the shop misbehaves (%s)', async (kind, misbehaviour) => {
    shop.misbehave(misbehaviour);
    const load = await run({
      rps: 20,
      maxArrivals: 10,
      requestTimeoutMs: 500,
      journeys: { browse: 1, checkout: 1 },
    });
    await load.finished;
    const { records, orders } = await load.stop();
    expect(records).toHaveLength(10);
    expect(countBy(records, (r) => r.errorKind ?? 'ok')).toEqual({ [kind]: 10 });
    expect(orders.every((o) => o.outcome === 'ambiguous')).toBe(true);
  });

  it('records connection_refused when nothing listens', async () => {
    const load = await run({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      rps: 20,
      maxArrivals: 10,
      journeys: { browse: 1 },
    });
    await load.finished;
    const { records } = await load.stop();
    expect(countBy(records, (r) => r.errorKind ?? 'ok')).toEqual({ connection_refused: 10 });
  });

  it("turns k6's dropped iterations into dropped records when every VU is busy", async () => {
    shop.misbehave('hang');
    const load = await run({
      rps: 100,
      maxConcurrency: 2,
      maxArrivals: 40,
      requestTimeoutMs: 1000,
      journeys: { browse: 1 },
    });
    await load.finished;
    const { records } = await load.stop();
    const byKind = countBy(records, (r) => r.errorKind ?? 'ok');
    expect(byKind.dropped).toBeGreaterThanOrEqual(20);
    for (const dropped of records.filter((r) => r.errorKind === 'dropped'))
      expect(dropped.sentAt).toBeUndefined();
  });

  it('hands over to a new k6 segment on setRate and adds one for a spike, losing no request', async () => {
    const load = await run({ rps: 30, journeys: { browse: 1, product: 1 } });
    await expect.poll(() => load.records().length, { timeout: 10_000 }).toBeGreaterThan(10);
    await load.setRate(60);
    expect(load.rate()).toBe(60);
    await load.spike(2, 500);
    const atSpike = load.records().length;
    await expect.poll(() => load.records().length, { timeout: 10_000 }).toBeGreaterThan(atSpike + 30);
    const { records } = await load.stop();
    expect(records.filter((r) => r.errorKind)).toEqual([]);
    // Every request the shop saw is recorded: a handover must not cut requests short or lose their records.
    expect(records).toHaveLength(shop.requests.length);
    expect(await processesOfRun(runId)).toEqual([]);
  });
});
