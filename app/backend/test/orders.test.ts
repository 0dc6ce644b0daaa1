import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createProduct, expectError, invalidFields, newKey, type Json } from './shop-api.js';
import { signUp, startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
let admin: string;

beforeAll(async () => {
  app = await startTestApp({ seed: false });
  url = app.baseUrl;
  admin = (await signUp(url, { role: 'admin' })).token;
});
afterAll(() => app?.close());

const order = (token: string, key: string | undefined, json?: unknown) =>
  call(url, 'POST', '/api/orders', { token, idempotencyKey: key, json });

async function stockOf(productId: number): Promise<number> {
  return (await call(url, 'GET', `/api/products/${productId}`)).body.stock;
}

async function ordersWithKey(key: string): Promise<number> {
  const res = await app.deps.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM orders WHERE idempotency_key = $1',
    [key],
  );
  return res.rows[0]!.n;
}

async function outcomeCount(outcome: string): Promise<number> {
  const metric = await app.deps.metrics.ordersCreated.get();
  return metric.values.find((v) => v.labels.outcome === outcome)?.value ?? 0;
}

describe('POST /api/orders', () => {
  it('places an order: 201, priced by the server, stock decremented', async () => {
    const { token } = await signUp(url);
    const rice = await createProduct(url, admin, { name: 'Rice', price: 420.5, stock: 10 });
    const oil = await createProduct(url, admin, { name: 'Oil', price: 0.1, stock: 10 });
    const created = await outcomeCount('created');
    const res = await order(token, newKey(), {
      items: [
        { productId: oil.id, quantity: 3 },
        { productId: rice.id, quantity: 2 },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ status: 'placed', currency: 'BDT', total: 841.3 });
    expect(res.body.items).toEqual(
      [
        { productId: rice.id, name: 'Rice', price: 420.5, quantity: 2, lineTotal: 841 },
        { productId: oil.id, name: 'Oil', price: 0.1, quantity: 3, lineTotal: 0.3 },
      ].sort((a, b) => a.productId - b.productId),
    );
    expect(Number.isNaN(Date.parse(res.body.createdAt))).toBe(false);
    expect([await stockOf(rice.id), await stockOf(oil.id)]).toEqual([8, 7]);
    expect(await outcomeCount('created')).toBe(created + 1);
  });

  it('ignores nothing the client says about prices: a price field is refused', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { price: 500 });
    const res = await order(token, newKey(), { items: [{ productId: product.id, quantity: 1, price: 1 }] });
    expect(invalidFields(res)).toEqual(['items[0]']);
    const total = await order(token, newKey(), { items: [{ productId: product.id, quantity: 1 }], total: 1 });
    expect(invalidFields(total)).toEqual(['total']);
  });

  it('keeps the price an order was placed at when the catalogue price changes later', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { price: 100 });
    const placed = await order(token, newKey(), { items: [{ productId: product.id, quantity: 1 }] });
    await call(url, 'PATCH', `/api/products/${product.id}`, { token: admin, json: { price: 150 } });
    const later = await order(token, newKey(), { items: [{ productId: product.id, quantity: 1 }] });
    expect(later.body.total).toBe(150);
    const again = await call(url, 'GET', `/api/orders/${placed.body.id}`, { token });
    expect(again.body.total).toBe(100);
  });

  it('merges repeated products into one line', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 10 });
    const res = await order(token, newKey(), {
      items: [
        { productId: product.id, quantity: 2 },
        { productId: product.id, quantity: 3 },
      ],
    });
    expect(res.body.items).toMatchObject([{ productId: product.id, quantity: 5 }]);
    expect(await stockOf(product.id)).toBe(5);
  });

  it('orders the cart when no items are sent, and empties it in the same transaction', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { price: 75, stock: 5 });
    await call(url, 'POST', '/api/cart/items', { token, json: { productId: product.id, quantity: 4 } });
    const res = await order(token, newKey());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ total: 300, items: [{ productId: product.id, quantity: 4 }] });
    expect((await call(url, 'GET', '/api/cart/items', { token })).body.items).toEqual([]);
    expect(await stockOf(product.id)).toBe(1);
    expectError(await order(token, newKey(), {}), 400, 'cart_empty');
  });

  it('leaves the cart and stock untouched when the cart holds more than is in stock', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 2 });
    await call(url, 'POST', '/api/cart/items', { token, json: { productId: product.id, quantity: 3 } });
    const res = await order(token, newKey());
    const error = expectError(res, 409, 'insufficient_stock');
    expect(error.message).toContain('asked for 3, 2 in stock');
    expect((await call(url, 'GET', '/api/cart/items', { token })).body.items).toHaveLength(1);
    expect(await stockOf(product.id)).toBe(2);
  });

  it('refuses unknown products (404) and more than the stock (409), selling nothing', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 3 });
    const unknown = await order(token, newKey(), {
      items: [
        { productId: product.id, quantity: 1 },
        { productId: 2_000_000_000, quantity: 1 },
      ],
    });
    expectError(unknown, 404, 'not_found');
    expectError(
      await order(token, newKey(), { items: [{ productId: product.id, quantity: 4 }] }),
      409,
      'insufficient_stock',
    );
    expect(await stockOf(product.id)).toBe(3);
  });

  it('requires a well-formed Idempotency-Key', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin);
    const items = { items: [{ productId: product.id, quantity: 1 }] };
    expectError(await order(token, undefined, items), 400, 'idempotency_key_required');
    expect(invalidFields(await order(token, 'short', items))).toEqual(['idempotency-key']);
    expect(invalidFields(await order(token, 'has spaces in it', items))).toEqual(['idempotency-key']);
    expect(invalidFields(await order(token, 'k'.repeat(129), items))).toEqual(['idempotency-key']);
    expect(await stockOf(product.id)).toBe(product.stock);
  });

  it('needs a signed-in user', async () => {
    expectError(
      await call(url, 'POST', '/api/orders', { idempotencyKey: newKey(), json: {} }),
      401,
      'unauthorized',
    );
  });
});

