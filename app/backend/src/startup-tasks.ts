import { ensureAdminUser } from './auth/users.js';
import { seedCatalogue } from './catalog/seed.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import type { Logger } from './logger.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * Migrate, seed and ensure the admin user, retrying in the background with capped exponential
 * back-off until it succeeds or `signal` aborts. The server listens meanwhile (liveness OK, readiness
 * 503), so a database that is down at start does not crash-loop the pod: it becomes ready on its own
 * once the database is back. Resolves true when everything was done.
 */
export async function runStartupTasks(
  config: Config,
  db: Database,
  logger: Logger,
  signal: AbortSignal,
): Promise<boolean> {
  for (let attempt = 1, wait = FIRST_RETRY_MS; !signal.aborted; attempt++) {
    try {
      if (config.migrateOnStart) {
        await migrate(config.databaseUrl, logger, { connectTimeoutMs: config.dbConnectTimeoutMs });
      }
      if (config.seedOnStart) await seedCatalogue(db);
      if (config.adminUsername && config.adminPassword) {
        await ensureAdminUser(db, config.adminUsername, config.adminPassword);
        logger.info({ username: config.adminUsername }, 'admin user ensured');
      }
      return true;
    } catch (err) {
      logger.warn(
        {
          attempt,
          retryInMs: wait,
          err: { message: (err as Error).message, code: (err as { code?: string }).code },
        },
        'start-up tasks failed (database down?); retrying',
      );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
      });
      wait = Math.min(wait * 2, MAX_RETRY_MS);
    }
  }
  return false;
}
