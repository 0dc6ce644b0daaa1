import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import type { AppCredentials } from '../../local/database/admin-sql.js';

/**
 * The database login the shop's pods use, read from the lab overlay's Secret (DATABASE_URL), so the
 * PostgreSQL containers create exactly the user, password and database the backend will ask for.
 */
export async function labDatabaseCredentials(manifestsDir: string): Promise<AppCredentials> {
  const file = path.join(manifestsDir, 'overlays', 'lab', 'backend-secrets.yaml');
  const secret = parse(await readFile(file, 'utf8')) as { stringData?: Record<string, string> };
  const value = secret.stringData?.DATABASE_URL;
  if (!value || !URL.canParse(value))
    throw new Error(`${file}: stringData.DATABASE_URL must be a postgres:// URL with user and password`);
  const url = new URL(value);
  return {
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, '') || 'postgres',
  };
}
