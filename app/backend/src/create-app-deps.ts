import type { AppDeps } from './app-deps.js';
import { createAuth } from './auth/require-auth.js';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import type { AppMetrics } from './metrics.js';

/** The AppDeps every router receives, built the same way by server.ts and the test app. */
export function createAppDeps(config: Config, db: Database, metrics: AppMetrics): AppDeps {
  return { config, db, metrics, auth: createAuth(config.jwtSecret) };
}
