import { afterAll, vi } from 'vitest'

/**
 * Test files share their worker's module cache (vitest `isolate: false`), so nothing a file changes in the
 * process may outlive it: spies, fake timers and stubbed globals are put back when each file ends.
 */
afterAll(() => {
  vi.restoreAllMocks()
  vi.useRealTimers()
  vi.unstubAllGlobals()
  vi.unstubAllEnvs()
})
