import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

const location = (response: { headers: Record<string, unknown> }) => String(response.headers.location)

describe('incident pages', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  const form = {
    channel: '999',
    'receivedAt-day': '26',
    'receivedAt-month': '11',
    'receivedAt-year': '2026',
    'receivedAt-hour': '08',
    'receivedAt-minute': '30',
    openingCategory: 'crime-theft',
    address: '12 Market Square, Northampton',
    postcode: 'NN1 2DL',
    reportingGivenName: 'Amy',
    reportingFamilyName: 'Jones',
    narrative: 'Bag taken from a café table.\n\nCaller saw a man run off.',
  }

  it('logs an incident from the form and shows it, with the decision due and the routing panel', async () => {
    const operator = await ctx.as('control_room_operator')
    const blank = await operator.get('/incidents/new')
    expect(blank.statusCode).toBe(200)
    // The form starts at the time now (the test clock: 26 November 2026, 09:00 GMT).
    expect(blank.body).toContain('value="26"')
    expect(blank.body).toContain('value="09"')
    const created = await operator.post('/incidents/new', form)
    expect(created.statusCode).toBe(303)
    const page = await operator.get(location(created))
    expect(page.statusCode).toBe(200)
    expect(page.body).toMatch(/Incident 261126-\d{4} logged/)
    expect(page.body).toContain('Recording decision due by 27 November 2026 at 8:30am')
    expect(page.body).toContain('Caller saw a man run off.')
    expect(page.body).toContain('12 Market Square, Northampton, NN1 2DL')
    expect(page.body).toContain('Record a crime')
    expect(page.body).toContain('No crime to record')
  })

  it('re-renders the form with every problem named and linked', async () => {
    const operator = await ctx.as('control_room_operator')
    const response = await operator.post('/incidents/new', {
      ...form,
      channel: '',
      'receivedAt-day': '31',
      'receivedAt-month': '02',
      openingCategory: '',
      reportingFamilyName: '',
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    // A date input's error links to its first box, and every box shows the error.
    for (const href of ['#receivedAt-day', '#channel', '#openingCategory', '#reportingPerson.familyName']) {
      expect(response.body).toContain(`href="${href}"`)
    }
    expect(response.body).toMatch(
      /id="receivedAt-day"[^>]*govuk-input--error|govuk-input--error[^>]*id="receivedAt-day"/,
    )
    expect(response.body).toContain('id="receivedAt-error"')
    expect(response.body).toContain('>Bag taken from a café table.')
  })

  it('issue 16: lists the decisions due by their deadline, late ones first, each with its clock', async () => {
    const operator = await ctx.force.user('control_room_operator')
    const now = ctx.clock.now().getTime()
    const received = async (hoursAgo: number, reference: string) =>
      (
        await ctx.deps.services.incidents.intake(operator.actor, {
          sourceSystem: 'STORM',
          sourceReference: reference,
          channel: '999',
          receivedAt: new Date(now - hoursAgo * 3_600_000),
          openingCategory: 'crime-theft',
        })
      ).incident.incidentNumber
    // Logged in this order, so "newest first" would put the late one last.
    const late = await received(27, 'clock-late')
    const soon = await received(19, 'clock-soon')
    const fresh = await received(2, 'clock-fresh')

    const list = await (await ctx.as('control_room_operator')).get('/incidents?view=decision-due')
    expect(list.statusCode).toBe(200)
    const at = (number: string) => list.body.indexOf(number)
    expect(at(late)).toBeGreaterThan(-1)
    expect(at(late)).toBeLessThan(at(soon))
    expect(at(soon)).toBeLessThan(at(fresh))
    const rowOf = (number: string) => list.body.slice(at(number), list.body.indexOf('</tr>', at(number)))
    expect(rowOf(late)).toContain('govuk-tag--red">Late</strong>')
    expect(rowOf(late)).toContain('3 hours late')
    expect(rowOf(soon)).toContain('Due in 5 hours')
    expect(rowOf(soon)).not.toContain('govuk-tag--red')
    expect(rowOf(fresh)).toContain('Due in 22 hours')
    expect(list.body).toContain('>Decision due</th>')
  })

  it('lists incidents awaiting a recording decision, and closes one only with a decision (rule 4)', async () => {
    const operator = await ctx.as('control_room_operator')
    const created = await operator.post('/incidents/new', form)
    const incidentPath = location(created)
    const incidentId = incidentPath.split('/').at(-1)!
    const list = await operator.get('/incidents')
    expect(list.body).toContain('Recording decision due')
    expect(list.body).toContain(`/incidents/${incidentId}`)

    const closeForm = await operator.get(`${incidentPath}/close`)
    expect(closeForm.body).toContain('This incident is crime-related')
    const refused = await operator.post(`${incidentPath}/close`, {
      expectedVersion: '1',
      closingCategory: 'crime-theft',
      closingRationale: 'Advice given',
    })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('record why no crime was recorded, before closing it<')

    const decisionForm = await operator.get(`${incidentPath}/no-crime`)
    expect(decisionForm.statusCode).toBe(200)
    const missing = await operator.post(`${incidentPath}/no-crime`, { expectedVersion: '1' })
    expect(missing.statusCode).toBe(400)
    for (const href of ['#reason', '#rationale', '#victimInformed']) {
      expect(missing.body).toContain(`href="${href}"`)
    }
    const decided = await operator.post(`${incidentPath}/no-crime`, {
      expectedVersion: '1',
      reason: 'credible_evidence_to_contrary',
      rationale: 'The bag was found under the table',
      victimInformed: 'yes',
    })
    expect(decided.statusCode).toBe(303)
    const closed = await operator.post(`${incidentPath}/close`, {
      expectedVersion: '2',
      closingCategory: 'lost-found-property',
      closingRationale: 'Found',
    })
    expect(closed.statusCode).toBe(303)
    const page = await operator.get(incidentPath)
    expect(page.body).toContain('Closed')
    expect(page.body).toContain('Reopen incident')
    const reopen = await operator.post(`${incidentPath}/reopen`, { expectedVersion: '3', reason: 'Caller rang back' })
    expect(reopen.statusCode).toBe(303)
  })

  it('updates an incident, and shows a clear conflict for a stale copy', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentPath = location(await operator.post('/incidents/new', form))
    const edit = await operator.get(`${incidentPath}/edit`)
    expect(edit.statusCode).toBe(200)
    const saved = await operator.post(`${incidentPath}/edit`, {
      expectedVersion: '1',
      narrative: 'Updated narrative',
      qualifiers: ['domestic-abuse'],
    })
    expect(saved.statusCode).toBe(303)
    const stale = await operator.post(`${incidentPath}/edit`, { expectedVersion: '1', narrative: 'Old copy' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('changed by someone else')
  })

  it('shows incidents to readers but not the forms to change them', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentPath = location(await operator.post('/incidents/new', form))
    const inspector = await ctx.as('inspector')
    const page = await inspector.get(incidentPath)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Record a crime')
    expect((await inspector.get('/incidents/new')).statusCode).toBe(403)
  })

  it('labels every column of the people table, for screen readers too', async () => {
    const operator = await ctx.as('control_room_operator')
    const page = await operator.get(location(await operator.post('/incidents/new', form)))
    expect(page.body).toContain('Amy Jones')
    expect(page.body).not.toMatch(/<th[^>]*>\s*<\/th>/)
    expect(page.body).toContain('<span class="govuk-visually-hidden">Person record</span>')
  })

  it('answers a malformed "older" cursor with a 400, not a database error', async () => {
    const operator = await ctx.as('control_room_operator')
    for (const before of ['abc_def', '1700000000000_not-a-uuid', '99999999999999999999_0190']) {
      expect((await operator.get(`/incidents?before=${before}`)).statusCode, before).toBe(400)
    }
    const list = await operator.get('/incidents?view=all&before=1800000000000_01900000-0000-7000-8000-000000000000')
    expect(list.statusCode).toBe(200)
  })

  it('rule 20: records a view whenever the narrative is read, and not for forms that do not show it', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentPath = location(await operator.post('/incidents/new', form))
    const incidentId = incidentPath.split('/').at(-1)!
    const views = async () =>
      (
        await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
          ctx.deps.services.auditTrail.forRecord(tx, 'incident', incidentId),
        )
      ).filter((event) => event.action === 'INCIDENT_VIEWED').length
    expect(await views()).toBe(0)
    await operator.get(`${incidentPath}/edit`)
    expect(await views()).toBe(1)
    await operator.get(`${incidentPath}/close`)
    await operator.get(`${incidentPath}/no-crime`)
    expect(await views()).toBe(1)
    const api = await ctx.api('control_room_operator')
    expect((await api.get(`/api/v1/incidents/${incidentId}`)).statusCode).toBe(200)
    expect(await views()).toBe(2)
  })
})
