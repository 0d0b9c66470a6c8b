import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openTestDatabase, testDatabaseKind } from '../../../test/support/test-database.ts'
import type { TallyDatabase } from './database.ts'

/** How many of `queries` queries had run when a callback queued on the event loop before them got its turn. */
async function queriesBeforeTheEventLoopTurns(db: TallyDatabase, queries: number): Promise<number> {
  let done = 0
  let turnedAt: number | undefined
  setImmediate(() => (turnedAt = done))
  for (let i = 0; i < queries; i++) {
    await sql`select 1`.execute(db.kysely)
    done += 1
  }
  await new Promise((resolve) => setImmediate(resolve))
  return turnedAt ?? done
}

describe.skipIf(testDatabaseKind() !== 'pglite')('the embedded database shared with requests', () => {
  let db: TallyDatabase
  beforeAll(async () => {
    db = await openTestDatabase()
  })
  afterAll(() => db.close())

  it('keeps the event loop waiting through a run of queries, unless the run is shared with requests', async () => {
    // PGlite answers in this thread: a run of queries does not let anything else in until it ends.
    expect(await queriesBeforeTheEventLoopTurns(db, 50)).toBe(50)
    // Shared (the demo being made while Tally serves), a request gets its turn at once.
    expect(await db.sharedWithRequests(() => queriesBeforeTheEventLoopTurns(db, 50))).toBeLessThan(2)
    // And the sharing ends with the work.
    expect(await queriesBeforeTheEventLoopTurns(db, 50)).toBe(50)
  })
})
