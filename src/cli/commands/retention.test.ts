import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { createTestContext, TEST_NOW, type TestContext } from '../../../test/support/test-context.ts'
import { listReviewDue, scheduleRetention } from './retention.ts'

describe('tally retention', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('schedules a force’s records, then lists those due for review, oldest first, naming the force', async () => {
    const operator = (await ctx.force.user('control_room_operator')).actor
    const { crime } = await ctx.deps.services.crimes.record(operator, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-26T08:00:00Z',
      victim: { givenName: 'Cli', familyName: 'Retention' },
      offenceCode: '49',
      offenceFrom: '2026-11-25T20:00:00Z',
    })
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      await scheduleRetention(ctx.deps, { force: ctx.force.code })
      expect(log).toHaveBeenLastCalledWith(`${ctx.force.code}: 1 crime and 1 person retention records written`)
      await listReviewDue(ctx.deps, { force: ctx.force.code })
      expect(log).toHaveBeenLastCalledWith(`${ctx.force.code}: 0 records due for review on 2026-11-26`)
      ctx.clock.set('2033-01-01T09:00:00Z')
      await listReviewDue(ctx.deps, { force: ctx.force.code })
      expect(log.mock.calls.map((call) => String(call[0]))).toContain(
        `2032-11-26  crime   ${crime.crimeReference}  Group 3 – All other offences`,
      )
    } finally {
      log.mockRestore()
      ctx.clock.set(TEST_NOW)
    }
    await expect(listReviewDue(ctx.deps, { force: 'NOPE' })).rejects.toBeInstanceOf(ValidationFailed)
  })
})
