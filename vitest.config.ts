import { defineConfig } from 'vitest/config'

/**
 * Unit and integration tests. `TEST_DB=postgres` runs the same suite against a PostgreSQL server
 * (TEST_DATABASE_URL, default the local server's `test` database); otherwise each test file gets an embedded
 * PGlite started from one migrated snapshot.
 */
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: 'forks',
    reporters: process.env.CI ? ['dot'] : ['default'],
  },
})
