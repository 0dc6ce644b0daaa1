import { randomBytes } from 'node:crypto';
import getPort from 'get-port';
import pg from 'pg';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './backend/tools/embedded-postgres.js';
import { startNodeProcess, type NodeProcess } from './backend/tools/node-process.js';

/**
 * `npm run shop`: the shop on its own, for a person to use or a developer to poke at — embedded
 * PostgreSQL, one backend and one storefront process, all on 127.0.0.1 with free ports. Ctrl-C (or
 * SIGTERM) stops everything and deletes the database's temp dir. The lab's `lab up` supersedes this
 * with the whole production topology.
 */
const READY_TIMEOUT_MS = 60_000;

/** The servers log to this terminal; SIGTERM lets each drain, SIGKILL after 30 s. */
function startNode(name: string, entry: string, env: Record<string, string>): NodeProcess {
  return startNodeProcess({
    name,
    entry,
    env: { ...process.env, ...env },
    output: 'inherit',
    stopGraceMs: 30_000,
  });
}

const children: NodeProcess[] = [];
let database: EmbeddedPostgres | undefined;
let stopping: Promise<void> | undefined;

function stopAll(): Promise<void> {
  stopping ??= (async () => {
    // Reverse order of start: storefront, backend, then the database they use.
    for (const child of children.reverse()) await child.stop();
    await database?.stop();
  })();
  return stopping;
}

// `on`, not `once`: Ctrl-C reaches us twice (from the terminal and relayed by the tsx wrapper), and
// a second SIGINT with no listener left would kill us before the database's temp dir is deleted.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
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

  const backend = startNode('backend', 'app/backend/src/server.ts', {
    PORT: String(backendPort),
    DATABASE_URL: database.adminUrl.replace(/\/postgres$/, '/dhakacart'),
    JWT_SECRET: randomBytes(32).toString('base64url'),
    CORS_ORIGINS: storefront,
    ADMIN_USERNAME: 'admin',
    ADMIN_PASSWORD: adminPassword,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  children.push(backend);
  const frontend = startNode('frontend', 'app/frontend/server/server.ts', {
    PORT: String(frontendPort),
    API_BASE_URL: api,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  children.push(frontend);
  await Promise.all([
    backend.waitForHttp(`http://127.0.0.1:${backendPort}/readyz`, { timeoutMs: READY_TIMEOUT_MS }),
    frontend.waitForHttp(`${storefront}/readyz`, { timeoutMs: READY_TIMEOUT_MS }),
  ]);

  console.log(`storefront: ${storefront}/`);
  console.log(`api: ${api}`);
  console.log(`admin: admin / ${adminPassword}`);
  console.log(`ready in ${((Date.now() - began) / 1000).toFixed(1)} s; Ctrl-C stops everything.`);
  const [first, exit] = await Promise.race(children.map((c) => c.exited.then((e) => [c, e] as const)));
  if (!stopping) {
    console.error(`${first.name} exited unexpectedly (code ${exit.code}); stopping the shop.`);
    await stopAll();
    process.exit(1);
  }
} catch (err) {
  console.error(`Could not start the shop: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll();
  process.exit(2);
}
