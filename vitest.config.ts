import { defineConfig } from 'vitest/config';

// One project per part of the repository, so `npm test` starts PostgreSQL only for the suites
// that need it and a developer can run one part with `npx vitest run --project <name>`.
/** Test files that bring the whole k3s topology up. */
const k3sEndToEnd = ['lab/runtime/k3s/k3s-topology.test.ts', 'lab/cli/up-k3s.test.ts'];

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
          exclude: k3sEndToEnd,
        },
      },
      // The k3s profile end to end (a Kubernetes node container per file, about a minute each): only with
      // `npm run test:k3s`, one file at a time, so `npm test` stays a few minutes and the node's bring-up
      // does not compete with the local profile's timing-sensitive tests for the two cores.
      ...(process.env.LAB_K3S_E2E === '1'
        ? [{ extends: true as const, test: { name: 'k3s', include: k3sEndToEnd, fileParallelism: false } }]
        : []),
    ],
  },
});
