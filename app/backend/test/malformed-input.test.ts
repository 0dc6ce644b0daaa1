import { request as httpRequest, type OutgoingHttpHeaders } from 'node:http';
import jwt from 'jsonwebtoken';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, createProduct, newKey, productBody } from './shop-api.js';
import { signUp, startTestApp, type TestApp } from './support/test-app.js';

/**
 * Table-driven abuse of every commerce endpoint: wrong types, huge and hostile strings, odd numbers,
 * bad ids, broken JSON and broken headers. Each case must get a 4xx in the API's JSON error shape
 * (never a 5xx, never a stack trace), and the catalogue must survive every hostile payload.
 */

interface Ctx {
  customer: string;
  admin: string;
  productId: number;
  orderId: number;
  secret: string;
}

interface Attempt {
  method: string;
  path: string;
  /** 'customer' | 'admin' use a valid token; a function builds the Authorization header value. */
  auth?: 'customer' | 'admin' | ((ctx: Ctx) => string);
  /** A JSON value to send (stringified, Content-Type: application/json). */
  json?: unknown;
  /** A raw body; Content-Type is only what `headers` says. */
  raw?: string;
  /** Sent exactly as given; an array sends the header once per value. */
  headers?: Record<string, string | string[]>;
  /** POST /api/orders gets a fresh valid key unless the case sets one. */
  key?: boolean;
}

interface Case {
  name: string;
  attempt: (ctx: Ctx) => Attempt;
  /** The error codes this case is about (so it cannot pass by failing for another reason). */
  codes: string[];
}

const INVALID = ['validation_failed'];

interface RawResponse {
  status: number;
  contentType: string;
  text: string;
}

let app: TestApp;
const ctx = {} as Ctx;

beforeAll(async () => {
  app = await startTestApp({ seed: false });
  const admin = await signUp(app.baseUrl, { role: 'admin' });
  const customer = await signUp(app.baseUrl);
  const product = await createProduct(app.baseUrl, admin.token, { stock: 1000 });
  const order = await call(app.baseUrl, 'POST', '/api/orders', {
    token: customer.token,
    idempotencyKey: newKey(),
    json: { items: [{ productId: product.id, quantity: 1 }] },
  });
  Object.assign(ctx, {
    customer: customer.token,
    admin: admin.token,
    productId: product.id,
    orderId: order.body.id,
    secret: app.deps.config.jwtSecret,
  });
});
afterAll(() => app?.close());

