import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { createTestContext, TEST_NOW, type TestContext } from '../../../test/support/test-context.ts'
import { purgeCrimeDrafts } from './crimes-purge-drafts.ts'

describe('tally crimes purge-drafts', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('deletes a force’s drafts untouched for a week, and says how many, naming the force', async () => {
    const operator = (await ctx.force.user('control_room_operator')).actor
    const { incident } = await ctx.deps.services.incidents.intake(operator, {
      sourceSystem: 'STORM',
      sourceReference: 'CAD-PURGE-1',
      channel: '999',
      receivedAt: '2026-11-26T08:00:00Z',
      openingCategory: 'crime-theft',
    })
    await ctx.deps.services.crimeDrafts.startDraft(operator, incident.incidentId)
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      await purgeCrimeDrafts(ctx.deps, { force: ctx.force.code })
      expect(log).toHaveBeenLastCalledWith(`${ctx.force.code}: 0 drafts deleted`)
      ctx.clock.advance(8 * 24 * 3600_000)
      await purgeCrimeDrafts(ctx.deps, { force: ctx.force.code })
      expect(log).toHaveBeenLastCalledWith(`${ctx.force.code}: 1 draft deleted`)
    } finally {
      log.mockRestore()
      ctx.clock.set(TEST_NOW)
    }
    await expect(purgeCrimeDrafts(ctx.deps, { force: 'NOPE' })).rejects.toBeInstanceOf(ValidationFailed)
  })
})
