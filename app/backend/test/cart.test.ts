import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createProduct, expectError, invalidFields } from './shop-api.js';
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

const cart = (token: string) => call(url, 'GET', '/api/cart/items', { token });
const add = (token: string, productId: unknown, quantity: unknown) =>
  call(url, 'POST', '/api/cart/items', { token, json: { productId, quantity } });

describe('the cart', () => {
  it('starts empty', async () => {
    const { token } = await signUp(url);
    const res = await cart(token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], total: 0, currency: 'BDT' });
  });

  it('adds to a line, prices it from the catalogue, and totals exactly in taka', async () => {
    const { token } = await signUp(url);
    const tea = await createProduct(url, admin, { name: 'Tea', price: 260.1 });
    const dal = await createProduct(url, admin, { name: 'Dal', price: 0.2 });
    await add(token, tea.id, 1);
    const afterTea = await add(token, tea.id, 2);
    expect(afterTea.status).toBe(200);
    expect(afterTea.body.items).toEqual([
      { productId: tea.id, name: 'Tea', price: 260.1, quantity: 3, lineTotal: 780.3 },
    ]);
    const res = await add(token, dal.id, 1);
    expect(res.body.items.map((l: { productId: number }) => l.productId)).toEqual([tea.id, dal.id]);
    expect(res.body.total).toBe(780.5); // 78030 + 20 poisha, no float drift
    expect((await cart(token)).body).toEqual(res.body);
  });

  it('sets a line with PATCH (creating it if needed) and removes lines with DELETE', async () => {
    const { token } = await signUp(url);
    const a = await createProduct(url, admin);
    const b = await createProduct(url, admin);
    await add(token, a.id, 5);
    const set = await call(url, 'PATCH', `/api/cart/items/${a.id}`, { token, json: { quantity: 2 } });
    expect(set.body.items).toMatchObject([{ productId: a.id, quantity: 2 }]);
    const created = await call(url, 'PATCH', `/api/cart/items/${b.id}`, { token, json: { quantity: 4 } });
    expect(created.body.items).toMatchObject([{ productId: a.id }, { productId: b.id, quantity: 4 }]);

    const removed = await call(url, 'DELETE', `/api/cart/items/${a.id}`, { token });
    expect(removed.status).toBe(200);
    expect(removed.body.items).toMatchObject([{ productId: b.id }]);
    const again = await call(url, 'DELETE', `/api/cart/items/${a.id}`, { token });
    expect(again.status).toBe(200); // deleting what is gone is not an error

    const emptied = await call(url, 'DELETE', '/api/cart/items', { token });
    expect(emptied.body).toEqual({ items: [], total: 0, currency: 'BDT' });
  });

  it('keeps each user to their own cart', async () => {
    const [rahim, karim] = [await signUp(url), await signUp(url)];
    const product = await createProduct(url, admin);
    await add(rahim.token, product.id, 1);
    expect((await cart(karim.token)).body.items).toEqual([]);
    await call(url, 'DELETE', '/api/cart/items', { token: karim.token });
    expect((await cart(rahim.token)).body.items).toHaveLength(1);
  });

  it('answers 404 not_found for a product that does not exist', async () => {
    const { token } = await signUp(url);
    expectError(await add(token, 2_000_000_000, 1), 404, 'not_found');
    expectError(
      await call(url, 'PATCH', '/api/cart/items/2000000000', { token, json: { quantity: 1 } }),
      404,
      'not_found',
    );
  });

  it('limits a line to 1..100 units', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin);
    expect(invalidFields(await add(token, product.id, 0))).toEqual(['quantity']);
    expect(invalidFields(await add(token, product.id, 101))).toEqual(['quantity']);
    expect(invalidFields(await add(token, product.id, 2.5))).toEqual(['quantity']);
    await add(token, product.id, 60);
    expect(invalidFields(await add(token, product.id, 41))).toEqual(['quantity']);
    expect((await add(token, product.id, 40)).body.items[0].quantity).toBe(100);
  });

  it('lets a cart hold more than is in stock (checkout is where stock is enforced)', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { stock: 1 });
    const res = await add(token, product.id, 5);
    expect(res.status).toBe(200);
    expect(res.body.items[0].quantity).toBe(5);
  });

  it('reprices lines when the catalogue price changes', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin, { price: 100 });
    await add(token, product.id, 2);
    await call(url, 'PATCH', `/api/products/${product.id}`, { token: admin, json: { price: 90 } });
    expect((await cart(token)).body).toMatchObject({ total: 180, items: [{ price: 90, lineTotal: 180 }] });
  });

  it('lives in PostgreSQL: another backend on the same database serves the same cart', async () => {
    const { token } = await signUp(url);
    const product = await createProduct(url, admin);
    await add(token, product.id, 3);
    const replica = await startTestApp({
      databaseUrl: app.deps.config.databaseUrl,
      jwtSecret: app.deps.config.jwtSecret,
    });
    try {
      const res = await call(replica.baseUrl, 'GET', '/api/cart/items', { token });
      expect(res.body.items).toMatchObject([{ productId: product.id, quantity: 3 }]);
    } finally {
      await replica.close();
    }
  });

  it('needs a signed-in user for every route', async () => {
    const routes: [string, string][] = [
      ['GET', '/api/cart/items'],
      ['POST', '/api/cart/items'],
      ['PATCH', '/api/cart/items/1'],
      ['DELETE', '/api/cart/items/1'],
      ['DELETE', '/api/cart/items'],
    ];
    for (const [method, path] of routes) {
      const res = await call(url, method, path, {
        json: method === 'POST' || method === 'PATCH' ? { quantity: 1 } : undefined,
      });
      expectError(res, 401, 'unauthorized');
    }
  });
});
