import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../tools/embedded-postgres.js';
import { startBackendProcess, type BackendProcess } from './backend-process.js';
import { runLoad, type LoadFigures } from './load.js';

/**
 * `npm run bench:shop`: throughput and latency of the two hot paths of the shop, on loopback.
 *
 * Embedded PostgreSQL + the backend as a real child process (migrated and seeded at start, like
 * production), a customer, then autocannon at a fixed rate (overallRate: a per-second quota of
 * requests, see load.ts) for a bounded time:
 *   GET  /api/products  at 500 req/s  — target p99 <= 20 ms
 *   POST /api/orders    at 100 req/s  — target p99 <= 50 ms (a fresh Idempotency-Key per request)
 * Each run is preceded by a short warm-up at the same rate (JIT, pool, caches) that is not counted.
 * Exit code: 0 all targets met, 1 a target missed, 2 the bench could not run.
 *
 * Connections: rate x target p99 (Little's law: the requests in flight at that rate if every one took
 * the target time), so 10 for GET and 5 for POST; see load.ts for why autocannon's latency depends on it.
 *
 * Environment knobs: BENCH_DURATION_S (10), BENCH_WARMUP_S (3), BENCH_LOG_LEVEL (info, as in
 * production), BENCH_DB_POOL_MAX (10, the production default), BENCH_CPU_PROF_DIR (write a V8 CPU
 * profile of the backend there, to see where its time goes).
 */

interface Target {
  title: string;
  rate: number;
  p99Ms: number;
}

const GET_TARGET: Target = { title: 'GET /api/products', rate: 500, p99Ms: 20 };
const POST_TARGET: Target = { title: 'POST /api/orders', rate: 100, p99Ms: 50 };
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const LOG_LEVEL = process.env.BENCH_LOG_LEVEL ?? 'info';
const POOL_MAX = process.env.BENCH_DB_POOL_MAX ?? '10';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF_DIR;
/** Orders rotate over this many products, each with stock for the whole run. */
const ORDER_PRODUCTS = 10;
const PRODUCT_STOCK = 1_000_000;

const cleanups: (() => Promise<void>)[] = [];
async function cleanUp() {
  for (const fn of cleanups.splice(0).reverse()) await fn().catch((e: unknown) => console.error(e));
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the backend and PostgreSQL…`);
    void cleanUp().then(() => process.exit(130));
  });
}

async function api<T>(
  baseUrl: string,
  method: string,
  path: string,
  body?: unknown,
  token?: string,
): Promise<T> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: {
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...(token && { authorization: `Bearer ${token}` }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${await res.text()}`);
  return (await res.json()) as T;
}

async function prepareShop(backend: BackendProcess, admin: { username: string; password: string }) {
  const { token: adminToken } = await api<{ token: string }>(
    backend.baseUrl,
    'POST',
    '/api/auth/login',
    admin,
  );
  const productIds: number[] = [];
  for (let i = 0; i < ORDER_PRODUCTS; i++) {
    const product = await api<{ id: number }>(
      backend.baseUrl,
      'POST',
      '/api/products',
      {
        sku: `BENCH-${i}-${randomBytes(3).toString('hex').toUpperCase()}`,
        name: `Bench product ${i}`,
        description: 'Plenty of stock for the order benchmark.',
        category: 'bench',
        price: 99.5,
        stock: PRODUCT_STOCK,
      },
      adminToken,
    );
    productIds.push(product.id);
  }
  const customer = await api<{ token: string }>(backend.baseUrl, 'POST', '/api/auth/register', {
    username: `bench_${randomBytes(4).toString('hex')}`,
    password: randomBytes(12).toString('hex'),
  });
  return { productIds, customerToken: customer.token };
}

function orderRequests(token: string, productIds: number[]) {
  let next = 0;
  return [
    {
      method: 'POST' as const,
      path: '/api/orders',
      setupRequest: (req: object) => {
        const productId = productIds[next++ % productIds.length];
        return {
          ...req,
          headers: {
            'content-type': 'application/json',
            authorization: `Bearer ${token}`,
            'idempotency-key': randomUUID(),
          },
          body: JSON.stringify({ items: [{ productId, quantity: 1 }] }),
        };
      },
    },
  ];
}

function verdict(f: LoadFigures, target: Target): { pass: boolean; why: string } {
  const problems = [];
  if (f.p99Ms > target.p99Ms) problems.push(`p99 ${f.p99Ms} ms > ${target.p99Ms} ms`);
  if (f.achievedRate < target.rate * 0.95) problems.push(`only ${f.achievedRate.toFixed(0)} req/s`);
  if (f.non2xx > 0 || f.errors > 0) problems.push(`${f.non2xx} non-2xx, ${f.errors} errors`);
  return { pass: problems.length === 0, why: problems.join('; ') };
}

