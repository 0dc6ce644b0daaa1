import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './support/test-db.js';
import { signUp, startTestApp, type TestApp } from './support/test-app.js';

const login = (baseUrl: string, username: string, password: string) =>
  fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });

describe('login rate limit (5 failed attempts per 15 min per address and username)', () => {
  let db: TestDatabase;
  let replicaA: TestApp;
  let replicaB: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase();
    // Two "replicas" of the backend on one database, as in the cluster behind one Service.
    [replicaA, replicaB] = await Promise.all([
      startTestApp({ databaseUrl: db.url }),
      startTestApp({ databaseUrl: db.url }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([replicaA?.close(), replicaB?.close()]);
    await db?.drop();
  });

  it('answers the 6th failure with 429 rate_limited and standard RateLimit headers', async () => {
    const { username } = await signUp(replicaA.baseUrl);
    for (let i = 1; i <= 5; i++) {
      const res = await login(replicaA.baseUrl, username, 'wrong password');
      expect(res.status).toBe(401);
      expect(res.headers.get('ratelimit')).toContain(`"login"; r=${5 - i}`);
    }
    const limited = await login(replicaA.baseUrl, username, 'wrong password');
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual({ error: { code: 'rate_limited', message: expect.any(String) } });
    expect(limited.headers.get('ratelimit-policy')).toContain('"login"; q=5; w=900');
    expect(limited.headers.get('ratelimit')).toContain('"login"; r=0');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('shares the counter between two app instances on the same database', async () => {
    const { username, password } = await signUp(replicaA.baseUrl);
    for (let i = 0; i < 5; i++) {
      const replica = i % 2 === 0 ? replicaA : replicaB;
      expect((await login(replica.baseUrl, username, 'wrong password')).status).toBe(401);
    }
    // Replica B has seen only 2 of the 5 failures itself; it still refuses, even the right password.
    expect((await login(replicaB.baseUrl, username, password)).status).toBe(429);
    expect((await login(replicaA.baseUrl, username, password)).status).toBe(429);
  });

  it('does not count successful sign-ins', async () => {
    const { username, password } = await signUp(replicaA.baseUrl);
    for (let i = 0; i < 8; i++) expect((await login(replicaA.baseUrl, username, password)).status).toBe(200);
    for (let i = 0; i < 4; i++)
      expect((await login(replicaB.baseUrl, username, 'wrong password')).status).toBe(401);
    expect((await login(replicaA.baseUrl, username, password)).status).toBe(200);
  });

  it('limits per username: another account from the same address is unaffected', async () => {
    const victim = await signUp(replicaA.baseUrl);
    const other = await signUp(replicaA.baseUrl);
    for (let i = 0; i < 6; i++) await login(replicaA.baseUrl, victim.username, 'wrong password');
    expect((await login(replicaA.baseUrl, victim.username, victim.password)).status).toBe(429);
    expect((await login(replicaA.baseUrl, other.username, other.password)).status).toBe(200);
  });
});

describe('global rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ seed: false, rateLimitMax: 3 });
  });
  afterAll(() => app?.close());

  it('answers 429 rate_limited past RATE_LIMIT_MAX and never limits probes or metrics', async () => {
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await fetch(`${app.baseUrl}/api/nothing-here`)).status);
    expect(statuses).toEqual([404, 404, 404, 429]);
    const limited = await fetch(`${app.baseUrl}/api/nothing-here`);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limited');
    expect(limited.headers.get('ratelimit-policy')).toContain('"global"; q=3; w=60');
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      expect((await fetch(`${app.baseUrl}${path}`)).status).toBe(200);
    }
  });
});
