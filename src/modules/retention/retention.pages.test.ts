import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

// Crimes are recorded on 26 November 2026 (the test clock), then the clock moves seven years on, so they are due.
describe('retention review pages and API', () => {
  let ctx: TestContext
  const crimes: Array<{ crimeId: string; crimeReference: string }> = []
  beforeAll(async () => {
    ctx = await createTestContext()
    const operator = (await ctx.force.user('control_room_operator')).actor
    for (const familyName of ['Pagesqa', 'Pagesqb', 'Pagesqc']) {
      const { crime } = await ctx.deps.services.crimes.record(operator, {
        directReportChannel: 'front_counter',
        reportedAt: '2026-11-26T08:00:00Z',
        victim: { givenName: 'Amy', familyName, dateOfBirth: '1980-02-03' },
        offenceCode: '49',
        offenceFrom: '2026-11-25T20:00:00Z',
        acknowledgeDuplicates: true,
      })
      crimes.push(crime)
    }
    ctx.clock.set('2033-12-01T09:00:00Z')
    await ctx.deps.services.retention.scheduleAll(ctx.force.system)
  })
  afterAll(() => ctx.close())

  it('rule 21: shows the registrar the review queue, oldest first, with each review date', async () => {
    const registrar = await ctx.as('force_crime_registrar')
    const page = await registrar.get('/retention')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Retention review queue')
    expect(page.body).toContain(crimes[0]!.crimeReference)
    expect(page.body).toContain('26 November 2032')
    expect(page.body).not.toContain('Pagesqa')
  })

  it('rule 21: looks up any crime’s retention by its reference, and names the field when there is none', async () => {
    const inspector = await ctx.as('inspector')
    const found = await inspector.get(
      `/retention/lookup?reference=${encodeURIComponent(crimes[0]!.crimeReference.toLowerCase())}`,
    )
    expect(found.statusCode).toBe(303)
    expect(found.headers.location).toBe(`/retention/crime/${crimes[0]!.crimeId}`)
    const missing = await inspector.get('/retention/lookup?reference=NOPE%2F99%2F1')
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#reference"')
    expect(missing.body).toContain('There is no crime with the reference NOPE/99/1')
  })

  it('rule 21: the review form cannot complete without a decision, and says so naming the field', async () => {
    const auditor = await ctx.as('auditor')
    const url = `/retention/crime/${crimes[0]!.crimeId}`
    const page = await auditor.get(url)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Record the decision')
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]
    const response = await auditor.post(url, { version, reason: '' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain('href="#decision"')
    expect(response.body).toContain('Select whether to retain the record or dispose of it')
    const retainWithout = await auditor.post(url, {
      version,
      decision: 'retain',
      'nextReviewOn-day': '',
      'nextReviewOn-month': '',
      'nextReviewOn-year': '',
    })
    expect(retainWithout.statusCode).toBe(400)
    expect(retainWithout.body).toContain('href="#reason"')
    expect(retainWithout.body).toContain('href="#nextReviewOn-day"')
  })

  it('rule 21: retaining with a reason and a date completes the review (post/redirect/get)', async () => {
    const registrar = await ctx.as('force_crime_registrar')
    const url = `/retention/crime/${crimes[1]!.crimeId}`
    const page = await registrar.get(url)
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]
    const response = await registrar.post(url, {
      version,
      decision: 'retain',
      reason: 'Linked to an open series',
      'nextReviewOn-day': '1',
      'nextReviewOn-month': '12',
      'nextReviewOn-year': '2036',
    })
    expect(response.statusCode).toBe(303)
    const shown = await registrar.get(response.headers.location as string)
    expect(shown.body).toContain('Retained: next review on 1 December 2036')
    expect(shown.body).toContain('Linked to an open series')
  })

  it('rule 21: disposing through the form removes personal data and keeps the crime', async () => {
    const registrar = await ctx.as('force_crime_registrar')
    const url = `/retention/crime/${crimes[2]!.crimeId}`
    const page = await registrar.get(url)
    const version = /name="version" value="(\d+)"/.exec(page.body)![1]
    const response = await registrar.post(url, { version, decision: 'dispose', reason: 'No policing purpose' })
    expect(response.statusCode).toBe(303)
    const shown = await registrar.get(url)
    expect(shown.body).toContain('Disposed of')
    expect(shown.body).not.toContain('Record the decision')
  })

  it('denies the queue and the review to roles that do not review records', async () => {
    for (const role of ['officer', 'imu_decision_maker', 'control_room_operator', 'partner_reporter'] as const) {
      const agent = await ctx.as(role)
      expect((await agent.get('/retention')).statusCode).toBe(403)
      expect((await agent.post(`/retention/crime/${crimes[0]!.crimeId}`, { decision: 'dispose' })).statusCode).toBe(403)
    }
    const inspector = await ctx.as('inspector')
    const page = await inspector.get(`/retention/crime/${crimes[0]!.crimeId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Record the decision')
    expect((await inspector.post(`/retention/crime/${crimes[0]!.crimeId}`, { decision: 'dispose' })).statusCode).toBe(
      403,
    )
  })

  it('lets the administrator change a period, and re-shows the form naming the field when it is wrong', async () => {
    const admin = await ctx.as('administrator')
    expect((await admin.get('/retention')).statusCode).toBe(403)
    const page = await admin.get('/retention/schedules')
    expect(page.statusCode).toBe(200)
    const wrong = await admin.post('/retention/schedules/other_offence', { reviewAfterYears: 'six', version: '1' })
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('href="#other_offence-reviewAfterYears"')
    const changed = await admin.post('/retention/schedules/other_offence', { reviewAfterYears: '7', version: '1' })
    expect(changed.statusCode).toBe(303)
  })

  it('serves the queue, a record and a review decision as JSON to an auditor’s token, and refuses others', async () => {
    const auditor = await ctx.api('auditor')
    const queue = await auditor.get('/api/v1/retention/queue')
    expect(queue.statusCode).toBe(200)
    const body = queue.json<{ total: number; records: Array<{ recordId: string; nextReviewOn: string }> }>()
    expect(body.records[0]).toMatchObject({ recordId: crimes[0]!.crimeId, nextReviewOn: '2032-11-26' })

    const one = await auditor.get(`/api/v1/retention/crime/${crimes[0]!.crimeId}`)
    expect(one.statusCode).toBe(200)
    const { record } = one.json<{ record: { version: number; category: string } }>()
    expect(record.category).toBe('other_offence')

    const missing = await auditor.post(`/api/v1/retention/crime/${crimes[0]!.crimeId}/reviews`, {
      version: record.version,
    })
    expect(missing.statusCode).toBe(400)
    const noDecision = await auditor.post(`/api/v1/retention/crime/${crimes[0]!.crimeId}/reviews`, {
      decision: '',
      version: record.version,
    })
    expect(noDecision.statusCode).toBe(400)
    expect(noDecision.body).toContain('decision')
    const retained = await auditor.post(`/api/v1/retention/crime/${crimes[0]!.crimeId}/reviews`, {
      decision: 'retain',
      reason: 'Series still open',
      nextReviewOn: '2035-01-31',
      version: record.version,
    })
    expect(retained.statusCode).toBe(201)
    expect(retained.json()).toEqual({ decision: 'retain', nextReviewOn: '2035-01-31', disposal: null })

    const officer = await ctx.api('officer')
    expect((await officer.get('/api/v1/retention/queue')).statusCode).toBe(403)
    const inspector = await ctx.api('inspector')
    expect((await inspector.get('/api/v1/retention/queue')).statusCode).toBe(200)
    expect(
      (
        await inspector.post(`/api/v1/retention/crime/${crimes[0]!.crimeId}/reviews`, {
          decision: 'dispose',
          version: 1,
        })
      ).statusCode,
    ).toBe(403)
  })
})
