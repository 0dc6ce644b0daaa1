import { defineConfig } from 'vitest/config';

// One project per part of the repository, so `npm test` starts PostgreSQL only for the suites
// that need it and a developer can run one part with `npx vitest run --project <name>`.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    teardownTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'backend',
          include: ['app/backend/**/*.test.ts'],
          globalSetup: ['app/backend/test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'frontend',
          include: ['app/frontend/**/*.test.ts'],
          globalSetup: ['app/backend/test/support/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['k8s/**/*.test.ts', 'terraform/**/*.test.ts', '.github/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'lab',
          include: ['lab/**/*.test.ts', 'scenarios/**/*.test.ts'],
        },
      },
    ],
  },
});
