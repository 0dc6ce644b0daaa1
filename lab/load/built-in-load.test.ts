import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLoad, type RunningLoad, type StartLoadOptions } from './index.js';
import { countBy, everyJourney, journeySequence, workDir } from './test/load-fixtures.js';
import { startTrivialShop, trivialShoppers, type TrivialShop } from './test/trivial-shop.js';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('The built-in open-model generator', () => {
  let shop: TrivialShop;
  let dir: Awaited<ReturnType<typeof workDir>>;
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
      generator: 'built-in',
      maxDurationMs: 10_000,
      workDir: dir.path,
      runId: 'load-test',
      // These tests are about what is recorded, not about this (shared, busy) machine's scheduling
      // delays: an arrival only counts as dropped for lateness past a second.
      lateToleranceMs: 1000,
      ...overrides,
    });
    running.push(load);
    return load;
  }

  it('records every request of every journey with open-model times, and stops by itself at maxArrivals', async () => {
    const load = await run({ maxArrivals: 60 });
    expect(load.generator).toBe('built-in open-model generator');
    await load.finished;
    const { records, orders } = await load.stop();

    expect(records.filter((r) => r.errorKind)).toEqual([]);
    expect(new Set(records.map((r) => r.journey))).toEqual(new Set(Object.keys(everyJourney)));
    const routes = new Set(records.map((r) => `${r.method} ${r.route}`));
    expect(routes).toEqual(
      new Set([
        'GET /api/products',
        'GET /api/products/:id',
        'POST /api/cart/items',
        'POST /api/orders',
        'GET /api/orders',
      ]),
    );
    for (const record of records) {
      expect(record.sentAt).toBeGreaterThanOrEqual(record.scheduledAt);
      expect(record.finishedAt).toBeGreaterThanOrEqual(record.sentAt!);
    }
    // 60 arrivals; add-to-cart journeys make two requests.
    const addToCart = records.filter((r) => r.journey === 'add-to-cart').length / 2;
    expect(records.length - addToCart).toBe(60);
    expect(shop.requests).toHaveLength(records.length);

    const checkouts = records.filter((r) => r.journey === 'checkout');
    expect(orders).toHaveLength(checkouts.length);
    for (const order of orders) {
      expect(order).toMatchObject({ outcome: 'acknowledged', status: 201 });
      expect(order.orderId).toEqual(expect.any(Number));
      expect(order.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,128}$/);
    }
    expect(new Set(orders.map((o) => o.idempotencyKey)).size).toBe(orders.length);
  });

  it('makes records() live while the load runs, and stop() is idempotent', async () => {
    const load = await run({ rps: 50 });
    await expect.poll(() => load.records().length, { timeout: 5000 }).toBeGreaterThan(5);
    const first = load.stop();
    const second = load.stop();
    expect(second).toBe(first);
    const { records } = await first;
    expect(records.length).toBeGreaterThan(5);
    expect(load.rate()).toBe(0);
  });

  it('drops arrivals it cannot start on schedule when the concurrency cap is reached, and says so', async () => {
    shop.misbehave('hang');
    const load = await run({
      rps: 200,
      maxConcurrency: 2,
      maxArrivals: 40,
      requestTimeoutMs: 500,
      journeys: { browse: 1 },
    });
    await load.finished;
    const { records } = await load.stop();
    const byKind = countBy(records, (r) => r.errorKind ?? 'ok');
    expect(byKind.timeout).toBeGreaterThanOrEqual(2);
    expect(byKind.dropped).toBeGreaterThanOrEqual(30);
    expect(byKind.timeout! + byKind.dropped!).toBe(40);
    for (const dropped of records.filter((r) => r.errorKind === 'dropped')) {
      expect(dropped.sentAt).toBeUndefined();
      expect(dropped).toMatchObject({ journey: 'browse', method: 'GET', route: '/api/products' });
    }
  });

  it('repeats the same journeys, products and shoppers for the same seed, and others for another seed', async () => {
    const runOnce = async (seed: number): Promise<{ sequence: string[]; requests: string[] }> => {
      shop.requests.length = 0;
      const load = await run({ seed, maxArrivals: 40 });
      await load.finished;
      const { records } = await load.stop();
      return { sequence: journeySequence(records), requests: [...shop.requests].sort() };
    };
    const first = await runOnce(7);
    const again = await runOnce(7);
    const other = await runOnce(8);
    expect(again.sequence).toEqual(first.sequence);
    expect(again.requests).toEqual(first.requests);
    expect(other.sequence).not.toEqual(first.sequence);
  });

  it.each([
    ['http_5xx', 'http_500', 'ambiguous'],
    ['connection_reset', 'reset', 'ambiguous'],
    ['timeout', 'hang', 'ambiguous'],
  ] as const)(
    'records %s when the shop misbehaves (%s), and checkouts as %s',
    async (kind, misbehaviour, outcome) => {
      shop.misbehave(misbehaviour);
      const load = await run({
        maxArrivals: 12,
        requestTimeoutMs: 300,
        journeys: { browse: 1, checkout: 1 },
      });
      await load.finished;
      const { records, orders } = await load.stop();
      expect(records).toHaveLength(12);
      expect(countBy(records, (r) => r.errorKind ?? 'ok')).toEqual({ [kind]: 12 });
      expect(orders.length).toBeGreaterThan(0);
      expect(orders.every((o) => o.outcome === outcome)).toBe(true);
    },
  );

  it('records connection_refused when nothing listens, and such checkouts as rejected (no order was made)', async () => {
    const load = await run({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      maxArrivals: 12,
      journeys: { browse: 1, checkout: 1 },
    });
    await load.finished;
    const { records, orders } = await load.stop();
    expect(countBy(records, (r) => r.errorKind ?? 'ok')).toEqual({ connection_refused: 12 });
    expect(orders.every((o) => o.outcome === 'rejected' && o.status === undefined)).toBe(true);
  });

  it('changes the arrival rate with setRate, ramp and spike', async () => {
    const load = await run({ rps: 20 });
    expect(load.rate()).toBe(20);
    await load.setRate(40);
    expect(load.rate()).toBe(40);
    await load.spike(3, 60_000);
    expect(load.rate()).toBe(120);
    await load.ramp(10, 60_000);
    expect(load.rate()).toBeGreaterThan(30);
    expect(load.rate()).toBeLessThanOrEqual(120);
    await expect(load.setRate(-1)).rejects.toThrow(/setRate rps must be between 0 and 20000, got -1/);
  });

  it('refuses to send load anywhere but loopback, and names every bad option', async () => {
    await expect(
      startLoad({
        baseUrl: 'http://example.com',
        shoppers: trivialShoppers,
        rps: -5,
        journeys: { browse: 1, teleport: 2 } as never,
        seed: 1,
        generator: 'built-in',
        maxDurationMs: 0,
        workDir: dir.path,
        runId: 'x',
      }),
    ).rejects.toThrow(
      /baseUrl must be http on loopback.*rps must be between 0 and 20000, got -5.*maxDurationMs must be a positive number, got 0.*journeys\.teleport is not a journey/,
    );
  });
});
