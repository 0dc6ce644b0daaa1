import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { pino } from 'pino';
import { inject } from 'vitest';
import { seedCatalogue } from '../../src/catalog/seed.js';
import { createDatabase } from '../../src/db/create-database.js';
import { migrate } from '../../src/db/migrate.js';

export interface TestDatabase {
  /** Connection URL of a fresh, fully migrated database in the run's shared cluster. */
  url: string;
  /** Drops the database (disconnecting anyone still on it). Idempotent. */
  drop(): Promise<void>;
}

const silent = pino({ level: 'silent' });

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('pgAdminUrl'), connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A new database per call (`test_<random>`), migrated with the real migrations (`migrate: false`
 * leaves it empty); `seed: true` also runs seedCatalogue. Needs the vitest globalSetup
 * (global-setup.ts) that provides `pgAdminUrl`.
 */
export async function createTestDatabase({
  seed = false,
  migrate: runMigrations = true,
}: { seed?: boolean; migrate?: boolean } = {}): Promise<TestDatabase> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await withAdmin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(inject('pgAdminUrl'));
  url.pathname = `/${name}`;
  let dropping: Promise<void> | undefined;
  const drop = () =>
    (dropping ??= withAdmin(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }));
  try {
    if (runMigrations) await migrate(url.href, silent);
    if (seed) {
      const db = createDatabase(
        { databaseUrl: url.href, dbPoolMax: 2, dbConnectTimeoutMs: 5000, dbStatementTimeoutMs: 30_000 },
        silent,
      );
      try {
        await seedCatalogue(db);
      } finally {
        await db.close();
      }
    }
  } catch (err) {
    await drop();
    throw err;
  }
  return { url: url.href, drop };
}
