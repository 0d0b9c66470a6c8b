import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type Agent, type TestContext } from '../../../test/support/test-context.ts'

const location = (response: { headers: Record<string, unknown> }) => String(response.headers.location)

describe('partner pages', () => {
  let ctx: TestContext
  let partner: Agent
  let organisationId: string

  beforeAll(async () => {
    ctx = await createTestContext()
    const admin = await ctx.as('administrator')
    const created = await admin.post('/admin/partners/new', {
      name: 'St Anne’s School',
      kind: 'school',
      contact: 'DSL 01604 000111',
    })
    expect(created.statusCode).toBe(303)
    organisationId = location(created).split('/').at(-1)!
    const user = await ctx.force.user('partner_reporter')
    const page = await admin.get(`/admin/partners/${organisationId}`)
    expect(page.body).toContain(user.username)
    const added = await admin.post(`/admin/partners/${organisationId}/members`, { memberId: user.userId })
    expect(added.statusCode).toBe(303)
    expect((await admin.get(`/admin/partners/${organisationId}`)).body).toContain('data-qa="partner-members"')
    partner = await ctx.as('partner_reporter')
  })
  afterAll(() => ctx.close())

  it('names every problem when adding an organisation, and stores nothing', async () => {
    const admin = await ctx.as('administrator')
    const before = await ctx.force.rowCount('partner_organisation')
    const response = await admin.post('/admin/partners/new', { name: '', kind: '', contact: '' })
    expect(response.statusCode).toBe(400)
    for (const href of ['#name', '#kind', '#contact']) {
      expect(response.body).toContain(`href="${href}"`)
    }
    expect(await ctx.force.rowCount('partner_organisation')).toBe(before)
  })

  it('walks a partner through the question pages to a reference, refusing a report without consent on the way', async () => {
    const started = await partner.post('/partner-reports/drafts')
    expect(started.statusCode).toBe(303)
    const base = location(started).replace(/\/what$/, '')
    expect((await partner.get(`${base}/what`)).body).toContain('What happened?')

    const blank = await partner.post(`${base}/what`, { kind: '', whatHappened: '' })
    expect(blank.statusCode).toBe(400)
    expect(blank.body).toContain('href="#kind"')
    expect(blank.body).toContain('href="#whatHappened"')

    const steps: Array<[string, Record<string, string>]> = [
      ['what', { kind: 'theft', whatHappened: 'A pupil’s phone was taken from the cloakroom.' }],
      [
        'when',
        {
          'happenedAt-day': '25',
          'happenedAt-month': '11',
          'happenedAt-year': '2026',
          'happenedAt-hour': '10',
          'happenedAt-minute': '15',
        },
      ],
      ['where', { address: 'St Anne’s School, Mill Lane', postcode: 'NN1 1AA' }],
      ['victim', { anonymous: 'no', victimGivenName: 'Lily', victimFamilyName: 'Morgan' }],
    ]
    for (const [step, form] of steps) {
      const saved = await partner.post(`${base}/${step}`, form)
      expect(saved.statusCode, step).toBe(303)
    }
    const noConsent = await partner.post(`${base}/consent`, { consentToShare: 'no', wantsPoliceContact: 'yes' })
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.body).toContain('href="#consentToShare"')
    const consent = await partner.post(`${base}/consent`, {
      consentToShare: 'yes',
      wantsPoliceContact: 'yes',
      partnerReference: 'SA-1',
    })
    expect(location(consent)).toBe(`${base}/check`)
    const check = await partner.get(`${base}/check`)
    expect(check.body).toContain('Check your answers before sending your report')
    expect(check.body).toContain('Lily Morgan')
    expect(check.body).toContain(`${base}/victim`)

    const before = await ctx.force.rowCount('incident')
    const sent = await partner.post(`${base}/check`)
    expect(sent.statusCode).toBe(303)
    const confirmation = await partner.get(location(sent))
    const reference = /data-qa="acknowledgement-reference">(TPR-[A-Z0-9-]+)</.exec(confirmation.body)?.[1]
    expect(reference).toMatch(/^TPR-/)
    expect(await ctx.force.rowCount('incident')).toBe(before + 1)
    // The draft is gone once sent.
    expect((await partner.get(`${base}/check`)).statusCode).toBe(404)
    const list = await partner.get('/partner-reports')
    expect(list.body).toContain(reference!)
    expect(list.body).toContain('Received: the police are assessing it')
  })

  it('lets the IMU triage a report on its page, and tells the partner', async () => {
    const triager = await ctx.as('imu_decision_maker')
    const queue = await triager.get('/partner-reports/triage')
    const reportId = /href="\/partner-reports\/triage\/([0-9a-f-]{36})"/.exec(queue.body)![1]!
    const page = await triager.get(`/partner-reports/triage/${reportId}`)
    expect(page.body).toContain('Record a crime from this report')
    const missing = await triager.post(`/partner-reports/triage/${reportId}/decision`, {
      decision: 'passed_to_agency',
      expectedVersion: '1',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#agency"')
    expect(missing.body).toContain('href="#rationale"')
    const decided = await triager.post(`/partner-reports/triage/${reportId}/decision`, {
      decision: 'passed_to_agency',
      agency: 'Children’s social care',
      rationale: 'Safeguarding concern at home',
      expectedVersion: '1',
    })
    expect(decided.statusCode).toBe(303)
    const seen = await partner.get(`/partner-reports/${reportId}`)
    expect(seen.body).toContain('Passed to another agency (Children’s social care)')
    expect(seen.body).not.toContain('Safeguarding concern at home')
    const home = await partner.get('/')
    expect(home.body).toContain('data-qa="unread-notifications"')
    const notifications = await partner.get('/notifications')
    expect(notifications.body).toContain('Passed to another agency')
    const id = /action="\/notifications\/([0-9a-f-]{36})\/read"/.exec(notifications.body)![1]!
    expect((await partner.post(`/notifications/${id}/read`)).statusCode).toBe(303)
    expect((await partner.get('/')).body).not.toContain('data-qa="unread-notifications"')
  })

  it('shows a partner with no organisation why it cannot report', async () => {
    const loose = await ctx.as('partner_reporter', await ctx.newForce())
    const page = await loose.get('/partner-reports')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('not linked to an open partner organisation')
    expect(page.body).not.toContain('data-qa="new-report"')
    expect((await loose.post('/partner-reports/drafts')).statusCode).toBe(409)
  })
})
