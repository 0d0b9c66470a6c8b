import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { seedCrimesDemo } from './history.ts'

describe('the demo force’s incidents and crimes', () => {
  let ctx: TestContext
  let force: TestForce
  let result: { incidents: number; crimes: number }
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
    const personIds: string[] = []
    const locationIds: string[] = []
    await ctx.deps.db.withForce(force.forceId, async (tx) => {
      for (let i = 0; i < 20; i++) {
        personIds.push(
          (
            await ctx.deps.services.people.addPerson(tx, force.system, {
              givenName: 'Demo',
              familyName: `Person${'abcdefghijklmnopqrst'[i]}`,
            })
          ).personId,
        )
      }
      locationIds.push(
        (
          await ctx.deps.services.people.addLocation(tx, force.system, {
            address: 'On or near Gold Street',
            postcode: 'NN1 1RA',
          })
        ).locationId,
      )
    })
    result = await seedCrimesDemo(ctx.deps, force.system, {
      users,
      people: { personIds, locationIds },
      days: 60,
      crimesPerDay: 12,
    })
  }, 300_000)
  afterAll(() => ctx.close())

  const rows = async <T>(query: string) =>
    ctx.deps.db.withForce(force.forceId, async (tx) => (await sql.raw<T>(query).execute(tx)).rows)

  it('makes two months of incidents and crimes, the newest recorded through the services', async () => {
    expect(result.crimes).toBeGreaterThan(500)
    expect(result.incidents).toBeGreaterThan(result.crimes)
    const [counts] = await rows<{ crimes: number; incidents: number; late: number }>(
      'select (select count(*) from crime)::int as crimes, (select count(*) from incident)::int as incidents, (select count(*) from crime where recorded_late)::int as late',
    )
    expect(counts).toMatchObject({ crimes: result.crimes, incidents: result.incidents })
    // Rule 2: most are recorded within 24 hours, some are not (the demo's compliance is about 94%).
    expect(counts!.late / counts!.crimes).toBeGreaterThan(0.02)
    expect(counts!.late / counts!.crimes).toBeLessThan(0.12)
    const recent = await rows<{ n: number }>("select count(*)::int as n from incident where source_system = 'DEMO-CAD'")
    expect(recent[0]!.n).toBe(5)
  })

  it('fills every working queue with crimes that followed the workflow', async () => {
    const statuses = new Map(
      (await rows<{ status: string; n: number }>('select status, count(*)::int as n from crime group by status')).map(
        (r) => [r.status, r.n],
      ),
    )
    for (const status of ['recorded', 'awaiting_allocation', 'under_investigation', 'filed']) {
      expect(statuses.get(status), status).toBeGreaterThan(0)
    }
    // Each crime's status history is gapless and ends at its status.
    const broken = await rows<{ crimeId: string }>(`
      select c.crime_id from crime c
      where c.version <> (select count(*) from crime_status_change s where s.force_id = c.force_id and s.crime_id = c.crime_id)
         or c.status <> (select to_status from crime_status_change s where s.force_id = c.force_id and s.crime_id = c.crime_id
                         order by seq desc limit 1)`)
    expect(broken).toEqual([])
  })

  it('keeps to the rules: filed crimes have an outcome, outcome 21 is never domestic abuse or hate, dates are in order', async () => {
    const problems = await rows<{ problem: string }>(`
      select 'filed without outcome' as problem from crime where status = 'filed' and (outcome_type is null or outcome_type not between 1 and 22)
      union all select 'outcome 21 for domestic abuse or hate' from crime where outcome_type = 21 and (domestic_abuse or hate_crime)
      union all select 'offence after report' from crime where offence_from > reported_at
      union all select 'crime-related incident closed without a decision' from incident where status = 'closed' and crime_related and recording_decision is null
      union all select 'crime without incident or channel' from crime where incident_id is null and direct_report_channel is null`)
    expect(problems).toEqual([])
  })

  it('leaves an intact audit trail with every event at the time it happened', async () => {
    const [verification] = await ctx.deps.services.auditTrail.verify({ forceCode: force.code })
    expect(verification!.problem).toBeUndefined()
    const [oldest] = await rows<{ at: Date }>(
      "select min(occurred_at) as at from audit_event where action = 'CRIME_RECORDED'",
    )
    expect(oldest!.at.getTime()).toBeLessThan(ctx.clock.now().getTime() - 50 * 24 * 3600_000)
  })

  it('gives the daily flows the capacity forecast learns from', async () => {
    const flows = await ctx.deps.services.crimes.dailyFlows(force.system, { from: '2026-10-01', to: '2026-11-26' })
    expect(flows.some((flow) => flow.status === 'awaiting_filing' && flow.left > 0)).toBe(true)
    expect(
      flows.filter((flow) => flow.status === 'recorded').reduce((sum, flow) => sum + flow.entered, 0),
    ).toBeGreaterThan(300)
  })
})
