import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { createApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createAppDeps } from './create-app-deps.js';
import { createDatabase } from './db/create-database.js';
import { installGracefulShutdown } from './graceful-shutdown.js';
import { Readiness } from './http/readiness.js';
import { createLogger } from './logger.js';
import { createMetrics } from './metrics.js';
import { ensureAdminInBackground, prepareDatabase } from './startup-tasks.js';

/** Process entry (see COMMON.md "Backend runtime configuration" for the environment it reads). */
function readConfig(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    // One line a person (and a log pipeline) can read: every bad variable and what it accepts.
    pino({ base: { service: 'dhakacart-backend' } }).fatal(
      { problems: err.problems },
      err.message.replace(/\n/g, ' '),
    );
    process.exit(1);
  }
}

async function main(): Promise<void> {
  const config = readConfig();
  const logger = createLogger(config);
  const db = createDatabase(config, logger);
  const readiness = new Readiness(db, config.readyDbTimeoutMs, false);
  const metrics = createMetrics({
    version: config.appVersion,
    pool: () => db.pool,
    isReady: async () => (await readiness.check()).ready,
  });
  const app = createApp(createAppDeps(config, db, metrics), { logger, readiness });

  const server = createServer(app);
  // Longer than load balancers' idle timeouts (ALB, ingress-nginx: 60 s) so they never reuse a
  // connection the backend is closing at that instant (a source of sporadic 502s).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  const startup = new AbortController();
  installGracefulShutdown({
    server,
    readiness,
    logger,
    delayMs: config.shutdownDelayMs,
    graceMs: config.shutdownGraceMs,
    cleanup: async () => {
      startup.abort();
      await db.close();
    },
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  logger.info({ port, host: config.host }, 'listening');

  if (await prepareDatabase(config, db, logger, startup.signal)) {
    readiness.migrated = true;
    logger.info('start-up tasks done; ready once the database answers');
    await ensureAdminInBackground(config, db, logger, startup.signal);
  }
}

main().catch((err: unknown) => {
  pino({ base: { service: 'dhakacart-backend' } }).fatal({ err }, 'backend failed to start');
  process.exit(1);
});
