import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';
import { spawnServer, waitFor, type ServerProcess } from './support/spawn-server.js';
import { startTcpProxy, type TcpProxy } from './support/tcp-proxy.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The test database's URL, rerouted through the proxy, so "the database" can vanish and return. */
function viaProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.port = String(proxy.port);
  return u.href;
}

const readyz = async (baseUrl: string) => {
  const res = await fetch(`${baseUrl}/readyz`);
  return { status: res.status, body: (await res.json()) as unknown };
};

describe('readiness follows the database without a restart', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
    proxy = await startTcpProxy(Number(new URL(db.url).port));
    app = await startTestApp({
      databaseUrl: viaProxy(db.url, proxy),
      dbConnectTimeoutMs: 500,
      readyDbTimeoutMs: 500,
    });
  });
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    await db?.drop();
  });

  it('reports 503 database_unreachable while the database is gone and 200 once it is back', async () => {
    expect(await readyz(app.baseUrl)).toEqual({ status: 200, body: { status: 'ready' } });

    await proxy.down();
    expect(await readyz(app.baseUrl)).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'database_unreachable' },
    });
    // Liveness does not depend on the database: the pod must not be restarted for an outage.
    expect((await fetch(`${app.baseUrl}/healthz`)).status).toBe(200);
    // A request that needs the database fails fast and honestly, without internals.
    const products = await fetch(`${app.baseUrl}/api/products`);
    expect(products.status).toBe(503);
    expect(products.headers.get('retry-after')).toBe('1');
    const text = await products.text();
    expect(text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|at \S+ \(|SELECT/);
    expect(JSON.parse(text)).toEqual({
      error: { code: 'service_unavailable', message: 'The database is unavailable; retry shortly.' },
    });
    const metrics = await (await fetch(`${app.baseUrl}/metrics`)).text();
    expect(metrics).toMatch(/^dhakacart_ready 0$/m);

    await proxy.up();
    await waitFor(`${app.baseUrl}/readyz`, (status) => status === 200, 10_000);
    expect((await fetch(`${app.baseUrl}/api/products`)).status).toBe(200);
  });
});

describe('a backend started while the database is down', () => {
  let db: TestDatabase;
  let proxy: TcpProxy;
  let server: ServerProcess | undefined;
  beforeAll(async () => {
    db = await createTestDatabase({ migrate: false }); // empty: the server must migrate it itself
    proxy = await startTcpProxy(Number(new URL(db.url).port));
  });
  afterAll(async () => {
    await server?.kill();
    await proxy?.close();
    await db?.drop();
  });

  it('listens, stays live but unready, then migrates in the background and turns ready', async () => {
    await proxy.down();
    server = spawnServer({
      DATABASE_URL: viaProxy(db.url, proxy),
      JWT_SECRET: 'j'.repeat(40),
      DB_CONNECT_TIMEOUT_MS: '500',
      READY_DB_TIMEOUT_MS: '500',
    });
    const baseUrl = await server.baseUrl;
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
    expect(await readyz(baseUrl)).toEqual({
      status: 503,
      body: { status: 'not_ready', reason: 'database_unreachable' },
    });

    await proxy.up();
    await waitFor(`${baseUrl}/readyz`, (status) => status === 200, 20_000);
    expect(server.output.join('\n')).toContain('applied database migrations');
    const products = (await (await fetch(`${baseUrl}/api/products?limit=1`)).json()) as { total: number };
    expect(products.total).toBeGreaterThan(0); // seeded too (SEED_ON_START defaults to true)
  });
});
