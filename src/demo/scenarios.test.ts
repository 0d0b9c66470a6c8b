import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../platform/auth/actor.ts'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { seedDemo } from './seed.ts'
import { loadScenario } from './scenarios.ts'

describe('tally seed-demo --scenario imu-2014', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext({ demo: true })
  })
  afterAll(() => ctx.close())

  it('puts two experienced IMU staff on long-term absence, moves two untrained operators in, and the register reacts', async () => {
    const { forceId } = await seedDemo(ctx.deps, {})
    const actor = systemActor(forceId, 'Demo scenario')
    const lines = await loadScenario(ctx.deps, actor, 'imu-2014')
    expect(lines.join('\n')).toMatch(/Long-term sickness from 2026-10-29/)
    expect(lines.join('\n')).toMatch(/Moved into the IMU without its skills: .+ and .+/)

    const imu = (await ctx.deps.services.directory.listUnits(actor)).find(
      (unit) => unit.unitType === 'investigation_management',
    )!
    expect(await ctx.deps.services.staffCover.longTermAbsences(actor, '2026-11-26', imu.unitId)).toHaveLength(2)
    const risks = await ctx.deps.services.risks.list(actor)
    expect(risks.map((r) => r.title)).toContain('Long-term absences in the Investigation Management Unit')

    // Loading it again changes nothing.
    expect(await loadScenario(ctx.deps, actor, 'imu-2014')).toEqual([
      'The IMU already has two or more long-term absences: the scenario is loaded',
    ])
  }, 600_000) // seeds the whole demo force, then the scenario: minutes on a busy 2-core machine
})
