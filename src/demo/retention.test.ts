import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext, type TestForce } from '../../test/support/test-context.ts'
import { seedCrimesDemo } from './crimes/history.ts'
import { seedRetentionDemo } from './retention.ts'

describe('the demo force’s retention review', () => {
  let ctx: TestContext
  let force: TestForce
  let due: number
  beforeAll(async () => {
    ctx = await createTestContext()
    force = await ctx.newForce()
    const users = new Map<string, string>()
    for (const [username, role] of [
      ['operator', 'control_room_operator'],
      ['officer', 'officer'],
      ['decision-maker', 'imu_decision_maker'],
      ['supervisor', 'imu_supervisor'],
      ['registrar', 'force_crime_registrar'],
    ] as const) {
      users.set(username, (await force.user(role)).userId)
    }
    await seedCrimesDemo(ctx.deps, force.system, { users, days: 60, crimesPerDay: 4 })
    due = await seedRetentionDemo(
      { db: ctx.deps.db, clock: ctx.clock, retention: ctx.deps.services.retention },
      force.system,
    )
  }, 180_000)
  afterAll(() => ctx.close())

  it('rule 21: gives every demo crime a next review date and puts a handful in the queue, oldest first', async () => {
    expect(due).toBe(6)
    expect(await force.rowCount('retention_record')).toBeGreaterThanOrEqual(await force.rowCount('crime'))
    const registrar = (await force.user('force_crime_registrar')).actor
    const queue = await ctx.deps.services.retention.queue(registrar)
    expect(queue.total).toBe(6)
    const dates = queue.records.map((record) => record.nextReviewOn)
    expect(dates).toEqual([...dates].sort())
    // The nightly run keeps the earlier reviewers' dates: the queue is still there the next morning.
    await ctx.deps.services.retention.scheduleAll(force.system)
    expect((await ctx.deps.services.retention.queue(registrar)).total).toBe(6)
  })
})
