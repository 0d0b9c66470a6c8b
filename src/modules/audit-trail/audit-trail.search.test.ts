import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

/**
 * Rule 20 (DPA 2018 s.62): the log of views, exports, disclosures and merges is searched by person, by user and by
 * record, and only by the audit roles.
 */
describe('rule 20: only audit roles can search the audit trail', () => {
  let ctx: TestContext
  let personId: string
  let crimeId: string
  let reference: string
  let officerId: string
  beforeAll(async () => {
    ctx = await createTestContext()
    const dm = (await ctx.force.user('imu_decision_maker')).actor
    const officer = await ctx.force.user('officer')
    officerId = officer.userId
    ;({ personId } = await ctx.deps.services.people.createPerson(dm, { givenName: 'Rita', familyName: 'Searched' }))
    const now = ctx.clock.now()
    const { crime } = await ctx.deps.services.crimes.record(dm, {
      directReportChannel: '101',
      reportedAt: new Date(now.getTime() - 3_600_000),
      offenceCode: '49',
      offenceFrom: new Date(now.getTime() - 7_200_000),
      victimPersonId: personId,
    })
    crimeId = crime.crimeId
    reference = crime.crimeReference
    // The officer views the crime and discloses it; neither names the person, but both are on her crime.
    await ctx.deps.services.crimes.get(officer.actor, crimeId)
    await ctx.deps.services.disclosures.discloseCrime(officer.actor, crimeId, {
      recipientName: 'Asha Khan',
      recipientOrganisation: 'Crown Prosecution Service',
      whatWasDisclosed: 'Crime report',
      justification: 'Preparing a file or disclosure for the CPS',
    })
    const confirmed = await ctx.deps.services.crimes.act(dm, crimeId, {
      action: 'confirm_classification',
      expectedVersion: crime.version,
    })
    // Allocated to the officer and a unit, then to another officer: the Changes column names them.
    const { unitId } = await ctx.deps.services.directory.createUnit(ctx.force.system, {
      name: 'Northern investigation team',
      unitType: 'investigation',
      function: 'Investigates crime in the north of the county',
      location: 'Northampton',
      hours: '24/7',
      contact: '01604 000000',
      whatToSend: 'Crimes allocated for investigation',
      takesWork: ['crime'],
      active: true,
    })
    const allocated = await ctx.deps.services.crimes.act(dm, crimeId, {
      action: 'allocate',
      assignedUserId: officerId,
      assignedUnitId: unitId,
      expectedVersion: confirmed.version,
    })
    await ctx.deps.services.crimes.act(dm, crimeId, {
      action: 'allocate',
      assignedUserId: (await ctx.force.user('imu_supervisor')).userId,
      assignedUnitId: unitId,
      expectedVersion: allocated.version,
    })
  })
  afterAll(() => ctx.close())

  type Found = {
    events: Array<{ action: string; recordId: string; actorId: string; reason: string | null; changes: unknown }>
  }

  it('rule 20: only audit roles can search the audit trail: by person, the events on her and on her crime', async () => {
    const auditor = await ctx.api('auditor')
    const response = await auditor.get(`/api/v1/audit-trail/search?person=${personId}`)
    expect(response.statusCode, response.body).toBe(200)
    const actions = response.json<Found>().events.map((e) => e.action)
    expect(actions).toEqual(expect.arrayContaining(['PERSON_CREATED', 'CRIME_VIEWED', 'CRIME_DISCLOSED']))
  })

  it('rule 20: only audit roles can search the audit trail: by user, and by user and record together', async () => {
    const auditor = await ctx.api('auditor')
    const byUser = (await auditor.get(`/api/v1/audit-trail/search?user=${officerId}`)).json<Found>()
    expect(byUser.events.length).toBeGreaterThanOrEqual(2)
    expect(byUser.events.every((e) => e.actorId === officerId)).toBe(true)

    const both = (
      await auditor.get(
        `/api/v1/audit-trail/search?user=${officerId}&record=${encodeURIComponent(reference)}&action=CRIME_DISCLOSED`,
      )
    ).json<Found>()
    expect(both.events).toEqual([
      expect.objectContaining({ recordId: crimeId, reason: 'Preparing a file or disclosure for the CPS' }),
    ])
  })

  it('rule 20: only audit roles can search the audit trail: a search with no terms is a 400 naming person, and the search is logged', async () => {
    const inspector = await ctx.api('inspector')
    const empty = await inspector.get('/api/v1/audit-trail/search')
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('person')
    await inspector.get(`/api/v1/audit-trail/search?record=${crimeId}`)
    const logged = await ctx.deps.services.auditTrail.search(ctx.force.system, {
      action: 'AUDIT_TRAIL_SEARCHED',
      limit: 10,
    })
    expect(logged[0]).toMatchObject({ changes: { record: crimeId } })
  })

  it('the Changes column names only the reader’s force’s people and users: another force’s id stays an id', async () => {
    const other = await ctx.newForce()
    const theirs = (await other.user('officer')).userId
    const ours = officerId
    // An event in this force naming the other force's user (as a stale or mistaken id would be): no name reaches it.
    const recordId = '0190a0b0-0000-7000-8000-00000000c0de'
    await ctx.deps.db.withForce(ctx.force.system.forceId, (tx) => {
      ctx.deps.services.auditTrail.record(tx, ctx.force.system, {
        action: 'RISK_UPDATED',
        recordType: 'risk',
        recordId,
        changes: { ownerUserId: { before: ours, after: theirs } },
      })
    })
    const list = await (await ctx.as('auditor')).get(`/audit-trail?recordId=${recordId}`)
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(`<li>Owner: from Test officer to ${theirs}</li>`)
  })

  it('rule 20: only audit roles can search the audit trail: others get 403 on the API and the page', async () => {
    for (const role of [
      'officer',
      'imu_decision_maker',
      'imu_supervisor',
      'victim_care_officer',
      'administrator',
    ] as const) {
      expect((await (await ctx.api(role)).get(`/api/v1/audit-trail/search?person=${personId}`)).statusCode).toBe(403)
      expect((await (await ctx.as(role)).get(`/audit-trail/search?person=${personId}`)).statusCode).toBe(403)
    }
    const page = await (await ctx.as('force_crime_registrar')).get(`/audit-trail/search?record=${reference}`)
    expect(page.statusCode).toBe(200)
    // The event in words, the record by its reference linking to it: not codes and ids.
    expect(page.body).toContain('Crime record disclosed')
    expect(page.body).not.toContain('CRIME_DISCLOSED')
    expect(page.body).toContain(`<a class="govuk-link" href="/crimes/${crimeId}">Crime ${reference}</a>`)
    expect(page.body).not.toContain(`crime ${crimeId}`)
    expect(page.body).toContain('Crown Prosecution Service')
    expect(page.body).toContain('<li>Allocated to: from Test officer to Test imu_supervisor</li>')
    const list = await (await ctx.as('auditor')).get(`/audit-trail?recordId=${crimeId}`)
    expect(list.body).toContain('Crime recorded')
    expect(list.body).toContain(`<a class="govuk-link" href="/crimes/${crimeId}">Crime ${reference}</a>`)
    expect(list.body).not.toContain(`crime ${crimeId}`)
    // What changed in words, by the crime's own labels; the change as recorded (field names and codes) kept beside it.
    expect(list.body).toContain('<li>Status: from Recorded – awaiting classification check to Awaiting allocation</li>')
    expect(list.body).toContain('<li>Direct report channel: 101 non-emergency call</li>')
    expect(list.body).toContain('<li>Domestic abuse: No</li>')
    expect(list.body).not.toContain('status: &quot;recorded&quot;')
    expect(list.body).toMatch(/<details class="govuk-details[^>]*>.*more details and the change as recorded/s)
    expect(list.body).toContain('&quot;status&quot;: {\n    &quot;after&quot;: &quot;awaiting_allocation&quot;')
    // The people, users and units the changes hold by id, by name; their ids kept in the change as recorded.
    expect(list.body).toContain('<li>Victim: Rita Searched</li>')
    expect(list.body).toContain('<li>Allocated to: Test officer</li>')
    expect(list.body).toContain('<li>Allocated unit: Northern investigation team</li>')
    expect(list.body).toContain('<li>Allocated to: from Test officer to Test imu_supervisor</li>')
    expect(list.body).not.toMatch(new RegExp(`<li>[^<]*${officerId}`))
    expect(list.body).toContain(`&quot;after&quot;: &quot;${personId}&quot;`)
    expect(list.body).toContain(`&quot;after&quot;: &quot;${officerId}&quot;`)
    // The API keeps the codes.
    const api = (await (await ctx.api('auditor')).get(`/api/v1/audit-events?recordId=${crimeId}`)).json<Found>()
    expect(api.events.map((event) => event.action)).toContain('CRIME_RECORDED')
    expect(api.events.find((event) => event.action === 'CLASSIFICATION_CONFIRMED')).toMatchObject({
      changes: { status: { before: 'recorded', after: 'awaiting_allocation' } },
    })
    expect(api.events.find((event) => event.action === 'CRIME_RECORDED')).toMatchObject({
      changes: { victimPersonId: { before: null, after: personId } },
    })
    const form = await (await ctx.as('auditor')).get('/audit-trail/search')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Search the audit trail')
  })
})
