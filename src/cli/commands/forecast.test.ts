import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { steadyUnit } from '../../../test/support/capacity-sources.ts'
import { CapacityRepository, CapacityService } from '../../modules/capacity/index.ts'
import { forecast } from './forecast.ts'

/** Eight people filing 60 crimes a working day as 60 arrive, with 1,100 waiting: over the default threshold of 1,000. */
function steadyUnitOver(ctx: TestContext): CapacityService {
  return new CapacityService(
    ctx.deps.db,
    new CapacityRepository(),
    ctx.deps.services.auditTrail,
    ctx.clock,
    steadyUnit({ people: 8, perWorkingDay: 60, backlog: 1100 }),
  )
}

describe('tally forecast', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('prints each queue, says a queue is already over its threshold, and reports the backtest', async () => {
    const deps = { ...ctx.deps, services: { ...ctx.deps.services, capacity: steadyUnitOver(ctx) } }
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      expect(await forecast(deps, { force: ctx.force.code, weeks: '4', backtest: true })).toBe(0)
      const printed = log.mock.calls.map((call) => String(call[0])).join('\n')
      expect(printed).toContain('(4 weeks)')
      expect(printed).toMatch(
        /^Awaiting filing\s+1,100\s+[\d,]+ \([\d,]+-[\d,]+\)\s+1,000\s+100%\s+already over\s+[\d.]+$/m,
      )
      expect(printed).toMatch(/^Classification check\s+-\s+Not enough history: 0 of the 28 days needed$/m)
      expect(printed).toMatch(/Backtest: forecast made \d{4}-\d{2}-\d{2} compared with the 4 weeks since/)
      expect(printed).toMatch(/^Awaiting filing\s+[\d.]+\s+[\d.]+%$/m)
    } finally {
      log.mockRestore()
    }
  })

  it('refuses an unknown force with exit code 2', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
    try {
      expect(await forecast(ctx.deps, { force: 'NOPE', weeks: '12' })).toBe(2)
      expect(error).toHaveBeenCalledWith('There is no force with the code NOPE')
    } finally {
      error.mockRestore()
    }
  })
})
