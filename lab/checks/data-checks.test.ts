import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../../app/backend/src/catalog/seed.js';
import { createDatabase } from '../../app/backend/src/db/create-database.js';
import { migrate } from '../../app/backend/src/db/migrate.js';
import { signUp, startTestApp, type TestApp } from '../../app/backend/test/support/test-app.js';
import type { OrderAttempt } from '../load/request-record.js';
import {
  startDatabaseCluster,
  type StartedDatabaseCluster,
} from '../runtime/local/database/database-cluster.js';
import { newRunId } from '../runtime/shared/run-label.js';
import { runDataChecks, snapshotStock } from './index.js';

const silent = pino({ level: 'silent' });

/**
 * The data checks against the lab's own PostgreSQL (a primary and a streaming standby) migrated and
 * seeded by the shop's own code, with orders placed through the real shop API.
 */
describe('runDataChecks', () => {
  let logsDir: string;
  let cluster: StartedDatabaseCluster;
  let app: TestApp;
  let shopper: { token: string; username: string };
  let productIds: number[];

  beforeAll(async () => {
    logsDir = await mkdtemp(join(tmpdir(), 'dhakacart-checks-test-'));
    cluster = await startDatabaseCluster({
      runId: newRunId(),
      user: 'shop',
      password: randomBytes(12).toString('hex'),
      database: 'dhakacart',
      logsDir,
    });
    await migrate(cluster.primary.url, silent);
    const db = createDatabase(
      {
        databaseUrl: cluster.primary.url,
        dbPoolMax: 2,
        dbConnectTimeoutMs: 5000,
        dbStatementTimeoutMs: 30_000,
      },
      silent,
    );
    try {
      await seedCatalogue(db);
    } finally {
      await db.close();
    }
    app = await startTestApp({ databaseUrl: cluster.primary.url });
    shopper = await signUp(app.baseUrl);
    const listing = (await (await fetch(`${app.baseUrl}/api/products?limit=3`)).json()) as {
      items: { id: number }[];
    };
    productIds = listing.items.map((p) => p.id);
  });

  afterAll(async () => {
    await app?.close();
    await cluster?.stop();
    if (logsDir) await rm(logsDir, { recursive: true, force: true });
  });

  /** POST /api/orders through the shop, recorded the way the load generator records an acknowledged order. */
  async function placeOrder(items: { productId: number; quantity: number }[]): Promise<OrderAttempt> {
    const idempotencyKey = `checks-${randomBytes(6).toString('hex')}`;
    const response = await fetch(`${app.baseUrl}/api/orders`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${shopper.token}`,
        'Idempotency-Key': idempotencyKey,
      },
      body: JSON.stringify({ items }),
    });
    expect(response.status, await response.clone().text()).toBe(201);
    const order = (await response.json()) as { id: number };
    return {
      idempotencyKey,
      username: shopper.username,
      items,
      outcome: 'acknowledged',
      orderId: order.id,
      status: 201,
      at: Date.now(),
    };
  }

  const sql = async (text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: cluster.primary.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows;
    } finally {
      await client.end();
    }
  };

  const check = (result: Awaited<ReturnType<typeof runDataChecks>>, name: string) => {
    const found = result.checks.find((c) => c.name === name);
    if (!found)
      throw new Error(`no check named ${name}; checks: ${result.checks.map((c) => c.name).join(', ')}`);
    return found;
  };

  const withStandby = () => ({
    primaryUrl: cluster.primary.url,
    hasStandby: true,
    waitForStandbyCaughtUp: () => cluster.waitForStandbyCaughtUp(),
  });

  it('passes every check after a clean run, counting ambiguous orders apart', async () => {
    const initialStock = await snapshotStock(cluster.primary.url);
    const [a, b, c] = productIds as [number, number, number];
    const orders = [
      await placeOrder([{ productId: a, quantity: 2 }]),
      await placeOrder([
        { productId: b, quantity: 1 },
        { productId: c, quantity: 3 },
      ]),
    ];
    // A checkout that timed out on our side although the shop made the order, and one that never arrived.
    const madeButUnanswered = {
      ...(await placeOrder([{ productId: a, quantity: 1 }])),
      outcome: 'ambiguous' as const,
      orderId: undefined,
    };
    const neverMade: OrderAttempt = {
      idempotencyKey: 'checks-never-made',
      username: shopper.username,
      items: [{ productId: a, quantity: 1 }],
      outcome: 'ambiguous',
      at: Date.now(),
    };
    // A retry of the first order with the same key: still one order.
    const retried = { ...orders[0]! };

    const result = await runDataChecks({
      ...withStandby(),
      orders: [...orders, retried, madeButUnanswered, neverMade],
      initialStock,
    });

    expect(result.checks.map((c) => [c.name, c.pass])).toEqual([
      ['acknowledged-orders-exist-once', true],
      ['ambiguous-orders-at-most-once', true],
      ['stock-balances', true],
      ['stock-never-negative', true],
      ['standby-caught-up', true],
    ]);
    expect(result.lostOrders).toBe(0);
    expect(result.ambiguous).toEqual({ total: 2, made: 1 });
    expect(check(result, 'stock-balances').figures).toMatchObject({ unitsSold: 7, unbalanced: 0 });
    expect(check(result, 'ambiguous-orders-at-most-once').detail).toMatch(
      /2 order requests got no definite answer: 1 made the order, 1 did not; none was made twice/,
    );
  });

  it('fails the stock check naming the product whose stock was tampered with', async () => {
    const initialStock = await snapshotStock(cluster.primary.url);
    const orders = [await placeOrder([{ productId: productIds[0]!, quantity: 1 }])];
    const [{ sku }] = (await sql('UPDATE products SET stock = stock - 5 WHERE id = $1 RETURNING sku', [
      productIds[1],
    ])) as [{ sku: string }];
    try {
      const result = await runDataChecks({ ...withStandby(), orders, initialStock });
      const stock = check(result, 'stock-balances');
      expect(stock.pass).toBe(false);
      expect(stock.detail).toContain(`product ${productIds[1]} (${sku})`);
      expect(stock.detail).toMatch(/expected \d+ \(\d+ initially − 0 sold\)/);
      expect(check(result, 'acknowledged-orders-exist-once').pass).toBe(true);
    } finally {
      await sql('UPDATE products SET stock = stock + 5 WHERE id = $1', [productIds[1]]);
    }
  });

  it('reports a deleted acknowledged order as lost (RPO 1), naming its user and key', async () => {
    const initialStock = await snapshotStock(cluster.primary.url);
    const kept = await placeOrder([{ productId: productIds[0]!, quantity: 1 }]);
    const lost = await placeOrder([{ productId: productIds[2]!, quantity: 2 }]);
    await sql('DELETE FROM orders WHERE id = $1', [lost.orderId]);
    try {
      const result = await runDataChecks({ ...withStandby(), orders: [kept, lost], initialStock });
      expect(result.lostOrders).toBe(1);
      const acknowledged = check(result, 'acknowledged-orders-exist-once');
      expect(acknowledged.pass).toBe(false);
      expect(acknowledged.detail).toContain(
        `1 missing (lost): ${shopper.username}/${lost.idempotencyKey} (order ${lost.orderId})`,
      );
      expect(acknowledged.figures).toMatchObject({ acknowledged: 2, lost: 1 });
    } finally {
      // Give back the stock the deleted order had taken, so the database balances again.
      await sql('UPDATE products SET stock = stock + 2 WHERE id = $1', [productIds[2]]);
    }
  });

  it('fails the standby check, saying so, when there is no standby', async () => {
    const result = await runDataChecks({
      primaryUrl: cluster.primary.url,
      hasStandby: false,
      orders: [],
      initialStock: await snapshotStock(cluster.primary.url),
    });
    expect(check(result, 'standby-caught-up')).toMatchObject({
      pass: false,
      detail: expect.stringMatching(/There is no standby/),
    });
  });

  it('fails the standby check when the standby does not catch up within the bound', async () => {
    const result = await runDataChecks({
      primaryUrl: cluster.primary.url,
      hasStandby: true,
      waitForStandbyCaughtUp: () => new Promise(() => {}),
      standbyTimeoutMs: 200,
      orders: [],
      initialStock: await snapshotStock(cluster.primary.url),
    });
    expect(check(result, 'standby-caught-up')).toMatchObject({
      pass: false,
      detail: 'The standby did not catch up: it had not caught up after 200 ms.',
    });
  });

  it('names the database it could not reach, without its password', async () => {
    const url = `postgres://shop:secret-pw@127.0.0.1:1/dhakacart`;
    await expect(
      runDataChecks({ primaryUrl: url, hasStandby: false, orders: [], initialStock: new Map() }),
    ).rejects.toThrow(/could not connect to postgres:\/\/shop:\*\*\*@127\.0\.0\.1:1\/dhakacart/);
  });
});
