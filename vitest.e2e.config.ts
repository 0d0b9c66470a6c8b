import { defineConfig } from 'vitest/config'

/** Browser journeys: Playwright driving Debian's Chromium against the app served in-process on a free port. */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 600_000,
    hookTimeout: 300_000,
    // One more go for a test whose browser died under it (support/browser.ts starts a new one); a defect fails twice.
    retry: 1,
    pool: 'forks',
    // One browser at a time: the machines have two cores.
    fileParallelism: false,
    reporters: process.env.CI ? ['dot'] : ['default'],
  },
})