describe('idempotent checkout', () => {
  it('replays the same order for the same key and body: 200, Idempotent-Replayed, one order row', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 10 });
    const key = newKey();
    const body = { items: [{ productId: product.id, quantity: 2 }] };
    const first = await order(token, key, body);
    const replayed = await outcomeCount('replayed');
    const second = await order(token, key, body);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(second.status).toBe(200);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect(second.body).toEqual(first.body);
    expect(await ordersWithKey(key)).toBe(1);
    expect(await stockOf(product.id)).toBe(8);
    expect(await outcomeCount('replayed')).toBe(replayed + 1);
  });

  it('places one order when many requests with the same key race', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 100 });
    const key = newKey();
    const body = { items: [{ productId: product.id, quantity: 1 }] };
    const results = await Promise.all(Array.from({ length: 10 }, () => order(token, key, body)));
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(await ordersWithKey(key)).toBe(1);
    expect(await stockOf(product.id)).toBe(99);
  });

  it('refuses the same key with a different body (422 idempotency_key_reused)', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 10 });
    const key = newKey();
    await order(token, key, { items: [{ productId: product.id, quantity: 1 }] });
    const reused = await order(token, key, { items: [{ productId: product.id, quantity: 2 }] });
    expectError(reused, 422, 'idempotency_key_reused');
    expect(await ordersWithKey(key)).toBe(1);
    expect(await stockOf(product.id)).toBe(9);
  });

  it('scopes keys per user: two users may use the same key', async () => {
    const [a, b] = [await signUp(url), await signUp(url)];
    const product = await createProduct(url, admin, { stock: 10 });
    const key = newKey();
    const body = { items: [{ productId: product.id, quantity: 1 }] };
    expect((await order(a.token, key, body)).status).toBe(201);
    expect((await order(b.token, key, body)).status).toBe(201);
  });

  it('lets a key whose order failed be retried once stock is back', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 0 });
    const key = newKey();
    const body = { items: [{ productId: product.id, quantity: 1 }] };
    expectError(await order(token, key, body), 409, 'insufficient_stock');
    await call(url, 'PATCH', `/api/products/${product.id}`, { token: admin, json: { stock: 1 } });
    expect((await order(token, key, body)).status).toBe(201);
  });
});

