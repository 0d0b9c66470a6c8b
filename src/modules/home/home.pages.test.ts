import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

describe('the start page', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('offers each role only the parts of Tally it may use', async () => {
    const officer = await (await ctx.as('officer')).get('/')
    expect(officer.body).toContain('href="/crimes"')
    expect(officer.body).not.toContain('href="/risks"')
    expect(officer.body).not.toContain('href="/audit-trail"')
    const inspector = await (await ctx.as('inspector')).get('/')
    expect(inspector.body).toContain('href="/audit-trail"')
    expect(inspector.body).not.toContain('href="/admin/users"')
  })

  it('tells a supervisor first when Tally has raised a risk for them', async () => {
    const force = await ctx.newForce()
    await ctx.deps.services.directory.createUnit(force.system, {
      name: 'Investigation Management Unit',
      unitType: 'investigation_management',
      function: 'Classifies, allocates, quality-assures and files crimes',
      location: 'Force HQ',
      hours: '8am to 6pm',
      contact: 'imu@example.police.uk',
      whatToSend: 'Crime records for classification and filing',
      takesWork: ['crime'],
      active: true,
    })
    await ctx.deps.services.staffReferenceData.addStandardSkills(force.system)
    const supervisor = await force.user('imu_supervisor')
    await ctx.deps.services.risks.evaluateIndicators(supervisor.actor, '2026-11-26')

    const home = await (await ctx.as('imu_supervisor', force)).get('/')
    expect(home.body).toContain('Tally changed the risk register')
    expect(home.body).toContain('Skills held by fewer than two available people')
    const officerHome = await (await ctx.as('officer', force)).get('/')
    expect(officerHome.body).not.toContain('Tally changed the risk register')
  })
})
