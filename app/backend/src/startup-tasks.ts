import { ensureAdminUser } from './auth/users.js';
import { seedCatalogue } from './catalog/seed.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { migrate } from './db/migrate.js';
import type { Logger } from './logger.js';

const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 15_000;

/**
 * Runs `task` until it succeeds or `signal` aborts, with capped exponential back-off between tries.
 * The server listens meanwhile (liveness OK, readiness 503), so a database that is down at start does
 * not crash-loop the pod: it becomes ready on its own once the database is back. Resolves true when
 * the task succeeded.
 */
async function retryUntilDone(
  what: string,
  task: () => Promise<void>,
  logger: Logger,
  signal: AbortSignal,
): Promise<boolean> {
  for (let attempt = 1, wait = FIRST_RETRY_MS; !signal.aborted; attempt++) {
    try {
      await task();
      return true;
    } catch (err) {
      logger.warn(
        {
          attempt,
          retryInMs: wait,
          err: { message: (err as Error).message, code: (err as { code?: string }).code },
        },
        `${what} failed (database down?); retrying`,
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

/**
 * What the pod needs before it may take traffic: the schema migrated and the catalogue seeded. Resolves
 * true once done (false if shut down first).
 */
export function prepareDatabase(
  config: Config,
  db: Database,
  logger: Logger,
  signal: AbortSignal,
): Promise<boolean> {
  return retryUntilDone(
    'start-up tasks',
    async () => {
      if (config.migrateOnStart) {
        await migrate(config.databaseUrl, logger, { connectTimeoutMs: config.dbConnectTimeoutMs });
      }
      if (config.seedOnStart) await seedCatalogue(db);
    },
    logger,
    signal,
  );
}

/**
 * Ensures the configured admin account, after the pod is ready: no shopper needs it, and hashing its
 * password (argon2, 64 MiB) on every replica at once would otherwise hold readiness back.
 */
export async function ensureAdminInBackground(
  config: Config,
  db: Database,
  logger: Logger,
  signal: AbortSignal,
): Promise<void> {
  const { adminUsername, adminPassword } = config;
  if (!adminUsername || !adminPassword) return;
  const done = await retryUntilDone(
    'ensuring the admin user',
    async () => {
      await ensureAdminUser(db, adminUsername, adminPassword);
    },
    logger,
    signal,
  );
  if (done) logger.info({ username: adminUsername }, 'admin user ensured');
}
