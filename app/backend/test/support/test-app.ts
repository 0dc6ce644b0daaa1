import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { pino } from 'pino';
import type { AppDeps, AuthUser, Role } from '../../src/app-deps.js';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { createAppDeps } from '../../src/create-app-deps.js';
import { createDatabase } from '../../src/db/create-database.js';
import { Readiness } from '../../src/http/readiness.js';
import { createMetrics } from '../../src/metrics.js';
import { createTestDatabase } from './test-db.js';

export interface TestApp {
  /** http://127.0.0.1:<port> (no trailing slash). */
  baseUrl: string;
  deps: AppDeps;
  /** Stops the server, closes the pool and drops the database. Idempotent. */
  close(): Promise<void>;
}

export type TestAppOptions = Partial<Config> & {
  /** Seed the catalogue (default true, like SEED_ON_START in production). */
  seed?: boolean;
  /** Use this database instead of a fresh one (it is not dropped on close). */
  databaseUrl?: string;
};

const running = new Map<string, AppDeps>();

/**
 * The real app in-process on 127.0.0.1:<free port> with a fresh migrated database. Defaults are the
 * production ones except: a random JWT secret, LOG_LEVEL silent, and RATE_LIMIT_MAX 1 000 000 (every
 * test request comes from 127.0.0.1; pass rateLimitMax to test the global limiter).
 */
export async function startTestApp(overrides: TestAppOptions = {}): Promise<TestApp> {
  const { seed = true, ...configOverrides } = overrides;
  const ownDb = configOverrides.databaseUrl ? undefined : await createTestDatabase({ seed });
  const base = loadConfig({
    DATABASE_URL: configOverrides.databaseUrl ?? ownDb!.url,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_MAX: '1000000',
  });
  const config: Config = { ...base, ...configOverrides };
  const logger = pino({ level: config.logLevel });
  const db = createDatabase(config, logger);
  const readiness = new Readiness(db, config.readyDbTimeoutMs);
  const metrics = createMetrics({
    version: config.appVersion,
    pool: () => db.pool,
    isReady: async () => (await readiness.check()).ready,
  });
  const deps = createAppDeps(config, db, metrics);
  const app = createApp(deps, { logger, readiness });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(0, '127.0.0.1', (err?: Error) => (err ? reject(err) : resolve(s)));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running.set(baseUrl, deps);

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      running.delete(baseUrl);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await db.close();
      await ownDb?.drop();
    })());
  return { baseUrl, deps, close };
}

export interface SignedUp {
  token: string;
  user: AuthUser;
  username: string;
  password: string;
}

/**
 * Registers a new random user through the API and returns its token. `role: 'admin'` promotes the
 * user in the database and signs in again (only for apps from startTestApp in this process).
 */
export async function signUp(
  baseUrl: string,
  { role = 'customer' }: { role?: Role } = {},
): Promise<SignedUp> {
  const username = `user_${randomBytes(5).toString('hex')}`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const post = async (path: string) => {
    const res = await fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`signUp: POST ${path} answered ${res.status} ${await res.text()}`);
    return (await res.json()) as { token: string; user: AuthUser };
  };
  let result = await post('/api/auth/register');
  if (role === 'admin') {
    const deps = running.get(baseUrl);
    if (!deps)
      throw new Error(`signUp(role admin) needs an app started by startTestApp; ${baseUrl} is not one`);
    await deps.db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [result.user.id]);
    result = await post('/api/auth/login');
  }
  return { ...result, username, password };
}
