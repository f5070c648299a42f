import { defineConfig } from 'vitest/config';

// One project for fast unit tests beside the code, and the integration suite
// twice: on embedded PGlite and on a real PostgreSQL server (each run in a
// database of its own). Without a reachable server the PostgreSQL project
// skips, unless REQUIRE_SERVICES=1 makes that a failure (CI). The browser
// project drives the gateway's web pages in a real Chromium against a mesh on
// PGlite; without Chromium it skips, unless REQUIRE_SERVICES=1.
const integration = (database: 'pglite' | 'postgres') => ({
  extends: true as const,
  test: {
    name: database,
    include: ['test/integration/**/*.test.ts'],
    env: { DPG_TEST_DATABASE: database },
    // dist/ built from these sources: the tests that spawn `dpg` and `npm start` run it, as users do.
    globalSetup: ['test/support/bundle.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});

export default defineConfig({
  // graphql ships both CJS and ESM; Node resolves our imports to CJS, as do the
  // Apollo packages. Vite would pick the ESM build and two copies of graphql
  // cannot share schemas, so tests resolve it the way Node does.
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' },
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{platform,gateway,schema-registry,policies,subgraphs,bin}/**/*.test.ts', 'test/*.test.ts', 'test/bench/**/*.test.ts'],
          // A scaffolded domain's own test runs on node's test runner, so it works wherever the folder is;
          // test/domain-tests.test.ts runs those in subgraphs/.
          exclude: ['**/node_modules/**', '**/*.browser.test.ts', 'subgraphs/*/domain.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['gateway/web/**/*.browser.test.ts'],
          env: { DPG_TEST_DATABASE: 'pglite' },
          // The pages are built from source before any browser test runs.
          globalSetup: ['test/support/webPages.ts'],
          // Each file runs a whole mesh and a browser; one at a time is enough load.
          poolOptions: { forks: { singleFork: true } },
          testTimeout: 60_000,
          hookTimeout: 180_000,
        },
      },
      integration('pglite'),
      integration('postgres'),
    ],
  },
});
