import { defineConfig } from 'vitest/config';

// Three projects, one runner: unit tests sit beside the code (*.test.ts, no I/O);
// integration tests talk to real Postgres/Redis; e2e tests drive real Asterisk with SIPp, and
// the fault tests (test/faults: kill -9, outages, hostile input) run in that project because
// they share its machine-wide hold on the one Asterisk.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['packages/*/src/**/*.test.ts', 'services/*/src/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts', 'test/faults/**/*.test.ts'],
          globalSetup: ['test/support/e2e-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