/** node:http rather than fetch: fetch cannot omit Content-Type from a string body or repeat a header. */
function send(baseUrl: string, a: Attempt, c: Ctx): Promise<RawResponse> {
  const headers: OutgoingHttpHeaders = {};
  if (a.auth) headers.authorization = typeof a.auth === 'function' ? a.auth(c) : `Bearer ${c[a.auth]}`;
  if (a.key) headers['idempotency-key'] = newKey();
  let body = a.raw;
  if (a.json !== undefined) {
    body = JSON.stringify(a.json);
    headers['content-type'] = 'application/json';
  }
  // Header values travel as bytes: non-ASCII text goes out as its UTF-8 bytes, as a real client sends it.
  for (const [name, value] of Object.entries(a.headers ?? {})) {
    const asBytes = (v: string) => Buffer.from(v, 'utf8').toString('latin1');
    headers[name] = Array.isArray(value) ? value.map(asBytes) : asBytes(value);
  }
  if (body !== undefined) headers['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${baseUrl}${a.path}`, { method: a.method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          contentType: String(res.headers['content-type'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

// ---------------------------------------------------------------------------------------------- ids
const BAD_IDS = [
  '1.5',
  '-1',
  '0',
  'abc',
  '99999999999999999999',
  '2147483648',
  '1e3',
  '0x10',
  'NaN',
  'Infinity',
  '%20%201',
  '%D9%A1', // Arabic-Indic digit one
  '%F0%9F%98%80', // emoji
  "1'%20OR%20'1'%3D'1",
  '%3Cscript%3E',
  'x'.repeat(5000),
  '%', // not valid percent-encoding
  '%E0%A4%A',
];
const ID_ROUTES: [string, (id: string) => string, Attempt['auth'], unknown?][] = [
  ['GET', (id) => `/api/products/${id}`, undefined],
  ['PATCH', (id) => `/api/products/${id}`, 'admin', { stock: 1 }],
  ['PATCH', (id) => `/api/cart/items/${id}`, 'customer', { quantity: 1 }],
  ['DELETE', (id) => `/api/cart/items/${id}`, 'customer'],
  ['GET', (id) => `/api/orders/${id}`, 'customer'],
];
const idCases: Case[] = ID_ROUTES.flatMap(([method, path, auth, json]) =>
  BAD_IDS.map((id) => ({
    name: `${method} ${path(id.length > 40 ? 'x…(5000)' : id)}`,
    attempt: () => ({ method, path: path(id), auth, json }),
    // order ids are bigint, so 2^31 is a well-formed order id that does not exist
    codes:
      id === '2147483648' && path(id).startsWith('/api/orders')
        ? ['not_found']
        : id.startsWith('%E0') || id === '%'
          ? ['malformed_url']
          : INVALID,
  })),
);

// ---------------------------------------------------------------------------------------- queries
const BAD_PAGING = [
  'abc',
  '-1',
  '1.5',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '',
  '1e2',
  '0x10',
  '%F0%9F%98%80',
];
const queryCases: Case[] = [
  ...['limit', 'offset'].flatMap((param) =>
    ['/api/products', '/api/orders'].flatMap((route) =>
      BAD_PAGING.map((v) => ({
        name: `GET ${route}?${param}=${v}`,
        attempt: (): Attempt => ({ method: 'GET', path: `${route}?${param}=${v}`, auth: 'customer' }),
        codes: INVALID,
      })),
    ),
  ),
  {
    name: 'GET /api/products?limit=0',
    attempt: () => ({ method: 'GET', path: '/api/products?limit=0' }),
    codes: INVALID,
  },
  {
    name: 'GET /api/products?limit=1&limit=2',
    attempt: () => ({ method: 'GET', path: '/api/products?limit=1&limit=2' }),
    codes: INVALID,
  },
  {
    name: 'GET /api/products?search=a&search=b',
    attempt: () => ({ method: 'GET', path: '/api/products?search=a&search=b' }),
    codes: INVALID,
  },
  {
    name: 'GET /api/products?search=<101 chars>',
    attempt: () => ({ method: 'GET', path: `/api/products?search=${'a'.repeat(101)}` }),
    codes: INVALID,
  },
  {
    name: 'GET /api/products?search=<10k emoji>',
    attempt: () => ({ method: 'GET', path: `/api/products?search=${'%F0%9F%98%80'.repeat(1000)}` }),
    codes: INVALID,
  },
  {
    name: 'GET /api/products?category=<41 chars>',
    attempt: () => ({ method: 'GET', path: `/api/products?category=${'c'.repeat(41)}` }),
    codes: INVALID,
  },
];

// ------------------------------------------------------------------------------------ body fields
const HUGE = 'x'.repeat(100_000);
const NOT_INTEGERS: [string, unknown][] = [
  ['string "1"', '1'],
  ['true', true],
  ['null', null],
  ['[]', []],
  ['[1]', [1]],
  ['{}', {}],
  ['1.5', 1.5],
  ['-1', -1],
  ['1e21', 1e21],
  ['"NaN"', 'NaN'],
  ['"Infinity"', 'Infinity'],
  ['emoji', '😀'],
  ['100k chars', HUGE],
  ['SQL', '1 OR 1=1; DROP TABLE products; --'],
  ['HTML', '<script>alert(1)</script>'],
];
const NOT_STRINGS: [string, unknown][] = [
  ['123', 123],
  ['true', true],
  ['null', null],
  ['[]', []],
  ['["a"]', ['a']],
  ['{}', {}],
  ['100k chars', HUGE],
];
const BAD_SLUGS: [string, unknown][] = [
  ['SQL', "'; DROP TABLE products; --"],
  ['HTML', '<script>alert(1)</script>'],
  ['emoji', '😀'],
  ['Bangla', 'ঢাকা'],
  ['empty', ''],
  ['spaces', '   '],
];

function fieldCases(
  label: string,
  method: string,
  path: (c: Ctx) => string,
  auth: Attempt['auth'],
  valid: (c: Ctx) => Record<string, unknown>,
  fields: Record<string, [string, unknown][]>,
  key = false,
): Case[] {
  return Object.entries(fields).flatMap(([field, values]) =>
    values.map(([what, value]) => ({
      name: `${label}: ${field} = ${what}`,
      attempt: (c: Ctx) => ({ method, path: path(c), auth, key, json: { ...valid(c), [field]: value } }),
      // 100k characters fit the 100 kB body limit, so even they reach validation
      codes: INVALID,
    })),
  );
}

const bodyFieldCases: Case[] = [
  ...fieldCases(
    'POST /api/products',
    'POST',
    () => '/api/products',
    'admin',
    () => ({ ...productBody() }),
    {
      sku: [...NOT_STRINGS, ...BAD_SLUGS, ['41 chars', 'A'.repeat(41)]],
      name: [...NOT_STRINGS, ['empty', ''], ['whitespace', '  \t '], ['201 chars', 'n'.repeat(201)]],
      description: [...NOT_STRINGS, ['2001 chars', 'd'.repeat(2001)]],
      category: [...NOT_STRINGS, ...BAD_SLUGS],
      price: [...NOT_INTEGERS.filter(([w]) => w !== '1.5'), ['0', 0], ['0.001', 0.001], ['1e7', 1e7]],
      stock: [...NOT_INTEGERS, ['1000001', 1_000_001]],
      imageUrl: [
        ['123', 123],
        ['[]', []],
        ['javascript:', 'javascript:alert(1)'],
        ['not a URL', 'not a url'],
        ['data:', 'data:text/html,<script>alert(1)</script>'],
        ['3000-char URL', `https://cdn.example.com/${'a'.repeat(3000)}`],
      ],
      role: [['unknown field', 'admin']],
      ['__proto__']: [['prototype pollution', { isAdmin: true }]],
    },
  ),
  ...fieldCases(
    'PATCH /api/products/:id',
    'PATCH',
    (c) => `/api/products/${c.productId}`,
    'admin',
    () => ({}),
    {
      price: [...NOT_INTEGERS.filter(([w]) => w !== '1.5'), ['0', 0]],
      stock: NOT_INTEGERS,
      name: NOT_STRINGS,
      id: [['unknown field', 5]],
    },
  ),
  ...fieldCases(
    'POST /api/cart/items',
    'POST',
    () => '/api/cart/items',
    'customer',
    (c) => ({ productId: c.productId, quantity: 1 }),
    {
      productId: [...NOT_INTEGERS, ['0', 0], ['2^31', 2 ** 31]],
      quantity: [...NOT_INTEGERS, ['0', 0], ['101', 101]],
      price: [['unknown field', 1]],
    },
  ),
  ...fieldCases(
    'PATCH /api/cart/items/:id',
    'PATCH',
    (c) => `/api/cart/items/${c.productId}`,
    'customer',
    () => ({ quantity: 1 }),
    { quantity: [...NOT_INTEGERS, ['0', 0], ['101', 101]], productId: [['unknown field', 1]] },
  ),
  ...fieldCases(
    'POST /api/orders',
    'POST',
    () => '/api/orders',
    'customer',
    () => ({}),
    {
      items: [
        ['string', 'x'],
        ['number', 1],
        ['object', {}],
        ['null', null],
        ['empty list', []],
        ['[1]', [1]],
        ['[null]', [null]],
        ['[[]]', [[]]],
        ['51 lines', Array.from({ length: 51 }, (_, i) => ({ productId: i + 1, quantity: 1 }))],
        ['missing quantity', [{ productId: 1 }]],
        ['missing productId', [{ quantity: 1 }]],
        ['string productId', [{ productId: '1', quantity: 1 }]],
        ['quantity 0', [{ productId: 1, quantity: 0 }]],
        ['quantity 1.5', [{ productId: 1, quantity: 1.5 }]],
        ['quantity 1e21', [{ productId: 1, quantity: 1e21 }]],
        ['negative productId', [{ productId: -1, quantity: 1 }]],
        ['SQL productId', [{ productId: '1; DROP TABLE orders', quantity: 1 }]],
        ['extra price', [{ productId: 1, quantity: 1, price: 0.01 }]],
        ['100k-char key', [{ [HUGE]: 1 }]],
        ['over 100 in all', [...Array(3)].map(() => ({ productId: 1, quantity: 40 }))],
      ],
      total: [['unknown field', 1]],
      userId: [['unknown field', 2]],
    },
    true,
  ),
];

// ---------------------------------------------------------------------------------- whole bodies
const BODY_ROUTES: [string, (c: Ctx) => string, Attempt['auth'], boolean][] = [
  ['POST', () => '/api/products', 'admin', false],
  ['PATCH', (c) => `/api/products/${c.productId}`, 'admin', false],
  ['POST', () => '/api/cart/items', 'customer', false],
  ['PATCH', (c) => `/api/cart/items/${c.productId}`, 'customer', false],
  ['POST', () => '/api/orders', 'customer', true],
];
const JSON_TYPE = { 'content-type': 'application/json' };
const MALFORMED = ['malformed_json'];
const MEDIA = ['unsupported_media_type'];
const BAD_BODIES: [string, string, Record<string, string>, string[]][] = [
  ['not JSON', 'not json', JSON_TYPE, MALFORMED],
  ['truncated JSON', '{"quantity": 1', JSON_TYPE, MALFORMED],
  ['two objects', '{"a":1}{"b":2}', JSON_TYPE, MALFORMED],
  ['an array', '[]', JSON_TYPE, INVALID],
  ['an array of objects', '[{"productId":1,"quantity":1}]', JSON_TYPE, INVALID],
  ['null', 'null', JSON_TYPE, MALFORMED], // express.json strict mode: objects and arrays only
  ['a string', '"hello"', JSON_TYPE, MALFORMED],
  ['a number', '42', JSON_TYPE, MALFORMED],
  ['true', 'true', JSON_TYPE, MALFORMED],
  ['NaN literal', '{"quantity": NaN}', JSON_TYPE, MALFORMED],
  ['Infinity literal', '{"quantity": Infinity}', JSON_TYPE, MALFORMED],
  ['5000-deep nesting', `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`, JSON_TYPE, INVALID],
  ['__proto__ key', '{"__proto__":{"role":"admin"},"quantity":1}', JSON_TYPE, INVALID],
  [
    '200 kB body (over the limit)',
    JSON.stringify({ name: 'x'.repeat(200_000) }),
    JSON_TYPE,
    ['payload_too_large'],
  ],
  ['no Content-Type', '{"quantity":1}', {}, MEDIA],
  ['text/plain', '{"quantity":1}', { 'content-type': 'text/plain' }, MEDIA],
  ['form encoded', 'quantity=1', { 'content-type': 'application/x-www-form-urlencoded' }, MEDIA],
  ['multipart', '--b\r\n\r\n--b--', { 'content-type': 'multipart/form-data; boundary=b' }, MEDIA],
  // body-parser decodes any utf-* charset: UTF-8 bytes read as UTF-16 are not JSON
  ['UTF-16 charset', '{"quantity":1}', { 'content-type': 'application/json; charset=utf-16' }, MALFORMED],
  ['Latin-1 charset', '{"quantity":1}', { 'content-type': 'application/json; charset=iso-8859-1' }, MEDIA],
  ['malformed Content-Type', '{"quantity":1}', { 'content-type': ';;;=' }, MEDIA],
];
const bodyCases: Case[] = BODY_ROUTES.flatMap(([method, path, auth, key]) =>
  BAD_BODIES.map(([what, raw, headers, codes]) => ({
    name: `${method} ${path({ productId: 1 } as Ctx)} with ${what}`,
    attempt: (c: Ctx) => ({ method, path: path(c), auth, key, raw, headers }),
    codes,
  })),
);

// ---------------------------------------------------------------------------------------- headers
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const BAD_AUTH: [string, (c: Ctx) => string][] = [
  ['empty', () => ''],
  ['just "Bearer"', () => 'Bearer'],
  ['"Bearer " and nothing', () => 'Bearer '],
  ['Basic credentials', () => 'Basic dXNlcjpwYXNzd29yZA=='],
  ['garbage token', () => 'Bearer abc.def.ghi'],
  ['SQL', () => "Bearer ' OR 1=1 --"],
  ['10k chars', () => `Bearer ${'a'.repeat(10_000)}`],
  [
    'alg none',
    () => `Bearer ${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: '1', username: 'x', role: 'admin' })}.`,
  ],
  [
    'wrong secret',
    () =>
      `Bearer ${jwt.sign({ username: 'x', role: 'admin' }, 'not-the-secret-'.repeat(3), { subject: '1' })}`,
  ],
  [
    'expired',
    (c) =>
      `Bearer ${jwt.sign({ username: 'x', role: 'customer', exp: 1_000_000_000 }, c.secret, { subject: '1' })}`,
  ],
  [
    'bad role claim',
    (c) => `Bearer ${jwt.sign({ username: 'x', role: 'root' }, c.secret, { subject: '1' })}`,
  ],
  [
    'non-numeric sub',
    (c) => `Bearer ${jwt.sign({ username: 'x', role: 'customer' }, c.secret, { subject: 'abc' })}`,
  ],
];
const AUTH_ROUTES: [string, (c: Ctx) => string, unknown?, boolean?][] = [
  ['GET', () => '/api/cart/items'],
  ['POST', () => '/api/cart/items', { productId: 1, quantity: 1 }],
  ['DELETE', () => '/api/cart/items'],
  ['POST', () => '/api/orders', {}, true],
  ['GET', () => '/api/orders'],
  ['GET', (c) => `/api/orders/${c.orderId}`],
  ['POST', () => '/api/products', productBody()],
  ['PATCH', (c) => `/api/products/${c.productId}`, { stock: 5 }],
];
const authCases: Case[] = AUTH_ROUTES.flatMap(([method, path, json, key]) =>
  BAD_AUTH.map(([what, header]) => ({
    name: `${method} ${path({ productId: 1, orderId: 1 } as Ctx)} with Authorization: ${what}`,
    attempt: (c: Ctx) => ({ method, path: path(c), json, key, auth: header }),
    codes: ['unauthorized'],
  })),
);

const BAD_KEYS: [string, string | string[]][] = [
  ['empty', ''],
  ['7 chars', 'abcdefg'],
  ['129 chars', 'k'.repeat(129)],
  ['spaces', 'has spaces in it'],
  ['Cyrillic', 'ключ-идемпотентности'],
  ['emoji', 'order-😀-12345'],
  ['SQL', "'; DROP TABLE orders; --"],
  ['HTML', '<script>alert(1)</script>'],
  ['sent twice', ['order-aaaaaaaa', 'order-bbbbbbbb']],
  ['sent twice, same value', ['order-aaaaaaaa', 'order-aaaaaaaa']],
];
const keyCases: Case[] = [
  {
    name: 'POST /api/orders without Idempotency-Key',
    attempt: (c) => ({
      method: 'POST',
      path: '/api/orders',
      auth: 'customer',
      json: { items: [{ productId: c.productId, quantity: 1 }] },
    }),
    codes: ['idempotency_key_required'],
  },
  ...BAD_KEYS.map(([what, key]) => ({
    name: `POST /api/orders with Idempotency-Key: ${what}`,
    attempt: (c: Ctx): Attempt => ({
      method: 'POST',
      path: '/api/orders',
      auth: 'customer',
      json: { items: [{ productId: c.productId, quantity: 1 }] },
      headers: { 'idempotency-key': key },
    }),
    codes: key === '' ? ['idempotency_key_required'] : INVALID,
  })),
];

const ALL_CASES = [...idCases, ...queryCases, ...bodyFieldCases, ...bodyCases, ...authCases, ...keyCases];

describe('malformed input gets a 4xx with the JSON error shape, never a 5xx', () => {
  it.for(ALL_CASES.map((c) => [c.name, c] as const))('%s', async ([, { attempt, codes }]) => {
    const res = await send(app.baseUrl, attempt(ctx), ctx);
    expect(res.status, res.text.slice(0, 300)).toBeGreaterThanOrEqual(400);
    expect(res.status, res.text.slice(0, 300)).toBeLessThan(500);
    expect(res.contentType).toMatch(/^application\/json/);
    const body = JSON.parse(res.text) as { error?: Record<string, unknown> };
    expect(Object.keys(body)).toEqual(['error']);
    expect(body.error?.code).toMatch(/^[a-z]+(_[a-z]+)*$/);
    expect(codes, res.text.slice(0, 300)).toContain(body.error?.code);
    expect(typeof body.error?.message).toBe('string');
    expect(res.text).not.toMatch(/\bat .+\.(ts|js):\d+|SELECT |INSERT |syntax error/);
    if (body.error?.details !== undefined) {
      expect(body.error.details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ field: expect.any(String), message: expect.any(String) }),
        ]),
      );
    }
  });

  it('left the catalogue and the one order intact', async () => {
    const product = await call(app.baseUrl, 'GET', `/api/products/${ctx.productId}`);
    expect(product.body.stock).toBe(999);
    const orders = await app.deps.db.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    expect(orders.rows[0]!.n).toBe(1);
  });
});

describe('hostile text that is valid input is stored and returned verbatim, as JSON', () => {
  const TEXTS = [
    "Robert'); DROP TABLE products; --",
    '<script>alert("x")</script><img src=x onerror=alert(1)>',
    'ঢাকার জামদানি শাড়ি 🧵✨',
    '\u202Eevil\u202C zero\u200Bwidth',
    '%_\\ like wildcards',
  ];
  it.for(TEXTS)('name %s', async (name) => {
    const res = await call(app.baseUrl, 'POST', '/api/products', {
      token: ctx.admin,
      json: productBody({ name }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body.name).toBe(name.trim());
    const search = await call(app.baseUrl, 'GET', `/api/products?search=${encodeURIComponent(name)}`);
    expect(search.status).toBe(200);
    expect(search.body.items.map((p: { id: number }) => p.id)).toContain(res.body.id);
  });

  it('a search made of SQL finds nothing and breaks nothing', async () => {
    const res = await call(app.baseUrl, 'GET', `/api/products?search=${encodeURIComponent("' OR '1'='1")}`);
    expect(res.status).toBe(200);
    expect(res.body.total).toBe(0);
  });
});
