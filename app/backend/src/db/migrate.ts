import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import type { Logger } from '../logger.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/**
 * app/backend/migrations, found relative to this file (never the cwd): next to src/ when run from
 * source, beside the Docker image's bundled dist/app/backend/src/server.js (which copies it to
 * dist/app/backend/migrations), else the repository's copy when running the compiled dist/ inside a
 * checkout.
 */
export function migrationsDir(): string {
  const candidates = [
    path.resolve(here, '../../migrations'),
    path.resolve(here, '../migrations'),
    path.resolve(here, '../../../../../app/backend/migrations'),
  ];
  const found = candidates.find((dir) => existsSync(dir));
  if (!found) throw new Error(`No migrations directory; looked in ${candidates.join(' and ')}`);
  return found;
}

/**
 * Applies every pending migration, all in one transaction. Replicas starting together queue on
 * node-pg-migrate's advisory lock (`wait` mode) instead of failing, then find nothing left to do.
 * Returns the names of the migrations this call applied.
 */
export async function migrate(
  databaseUrl: string,
  logger: Logger,
  { connectTimeoutMs = 5000 }: { connectTimeoutMs?: number } = {},
): Promise<string[]> {
  const applied = await runner({
    databaseUrl: { connectionString: databaseUrl, connectionTimeoutMillis: connectTimeoutMs },
    dir: migrationsDir(),
    migrationsTable: 'pgmigrations',
    direction: 'up',
    count: Infinity,
    checkOrder: true,
    singleTransaction: true,
    advisoryLockMode: 'wait',
    log: (msg) => logger.debug({ migrate: msg }, 'migration runner'),
  });
  const names = applied.map((m) => m.name);
  if (names.length > 0) logger.info({ migrations: names }, 'applied database migrations');
  return names;
}
