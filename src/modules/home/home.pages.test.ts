import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

/** The part of a start page showing one list of work (`data-qa="work-<key>"`). */
function section(body: string, key: string): string {
  const start = body.indexOf(`data-qa="work-${key}"`)
  expect(start, `the start page has no ${key} list`).toBeGreaterThan(-1)
  return body.slice(start, body.indexOf('</section>', start))
}

/** Each row's due key and clock words, in page order. */
function rows(html: string): Array<{ due: string; clock: string }> {
  return [...html.matchAll(/data-due="([^"]+)"[\s\S]*?data-qa="clock">([\s\S]*?)<\/td>/g)].map((match) => ({
    due: match[1]!,
    clock: match[2]!.replace(/<[^>]+>/g, '').trim(),
  }))
}

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

  it('shows the control room the incidents awaiting a recording decision, late ones first, with the 24-hour clock', async () => {
    const force = await ctx.newForce()
    const operator = (await force.user('control_room_operator')).actor
    const now = ctx.clock.now().getTime()
    const hoursAgo = (hours: number) => new Date(now - hours * 3_600_000).toISOString()
    for (const hours of [2, 27, 20]) {
      await ctx.deps.services.incidents.log(operator, {
        channel: '999',
        receivedAt: hoursAgo(hours),
        openingCategory: 'crime-theft',
      })
    }
    const home = await (await ctx.as('control_room_operator', force)).get('/')
    const list = section(home.body, 'decisions-due')
    expect(list).toContain('Incidents awaiting a recording decision')
    expect(rows(list).map((row) => row.clock)).toEqual(['3 hours late', 'due in 4 hours', 'due in 22 hours'])
    expect(list).toContain('href="/incidents?view=decision-due"')
    // Their areas stay below their work.
    expect(home.body.indexOf('data-qa="destinations"')).toBeGreaterThan(
      home.body.indexOf('data-qa="work-decisions-due"'),
    )
    expect(home.body).toContain('href="/incidents"')
  })

  it('shows an officer their own crimes, soonest due first, and not other officers’', async () => {
    const force = await ctx.newForce()
    const start = ctx.clock.now()
    try {
      ctx.clock.set(new Date(start.getTime() - 30 * 86_400_000))
      const older = await ctx.crimes.at('under_investigation', { force })
      ctx.clock.set(new Date(start.getTime() - 86_400_000))
      const newer = await ctx.crimes.at('under_investigation', { force })
      ctx.clock.set(start)
      const home = await (await ctx.as('officer', force)).get('/')
      const list = section(home.body, 'my-crimes')
      expect(list.indexOf(older.crimeReference)).toBeGreaterThan(-1)
      expect(list.indexOf(older.crimeReference)).toBeLessThan(list.indexOf(newer.crimeReference))
      expect(rows(list).map((row) => row.clock)).toEqual(['2 days late', 'due in 27 days'])
      expect(section(home.body, 'victim-tasks')).toContain('Victim tasks due')
      const otherOfficer = await (await ctx.as('officer', await ctx.newForce())).get('/')
      expect(section(otherOfficer.body, 'my-crimes')).not.toContain(older.crimeReference)
    } finally {
      ctx.clock.set(start)
    }
  })

  it('shows the IMU its queues with counts and the oldest item, and the registrar the decisions awaiting them', async () => {
    const force = await ctx.newForce()
    await ctx.crimes.at('recorded', { force })
    await ctx.crimes.at('cancellation_requested', { force })
    const decisionMaker = await (await ctx.as('imu_decision_maker', force)).get('/')
    const queues = section(decisionMaker.body, 'queues')
    expect(queues).toMatch(/Classification check<\/a>[\s\S]*?>1<\/td>/)
    expect(rows(queues)[0]?.clock).toBe('due in 3 days')
    const registrar = await (await ctx.as('force_crime_registrar', force)).get('/')
    const decisions = section(registrar.body, 'decisions')
    expect(decisions).toContain('cancellation awaiting authorisation')
    expect(rows(decisions).map((row) => row.clock)).toEqual(['waiting 1 minute'])
  })

  it('shows the supervisor the unit at a glance: queues against the threshold, who is away today, open risks', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const unit = await ctx.deps.services.directory.createUnit(force.system, {
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
    const staff = await ctx.deps.services.staff.createStaff(force.system, {
      name: 'Jo Marsh',
      jobTitle: 'Crime recording clerk',
      unitId: unit.unitId,
      contractedHours: 37.5,
      workingDays: [1, 2, 3, 4, 5],
      startedOn: '2020-01-01',
    })
    await ctx.deps.services.staffAbsences.recordAbsence(force.system, staff.staffId, {
      absenceType: 'sickness',
      planned: false,
      startsOn: '2026-11-25',
      expectedEndOn: '2026-11-27',
      hoursPerDay: undefined,
    })
    await ctx.deps.services.risks.create(supervisor.actor, {
      title: 'Filing backlog',
      description: 'Crimes wait too long to be filed',
      ownerUserId: supervisor.userId,
      likelihood: 4,
      impact: 4,
      mitigations: 'Overtime',
      status: 'open',
      reviewDate: '2026-12-10',
    })
    await ctx.crimes.at('awaiting_filing', { force })

    const home = await (await ctx.as('imu_supervisor', force)).get('/')
    expect(section(home.body, 'queues')).toMatch(/Awaiting filing[\s\S]*?data-qa="threshold">Threshold \d+/)
    expect(home.body).toMatch(/data-qa="absences-today"[\s\S]*Jo Marsh<\/a>, Investigation Management Unit: Sickness/)
    expect(home.body).toMatch(/data-qa="risks-raised"[\s\S]*Filing backlog<\/a>: Very high \(score 16\)/)
  })
})