describe('stock under concurrency', () => {
  it('sells the last unit exactly once to 20 concurrent checkouts: one 201, nineteen 409, stock 0', async () => {
    const product = await createProduct(url, admin, { stock: 1 });
    const buyers = await Promise.all(Array.from({ length: 20 }, () => signUp(url)));
    const insufficient = await outcomeCount('insufficient_stock');
    const results = await Promise.all(
      buyers.map((b) => order(b.token, newKey(), { items: [{ productId: product.id, quantity: 1 }] })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of results.filter((x) => x.status === 409)) expectError(r, 409, 'insufficient_stock');
    expect(await stockOf(product.id)).toBe(0);
    const sold = await app.deps.db.query<{ n: number }>(
      'SELECT coalesce(sum(quantity), 0)::int AS n FROM order_items WHERE product_id = $1',
      [product.id],
    );
    expect(sold.rows[0]!.n).toBe(1);
    expect(await outcomeCount('insufficient_stock')).toBe(insufficient + 19);
  });

  it('does not deadlock when orders lock the same products in opposite request order', async () => {
    const { token } = await signUp(url);
    const [a, b] = [
      await createProduct(url, admin, { stock: 50 }),
      await createProduct(url, admin, { stock: 50 }),
    ];
    const results = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        order(token, newKey(), {
          items:
            i % 2
              ? [
                  { productId: a.id, quantity: 1 },
                  { productId: b.id, quantity: 1 },
                ]
              : [
                  { productId: b.id, quantity: 1 },
                  { productId: a.id, quantity: 1 },
                ],
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(16).fill(201));
    expect([await stockOf(a.id), await stockOf(b.id)]).toEqual([34, 34]);
  });
});

describe('GET /api/orders and /api/orders/:id', () => {
  it("lists the user's own orders, newest first, bounded by limit and offset", async () => {
    const [me, other] = [await signUp(url), await signUp(url)];
    const product = await createProduct(url, admin, { stock: 20 });
    const ids: number[] = [];
    for (let i = 1; i <= 3; i++) {
      ids.push(
        (await order(me.token, newKey(), { items: [{ productId: product.id, quantity: i }] })).body.id,
      );
    }
    await order(other.token, newKey(), { items: [{ productId: product.id, quantity: 1 }] });
    const all = await call(url, 'GET', '/api/orders', { token: me.token });
    expect(all.status).toBe(200);
    expect(all.body.items.map((o: Json) => o.id)).toEqual([...ids].reverse());
    expect(all.body.items[0].items).toMatchObject([{ productId: product.id, quantity: 3 }]);
    const page = await call(url, 'GET', '/api/orders?limit=1&offset=1', { token: me.token });
    expect(page.body.items.map((o: Json) => o.id)).toEqual([ids[1]]);
    expect(invalidFields(await call(url, 'GET', '/api/orders?limit=0', { token: me.token }))).toEqual([
      'limit',
    ]);
  });

  it("shows one's own order and answers 404 for someone else's", async () => {
    const [me, other] = [await signUp(url), await signUp(url)];
    const product = await createProduct(url, admin);
    const placed = await order(me.token, newKey(), { items: [{ productId: product.id, quantity: 1 }] });
    const mine = await call(url, 'GET', `/api/orders/${placed.body.id}`, { token: me.token });
    expect(mine.status).toBe(200);
    expect(mine.body).toEqual(placed.body);
    expectError(
      await call(url, 'GET', `/api/orders/${placed.body.id}`, { token: other.token }),
      404,
      'not_found',
    );
    expectError(await call(url, 'GET', '/api/orders/999999999', { token: me.token }), 404, 'not_found');
  });

  it('needs a signed-in user', async () => {
    expectError(await call(url, 'GET', '/api/orders'), 401, 'unauthorized');
    expectError(await call(url, 'GET', '/api/orders/1'), 401, 'unauthorized');
  });
});
