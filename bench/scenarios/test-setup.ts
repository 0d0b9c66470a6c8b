import fs from 'node:fs'
import { performance } from 'node:perf_hooks'
import { buildApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDeps } from '../../src/deps.ts'
import { systemActor } from '../../src/platform/auth/actor.ts'
import type { Role } from '../../src/platform/auth/roles.ts'
import { hashPassword } from '../../src/platform/auth/passwords.ts'
import { FixedClock } from '../../src/platform/clock.ts'
import { TallyDatabase } from '../../src/platform/db/database.ts'
import { createTestContext, TEST_NOW, TEST_PASSWORD } from '../../test/support/test-context.ts'
import { openTestDatabase, snapshotPath, testDatabaseKind } from '../../test/support/test-database.ts'
import { percentile, type BenchRow, type BenchScenario } from '../support.ts'

/** The roles a typical test file signs in as. */
const ROLES_USED: Role[] = ['imu_decision_maker', 'officer', 'imu_supervisor']

/**
 * A test file's context as it was built before the set-up was made faster: PGlite started from the gzipped
 * snapshot with its WebAssembly compiled afresh, and passwords hashed at the production cost.
 */
async function contextAsBefore(): Promise<() => Promise<void>> {
  const db =
    testDatabaseKind() === 'pglite'
      ? await TallyDatabase.fromSnapshot(new Blob([fs.readFileSync(snapshotPath())]))
      : await openTestDatabase()
  const deps = await createDeps(loadConfig({ NODE_ENV: 'test', DEMO_DATA: 'false' }), {
    db,
    clock: new FixedClock(TEST_NOW),
  })
  const app = await buildApp(deps)
  const force = await deps.services.accounts.createForce({ code: 'TBEFORE', name: 'Test Force before' })
  for (const role of ROLES_USED) {
    await deps.services.accounts.createUser(systemActor(force.forceId), {
      username: `${role.replaceAll('_', '-')}-before`,
      displayName: `Test ${role}`,
      password: TEST_PASSWORD,
      roles: [role],
    })
  }
  return async () => {
    await app.close()
    await deps.close()
  }
}

async function contextNow(): Promise<() => Promise<void>> {
  const ctx = await createTestContext()
  for (const role of ROLES_USED) {
    await ctx.force.user(role)
  }
  return () => ctx.close()
}

/** Times `open` (and not the closing) `rounds` times, taking turns with the other side so both see the same load. */
async function timings(rounds: number, sides: Array<() => Promise<() => Promise<void>>>): Promise<number[][]> {
  const results = sides.map(() => [] as number[])
  for (let round = 0; round < rounds; round++) {
    for (const [index, open] of sides.entries()) {
      const started = performance.now()
      const close = await open()
      results[index]!.push(performance.now() - started)
      await close()
    }
  }
  return results
}

const testSetup: BenchScenario = {
  name: 'test set-up',
  async run(env) {
    await env.database().then((db) => db.close())
    // The first context in a process pays for compiling PGlite; a test worker pays it once for all its files.
    await (
      await contextNow()
    )()
    const rounds = env.quick ? 2 : 5
    const [now, before] = await timings(rounds, [contextNow, contextAsBefore])
    const rows: BenchRow[] = [
      {
        scenario: 'A test file’s context',
        measure: `median, with ${ROLES_USED.length} users`,
        tally: percentile(now!, 50),
        baseline: percentile(before!, 50),
        baselineName: 'the set-up before (fresh engine, production hashing)',
        unit: 'ms',
        note: `${rounds} rounds each, taking turns, on ${testDatabaseKind()}`,
      },
    ]
    if (testDatabaseKind() === 'pglite') {
      const gzipped = fs.readFileSync(snapshotPath())
      const [warm, cold] = await timings(rounds, [
        async () => {
          const db = await openTestDatabase()
          return () => db.close()
        },
        async () => {
          const db = await TallyDatabase.fromSnapshot(new Blob([gzipped]))
          return () => db.close()
        },
      ])
      rows.push({
        scenario: 'A test file’s database',
        measure: 'median time to open',
        tally: percentile(warm!, 50),
        baseline: percentile(cold!, 50),
        baselineName: 'gzipped snapshot, engine compiled afresh',
        unit: 'ms',
      })
    }
    const hashes = env.quick ? 5 : 20
    const [fast, standard] = await timings(hashes, [
      async () => {
        await hashPassword(TEST_PASSWORD, 'fast-for-tests')
        return () => Promise.resolve()
      },
      async () => {
        await hashPassword(TEST_PASSWORD, 'standard')
        return () => Promise.resolve()
      },
    ])
    rows.push({
      scenario: 'A test user’s password',
      measure: 'median time to hash',
      tally: percentile(fast!, 50),
      baseline: percentile(standard!, 50),
      baselineName: 'the production cost (OWASP minimum)',
      unit: 'ms',
    })
    return rows
  },
}

export const testSetupScenarios: BenchScenario[] = [testSetup]