function printTable(rows: { figures: LoadFigures; target: Target }[]) {
  const header = ['scenario', 'target', 'achieved', 'p50', 'p99', 'max', 'non-2xx', 'errors', 'result'];
  const body = rows.map(({ figures: f, target }) => {
    const v = verdict(f, target);
    return [
      f.title,
      `${target.rate} req/s, p99<=${target.p99Ms} ms`,
      `${f.achievedRate.toFixed(1)} req/s (${f.total})`,
      `${f.p50Ms} ms`,
      `${f.p99Ms} ms`,
      `${f.maxMs} ms`,
      String(f.non2xx),
      `${f.errors} (${f.timeouts} timeouts)`,
      v.pass ? 'PASS' : `FAIL: ${v.why}`,
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ');
  console.log(`\n${line(header)}\n${widths.map((w) => '-'.repeat(w)).join('-|-')}`);
  for (const r of body) console.log(line(r));
}

/**
 * DESIGN.md's data checks: every acknowledged order exists, and stock fell by exactly the units the
 * orders hold. (The database may hold a few more orders than were acknowledged: autocannon stops at
 * the deadline without counting the responses still in flight.)
 */
async function dataCheck(databaseUrl: string, productIds: number[], acknowledged: number) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ orders: number; units: number; sold: number }>(
      `SELECT (SELECT count(*) FROM orders)::int AS orders,
              (SELECT coalesce(sum(quantity), 0) FROM order_items)::int AS units,
              (SELECT count(*) * $2::bigint - sum(stock) FROM products WHERE id = ANY($1::int[]))::int AS sold`,
      [productIds, PRODUCT_STOCK],
    );
    const { orders, units, sold } = rows[0]!;
    const ok = orders >= acknowledged && units === sold;
    console.log(
      `data check: ${acknowledged} orders acknowledged (201), ${orders} in the database holding ${units} units; ` +
        `stock fell by ${sold} → ${ok ? 'consistent' : 'INCONSISTENT'}`,
    );
    return ok;
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const pgCluster: EmbeddedPostgres = await startEmbeddedPostgres();
  cleanups.push(() => pgCluster.stop());
  const admin = { username: 'bench_admin', password: randomBytes(12).toString('hex') };
  const databaseUrl = pgCluster.adminUrl;
  const env = {
    DATABASE_URL: databaseUrl,
    JWT_SECRET: randomBytes(32).toString('hex'),
    // All load comes from one IP (127.0.0.1): the per-IP global limiter (default 1000/min) would
    // turn the run into 429s, so the bench raises it to the maximum.
    RATE_LIMIT_MAX: '1000000',
    LOG_LEVEL,
    DB_POOL_MAX: POOL_MAX,
    ADMIN_USERNAME: admin.username,
    ADMIN_PASSWORD: admin.password,
    SHUTDOWN_GRACE_MS: '5000',
  };
  const nodeArgs = CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${CPU_PROF_DIR}`] : [];
  const backend = await startBackendProcess(env, { nodeArgs });
  cleanups.push(() => backend.stop());
  console.log(
    `backend pid ${backend.pid} at ${backend.baseUrl} (node --import tsx app/backend/src/server.ts), ` +
      `PostgreSQL ${pgCluster.port} (embedded, fsync off)\n` +
      `settings: RATE_LIMIT_MAX=1000000 (raised: all load is from 127.0.0.1), LOG_LEVEL=${LOG_LEVEL}, ` +
      `DB_POOL_MAX=${POOL_MAX}; ${WARMUP_S} s warm-up + ${DURATION_S} s per scenario, fixed rate ` +
      `(autocannon overallRate; connections = rate x target p99)`,
  );
  const { productIds, customerToken } = await prepareShop(backend, admin);

  const connections = (t: Target) => Math.max(1, Math.round((t.rate * t.p99Ms) / 1000));
  const getSpec = { url: `${backend.baseUrl}/api/products`, connections: connections(GET_TARGET) };
  const postSpec = {
    url: backend.baseUrl,
    connections: connections(POST_TARGET),
    requests: orderRequests(customerToken, productIds),
  };
  const rows: { figures: LoadFigures; target: Target }[] = [];
  let created = 0;
  for (const [target, spec] of [
    [GET_TARGET, getSpec],
    [POST_TARGET, postSpec],
  ] as const) {
    if (WARMUP_S > 0) {
      const warm = await runLoad({
        ...spec,
        title: `${target.title} warm-up`,
        rate: target.rate,
        durationSeconds: WARMUP_S,
      });
      if (target === POST_TARGET) created += warm.statusCounts['201'] ?? 0;
    }
    console.log(
      `running ${target.title} at ${target.rate} req/s for ${DURATION_S} s, ${spec.connections} connections…`,
    );
    const figures = await runLoad({
      ...spec,
      title: target.title,
      rate: target.rate,
      durationSeconds: DURATION_S,
    });
    if (target === POST_TARGET) created += figures.statusCounts['201'] ?? 0;
    rows.push({ figures, target });
  }
  printTable(rows);
  const consistent = await dataCheck(databaseUrl, productIds, created);
  const allPass = rows.every((r) => verdict(r.figures, r.target).pass) && consistent;
  console.log(allPass ? '\nall targets met' : '\nsome target was missed (see FAIL above)');
  return allPass ? 0 : 1;
}

main()
  .then(async (code) => {
    await cleanUp();
    process.exit(code);
  })
  .catch(async (err: unknown) => {
    console.error('bench could not run:', err instanceof Error ? err.message : err);
    await cleanUp();
    process.exit(2);
  });
