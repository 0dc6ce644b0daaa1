import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../tools/embedded-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the one PostgreSQL cluster this test run shares (see test-db.ts). */
    pgAdminUrl: string;
  }
}

/**
 * vitest globalSetup for the backend and frontend projects: one throwaway PostgreSQL cluster for the
 * whole run; each test file makes its own databases in it (createTestDatabase), so files stay isolated
 * while paying the cluster's start-up once.
 */
export default async function setup(project: TestProject) {
  const cluster = await startEmbeddedPostgres();
  if (process.env.LAB_DEBUG) console.info(`embedded PostgreSQL ready in ${cluster.startupMs} ms`);
  project.provide('pgAdminUrl', cluster.adminUrl);
  return () => cluster.stop();
}
