import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CrimeStatus } from '../../src/modules/crimes/index.ts'
import { pathTo } from './crime-builder.ts'
import { createTestContext, type TestContext } from './test-context.ts'

describe('the crime builder (ctx.crimes.at)', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('follows the workflow table along its shortest path', () => {
    expect(pathTo('recorded')).toEqual([])
    expect(pathTo('filed').map((step) => step.action)).toEqual([
      'confirm_classification',
      'allocate',
      'submit_for_filing',
      'start_quality_check',
      'file',
    ])
    expect(pathTo('cancelled').map((step) => step.action)).toEqual(['cancel'])
  })

  const reachable: CrimeStatus[] = [
    'recorded',
    'awaiting_allocation',
    'under_investigation',
    'awaiting_filing',
    'imu_quality_check',
    'returned_to_officer',
    'filed',
    'cancellation_requested',
    'cancelled',
  ]
  it.each(reachable)('walks a new crime to %s through the crimes service', async (status) => {
    const crime = await ctx.crimes.at(status)
    expect(crime.status).toBe(status)
    expect(await ctx.deps.services.crimes.get(ctx.force.system, crime.crimeId)).toMatchObject({ status })
  })

  it('says which input it lacks for a status it cannot reach', () => {
    expect(() => pathTo('transferred')).toThrow(/cannot reach "transferred"/)
  })
})
