import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeActor } from '../platform/auth/actor.ts'
import { createTestContext, type TestContext } from '../../test/support/test-context.ts'
import { seedPartnersDemo } from './partners.ts'

describe('the demo partner’s school', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('has reports waiting in triage and one recorded as a crime, seen by the demo partner', async () => {
    const { services } = ctx.deps
    const partner = await ctx.force.user('partner_reporter')
    await seedPartnersDemo(
      {
        partners: services.partners,
        now: () => ctx.clock.now(),
        recordTheft: (actor, incidentId, victim, offenceFrom) =>
          services.crimes.record(actor, { incidentId, victim, offenceCode: '49', offenceFrom }),
      },
      ctx.force.system,
      new Map([['partner', partner.userId]]),
    )
    const triager = (await ctx.force.user('imu_decision_maker')).actor
    expect(await services.partners.triageQueue(triager)).toHaveLength(2)
    const asPartner = makeActor({ ...partner.actor })
    const { organisation, reports } = await services.partners.reportsForPartner(asPartner)
    expect(organisation?.name).toBe('St Anne’s Primary School')
    expect(reports.map((report) => report.outcome).sort()).toEqual([
      'Received: the police are assessing it',
      'Received: the police are assessing it',
      'Recorded as a crime',
    ])
    const recorded = reports.find((report) => report.status === 'recorded_as_crime')!
    const view = await services.partners.reportForTriage(triager, recorded.reportId)
    expect((await services.crimes.forIncident(triager, view.report.incidentId)).crimes).toHaveLength(1)
  })
})
