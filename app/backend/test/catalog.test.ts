import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedCatalogue } from '../src/catalog/seed.js';
import { SEED_PRODUCTS } from '../src/catalog/seed-products.js';
import { createDatabase } from '../src/db/create-database.js';
import { createProduct, call, expectError, invalidFields, productBody, type Json } from './shop-api.js';
import { createTestDatabase } from './support/test-db.js';
import { signUp, startTestApp, type TestApp } from './support/test-app.js';

let app: TestApp;
let url: string;
let admin: string;
let customer: string;

beforeAll(async () => {
  app = await startTestApp();
  url = app.baseUrl;
  admin = (await signUp(url, { role: 'admin' })).token;
  customer = (await signUp(url)).token;
});
afterAll(() => app?.close());

describe('GET /api/products', () => {
  it('lists the seeded catalogue, 20 at a time by default, with the contract shape', async () => {
    const res = await call(url, 'GET', '/api/products');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ limit: 20, offset: 0 });
    expect(res.body.items).toHaveLength(20);
    expect(res.body.total).toBeGreaterThanOrEqual(50);
    const product = res.body.items[0];
    expect(Object.keys(product).sort()).toEqual(
      ['category', 'currency', 'description', 'id', 'imageUrl', 'name', 'price', 'sku', 'stock'].sort(),
    );
    expect(product.currency).toBe('BDT');
    expect(typeof product.price).toBe('number');
  });

  it('pages through every product exactly once in a stable order', async () => {
    const first = await call(url, 'GET', '/api/products?limit=100');
    const total: number = first.body.total;
    const seen: number[] = [];
    for (let offset = 0; offset < total; offset += 7) {
      const page = await call(url, 'GET', `/api/products?limit=7&offset=${offset}`);
      expect(page.body).toMatchObject({ limit: 7, offset, total });
      seen.push(...page.body.items.map((p: Json) => p.id));
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual(first.body.items.map((p: Json) => p.id).slice(0, total));
  });

  it('reports the total even when the offset is past the end', async () => {
    const res = await call(url, 'GET', '/api/products?offset=5000');
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([]);
    expect(res.body.total).toBeGreaterThanOrEqual(50);
  });

  it('searches name, description and category case-insensitively, all words required', async () => {
    const byName = await call(url, 'GET', '/api/products?search=MINIKET');
    expect(byName.body.items.map((p: Json) => p.sku)).toEqual(['GRO-MINIKET-5KG']);
    const byDescription = await call(url, 'GET', '/api/products?search=sundarbans');
    expect(byDescription.body.items.map((p: Json) => p.sku)).toContain('GRO-HONEY-500G');
    const byCategory = await call(url, 'GET', '/api/products?search=Beauty&limit=100');
    expect(byCategory.body.total).toBe(SEED_PRODUCTS.filter((p) => p.category === 'beauty').length);
    const twoWords = await call(url, 'GET', '/api/products?search=rice%20aromatic');
    expect(twoWords.body.items.map((p: Json) => p.sku)).toEqual(['GRO-CHINIGURA-1KG']);
    const none = await call(url, 'GET', '/api/products?search=nothing-sells-like-this');
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('treats LIKE wildcards and quotes in a search as plain text', async () => {
    const special = await createProduct(url, admin, { name: "100% Jute Bag_XL 'Sonali'" });
    for (const search of ['100%', 'bag_xl', "'sonali'"]) {
      const res = await call(url, 'GET', `/api/products?search=${encodeURIComponent(search)}`);
      expect(res.body.items.map((p: Json) => p.id)).toEqual([special.id]);
    }
    const underscore = await call(url, 'GET', '/api/products?search=_');
    expect(underscore.body.items.map((p: Json) => p.id)).toEqual([special.id]);
  });

  it('is backed by a trigram index for substring search (pg_trgm ships with the embedded build)', async () => {
    const { rows } = await app.deps.db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE tablename = 'products' AND indexname = 'products_search_trgm_idx'`,
    );
    expect(rows[0]?.indexdef).toContain('gin_trgm_ops');
  });

  it('filters by category (any case) and rejects a limit above 100', async () => {
    const res = await call(url, 'GET', '/api/products?category=Books&limit=100');
    expect(res.body.items.length).toBeGreaterThanOrEqual(10);
    expect(res.body.items.every((p: Json) => p.category === 'books')).toBe(true);
    expect(invalidFields(await call(url, 'GET', '/api/products?limit=101'))).toEqual(['limit']);
  });
});

describe('GET /api/products/:id and /api/categories', () => {
  it('returns one product, or 404 not_found for an unknown id', async () => {
    const list = await call(url, 'GET', '/api/products?limit=1');
    const one = await call(url, 'GET', `/api/products/${list.body.items[0].id}`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual(list.body.items[0]);
    expectError(await call(url, 'GET', '/api/products/2147483647'), 404, 'not_found');
  });

  it('counts products per category, summing to the catalogue total', async () => {
    const res = await call(url, 'GET', '/api/categories');
    expect(res.status).toBe(200);
    const names = res.body.items.map((c: Json) => c.name);
    expect(names).toEqual(
      expect.arrayContaining(['beauty', 'books', 'electronics', 'fashion', 'groceries', 'home']),
    );
    const total = (await call(url, 'GET', '/api/products')).body.total;
    expect(res.body.items.reduce((sum: number, c: Json) => sum + c.count, 0)).toBe(total);
  });
});

describe('POST /api/products (admin)', () => {
  it('creates a product, normalising SKU and category, keeping a 2-decimal price exactly', async () => {
    const body = productBody({
      sku: ' tst-lungi-01 ',
      category: ' Fashion ',
      price: 19.99,
      name: '  Lungi  ',
    });
    const res = await call(url, 'POST', '/api/products', { token: admin, json: body });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ sku: 'TST-LUNGI-01', category: 'fashion', price: 19.99, name: 'Lungi' });
    expect(res.body.imageUrl).toBeNull();
    expect((await call(url, 'GET', `/api/products/${res.body.id}`)).body).toEqual(res.body);
  });

  it('refuses a second product with the same SKU (409 sku_taken)', async () => {
    const first = await createProduct(url, admin);
    const again = await call(url, 'POST', '/api/products', {
      token: admin,
      json: productBody({ sku: first.sku }),
    });
    expectError(again, 409, 'sku_taken');
  });

  it('is admin only: 401 without a token, 403 for a customer', async () => {
    expectError(await call(url, 'POST', '/api/products', { json: productBody() }), 401, 'unauthorized');
    expectError(
      await call(url, 'POST', '/api/products', { token: customer, json: productBody() }),
      403,
      'forbidden',
    );
    expectError(
      await call(url, 'POST', '/api/products', { token: 'not-a-jwt', json: productBody() }),
      401,
      'unauthorized',
    );
  });

  it('names every invalid field at once', async () => {
    const res = await call(url, 'POST', '/api/products', {
      token: admin,
      json: {
        sku: 'bad sku!',
        name: '',
        description: 7,
        category: 'Home & Kitchen',
        price: 10.005,
        stock: -1,
        imageUrl: 'javascript:alert(1)',
        discount: 50,
      },
    });
    expect(invalidFields(res).sort()).toEqual(
      ['category', 'description', 'discount', 'imageUrl', 'name', 'price', 'sku', 'stock'].sort(),
    );
  });

  it('requires every field but imageUrl', async () => {
    const res = await call(url, 'POST', '/api/products', { token: admin, json: {} });
    expect(invalidFields(res).sort()).toEqual(['category', 'description', 'name', 'price', 'sku', 'stock']);
  });

  it('rejects prices that are zero, negative, too precise or absurd, and stock out of range', async () => {
    for (const price of [0, -5, 0.001, 1_000_000.01, 1e21, '100']) {
      const res = await call(url, 'POST', '/api/products', {
        token: admin,
        json: productBody({ price: price as number }),
      });
      expect(invalidFields(res), `price ${price}`).toEqual(['price']);
    }
    for (const stock of [-1, 1.5, 1_000_001, '3']) {
      const res = await call(url, 'POST', '/api/products', {
        token: admin,
        json: productBody({ stock: stock as number }),
      });
      expect(invalidFields(res), `stock ${stock}`).toEqual(['stock']);
    }
  });
});

describe('PATCH /api/products/:id (admin)', () => {
  it('changes only the fields sent', async () => {
    const product = await createProduct(url, admin, { imageUrl: 'https://cdn.example.com/a.jpg' });
    const res = await call(url, 'PATCH', `/api/products/${product.id}`, {
      token: admin,
      json: { price: 1250.5, stock: 0 },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ...product, price: 1250.5, stock: 0 });
    const cleared = await call(url, 'PATCH', `/api/products/${product.id}`, {
      token: admin,
      json: { imageUrl: null },
    });
    expect(cleared.body.imageUrl).toBeNull();
    expect(cleared.body.price).toBe(1250.5);
  });

  it('answers 404 for an unknown product and 400 for an empty change', async () => {
    expectError(
      await call(url, 'PATCH', '/api/products/2147483647', { token: admin, json: { stock: 1 } }),
      404,
      'not_found',
    );
    const product = await createProduct(url, admin);
    expect(
      invalidFields(await call(url, 'PATCH', `/api/products/${product.id}`, { token: admin, json: {} })),
    ).toEqual(['body']);
  });

  it('refuses a SKU another product has', async () => {
    const [a, b] = [await createProduct(url, admin), await createProduct(url, admin)];
    expectError(
      await call(url, 'PATCH', `/api/products/${b.id}`, { token: admin, json: { sku: a.sku } }),
      409,
      'sku_taken',
    );
  });

  it('is admin only', async () => {
    const product = await createProduct(url, admin);
    const path = `/api/products/${product.id}`;
    expectError(await call(url, 'PATCH', path, { json: { stock: 1 } }), 401, 'unauthorized');
    expectError(await call(url, 'PATCH', path, { token: customer, json: { stock: 1 } }), 403, 'forbidden');
    expect((await call(url, 'GET', path)).body.stock).toBe(product.stock);
  });
});

describe('seedCatalogue', () => {
  it('fills an empty catalogue once, even when three replicas seed at the same moment', async () => {
    const database = await createTestDatabase({ seed: false });
    const dbs = [1, 2, 3].map(() =>
      createDatabase(
        { databaseUrl: database.url, dbPoolMax: 2, dbConnectTimeoutMs: 5000, dbStatementTimeoutMs: 30_000 },
        pino({ level: 'silent' }),
      ),
    );
    try {
      await Promise.all(dbs.map((db) => seedCatalogue(db)));
      await seedCatalogue(dbs[0]!);
      const count = await dbs[0]!.query<{ n: number }>('SELECT count(*)::int AS n FROM products');
      expect(count.rows[0]?.n).toBe(SEED_PRODUCTS.length);
      expect(SEED_PRODUCTS.length).toBeGreaterThanOrEqual(50);
      expect(new Set(SEED_PRODUCTS.map((p) => p.category)).size).toBeGreaterThanOrEqual(6);
    } finally {
      await Promise.all(dbs.map((db) => db.close()));
      await database.drop();
    }
  });
});
