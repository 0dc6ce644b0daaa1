import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import getPort from 'get-port';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './backend/tools/embedded-postgres.js';

/**
 * `npm run shop`: the shop on its own, for a person to use or a developer to poke at — embedded
 * PostgreSQL, one backend and one storefront process, all on 127.0.0.1 with free ports. Ctrl-C (or
 * SIGTERM) stops everything and deletes the database's temp dir. The lab's `lab up` supersedes this
 * with the whole production topology.
 */
const root = path.dirname(fileURLToPath(import.meta.url));
const READY_TIMEOUT_MS = 60_000;

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<void>;
}

function startNode(name: string, entry: string, env: Record<string, string>): Child {
  // `node --import tsx` rather than `npx tsx`: one process, so signals reach the server itself.
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { name, process: child, exited };
}

async function waitReady(child: Child, url: string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.process.exitCode !== null)
      throw new Error(`${child.name} exited with code ${child.process.exitCode}`);
    const ok = await fetch(url, { signal: AbortSignal.timeout(1000) }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${child.name} was not ready at ${url} within ${READY_TIMEOUT_MS / 1000} s`);
}

async function stopChild(child: Child): Promise<void> {
  if (child.process.exitCode !== null || child.process.signalCode !== null) return;
  child.process.kill('SIGTERM');
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 30_000);
  await child.exited;
  clearTimeout(timer);
}

const children: Child[] = [];
let database: EmbeddedPostgres | undefined;
let stopping: Promise<void> | undefined;

function stopAll(): Promise<void> {
  stopping ??= (async () => {
    // Reverse order of start: storefront, backend, then the database they use.
    for (const child of children.reverse()) await stopChild(child);
    await database?.stop();
  })();
  return stopping;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.log(`\n${signal}: stopping the shop…`);
    void stopAll().then(() => process.exit(0));
  });
}

try {
  const began = Date.now();
  database = await startEmbeddedPostgres({ durable: true });
  const admin = new pg.Client({ connectionString: database.adminUrl });
  await admin.connect();
  await admin.query('CREATE DATABASE dhakacart');
  await admin.end();

  const [backendPort, frontendPort] = [
    await getPort({ host: '127.0.0.1' }),
    await getPort({ host: '127.0.0.1' }),
  ];
  const storefront = `http://127.0.0.1:${frontendPort}`;
  const api = `http://127.0.0.1:${backendPort}/api`;
  const adminPassword = randomBytes(9).toString('base64url');

  const backend = startNode('backend', 'backend/src/server.ts', {
    PORT: String(backendPort),
    DATABASE_URL: database.adminUrl.replace(/\/postgres$/, '/dhakacart'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    CORS_ORIGINS: storefront,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  children.push(backend);
  const frontend = startNode('frontend', 'frontend/server/server.ts', {
    PORT: String(frontendPort),
    API_BASE_URL: api,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  children.push(frontend);
  await Promise.all([
    waitReady(backend, `http://127.0.0.1:${backendPort}/readyz`),
    waitReady(frontend, `${storefront}/readyz`),
  ]);

  console.log(`storefront: ${storefront}/`);
  console.log(`api: ${api}`);
  console.log(`admin: admin / ${adminPassword}`);
  console.log(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s; Ctrl-C stops everything.`);
  const first = await Promise.race(children.map((c) => c.exited.then(() => c)));
  if (!stopping) {
    console.error(`${first.name} exited unexpectedly (code ${first.process.exitCode}); stopping the shop.`);
    await stopAll();
    process.exit(1);
  }
} catch (err) {
  console.error(`Could not start the shop: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(2);
}
