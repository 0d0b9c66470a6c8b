import os from 'node:os'
import { defineConfig } from 'vitest/config'

/**
 * Unit and integration tests. `TEST_DB=postgres` runs the same suite against a PostgreSQL server
 * (TEST_DATABASE_URL, default the local server's `test` database), and `TEST_DB=citus` against a local Citus
 * cluster (coordinator 127.0.0.1:5433, workers in CITUS_WORKERS; docs/citus.md), distributed by force; otherwise
 * each test file gets an embedded PGlite started from one migrated snapshot.
 *
 * Speed on a small machine: one worker per core (vitest's default leaves one core idle, which on two cores
 * halves the run), and files in a worker share its module cache (`isolate: false`) so the app's modules, the
 * views and PGlite's compiled engine are loaded once per worker, not once per file. Each file still gets its
 * own database; test/support/per-file.ts puts back what a file stubs.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    setupFiles: ['test/support/per-file.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    maxWorkers: Math.max(2, os.availableParallelism()),
    isolate: false,
    reporters: process.env.CI ? ['dot'] : ['default'],
  },
})
