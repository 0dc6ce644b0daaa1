import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';
import { spawnServer, waitFor, type ServerProcess } from './support/spawn-server.js';

describe('graceful shutdown of the real server process', () => {
  let db: TestDatabase;
  const servers: ServerProcess[] = [];
  beforeAll(async () => {
    db = await createTestDatabase({ seed: true });
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.kill()));
    await db?.drop();
  });

  const start = async (env: Record<string, string>) => {
    const server = spawnServer({
      DATABASE_URL: db.url,
      JWT_SECRET: 'k'.repeat(40),
      LAB_TEST_ROUTES: '1', // mounts GET /__test/slow
      SEED_ON_START: 'false',
      ...env,
    });
    servers.push(server);
    const baseUrl = await server.baseUrl;
    await waitFor(`${baseUrl}/readyz`, (status) => status === 200);
    return { server, baseUrl };
  };

  it('on SIGTERM turns unready at once, finishes the in-flight request, then exits 0', async () => {
    const { server, baseUrl } = await start({ SHUTDOWN_DELAY_MS: '1000', SHUTDOWN_GRACE_MS: '15000' });
    const inFlight = fetch(`${baseUrl}/__test/slow?ms=2500`);
    await new Promise((r) => setTimeout(r, 200)); // let the request reach the server
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');

    const during = await waitFor(`${baseUrl}/readyz`, (status) => status === 503, 900);
    expect(JSON.parse(during.body)).toEqual({ status: 'not_ready', reason: 'draining' });

    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ sleptMs: 2500 });

    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
    expect(server.output.join('\n')).toContain('shutdown complete');
  });

  it('forces exit 1 when a request outlives SHUTDOWN_GRACE_MS', async () => {
    const { server, baseUrl } = await start({ SHUTDOWN_GRACE_MS: '1000' });
    const stuck = fetch(`${baseUrl}/__test/slow?ms=20000`).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 200));
    server.child.kill('SIGTERM');
    const { code } = await server.exited;
    expect(code).toBe(1);
    expect(await stuck).toBeInstanceOf(Error); // the connection was cut, not answered
    expect(server.output.join('\n')).toContain('shutdown grace period over');
  });

  it('does not mount test routes unless LAB_TEST_ROUTES is set', async () => {
    const { server, baseUrl } = await start({ LAB_TEST_ROUTES: '' });
    expect((await fetch(`${baseUrl}/__test/slow?ms=1`)).status).toBe(404);
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);
  });
});
