import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

// The test clock stands at Thursday 26 November 2026, 09:00.
describe('victim-care pages and API', () => {
  let ctx: TestContext
  let careId: string
  let crimeId: string
  beforeAll(async () => {
    ctx = await createTestContext()
    const operator = (await ctx.force.user('control_room_operator')).actor
    const { crime } = await ctx.deps.services.crimes.record(operator, {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-19T10:00:00Z',
      victim: { givenName: 'Rita', familyName: 'Overdue', dateOfBirth: '1970-01-01' },
      offenceCode: '49',
      offenceFrom: '2026-11-19T09:00:00Z',
    })
    crimeId = crime.crimeId
    const careOfficer = (await ctx.force.user('victim_care_officer')).actor
    careId = (await ctx.deps.services.victims.careIdForCrime(careOfficer, crimeId))!
  })
  afterAll(() => ctx.close())

  it('shows a victim-care officer overdue tasks, and the crime’s care page with its tasks', async () => {
    const vco = await ctx.as('victim_care_officer')
    const list = await vco.get('/victim-care')
    expect(list.statusCode).toBe(200)
    // Reported Thursday 19 November: the referral (2 working days) was due Monday 23rd.
    expect(list.body).toContain('Right 4: referral to victim support')
    expect(list.body).toContain('Overdue')
    const care = await vco.get(`/victim-care/${careId}`)
    expect(care.statusCode).toBe(200)
    expect(care.body).toContain('Record a contact')
    const byCrime = await vco.get(`/victim-care/crimes/${crimeId}`)
    expect(byCrime.statusCode).toBe(303)
    expect(byCrime.headers.location).toBe(`/victim-care/${careId}`)
  })

  it('records a contact from the form and closes the task; bad input names the field and stores nothing', async () => {
    const vco = await ctx.as('victim_care_officer')
    const view = await ctx.deps.services.victims.view((await ctx.force.user('victim_care_officer')).actor, careId)
    const right3 = view.tasks.find((task) => task.kind === 'right3_information')!
    const form = {
      'contactedAt-day': '18',
      'contactedAt-month': '11',
      'contactedAt-year': '2026',
      'contactedAt-hour': '10',
      'contactedAt-minute': '00',
      method: 'phone',
      summary: 'Gave the crime reference and explained what happens next',
      taskIds: right3.taskId,
    }
    const bad = await vco.post(`/victim-care/${careId}/contacts`, form)
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('The contact cannot be before the crime was reported')
    expect(bad.body).toContain('href="#contactedAt-day"')
    expect(await ctx.force.rowCount('victim_contact')).toBe(0)
    const good = await vco.post(`/victim-care/${careId}/contacts`, {
      ...form,
      'contactedAt-day': '26',
      'contactedAt-hour': '08',
    })
    expect(good.statusCode).toBe(303)
    const after = await vco.get(`/victim-care/${careId}`)
    expect(after.body).toContain('Contact recorded: 1 task closed')
    expect(after.body).toContain('Gave the crime reference')
  })

  it('lets only those who manage victim care change it', async () => {
    const inspector = await ctx.as('inspector')
    expect((await inspector.get(`/victim-care/${careId}`)).statusCode).toBe(200)
    expect((await inspector.get(`/victim-care/${careId}/vps`)).statusCode).toBe(403)
    expect((await inspector.post(`/victim-care/${careId}/contacts`, {})).statusCode).toBe(403)
    const partner = await ctx.as('partner_reporter')
    expect((await partner.get('/victim-care')).statusCode).toBe(403)
  })

  it('saves enhanced rights, VPS and a contact plan through their forms', async () => {
    const vco = await ctx.as('victim_care_officer')
    expect(
      (await vco.post(`/victim-care/${careId}/enhanced-rights`, { grounds: 'vulnerable', reason: '' })).body,
    ).toContain('Enter the reason for the change to enhanced rights')
    expect(
      (
        await vco.post(`/victim-care/${careId}/enhanced-rights`, {
          grounds: 'vulnerable',
          reason: 'Learning disability',
        })
      ).statusCode,
    ).toBe(303)
    expect(
      (await vco.post(`/victim-care/${careId}/contact-plan`, { updateEveryDays: '14', preferredMethod: 'email' }))
        .statusCode,
    ).toBe(303)
    expect(
      (await vco.post(`/victim-care/${careId}/decision`, { kind: 'arrest', occurredOn: '2026-11-25', details: '' }))
        .statusCode,
    ).toBe(303)
    const page = await vco.get(`/victim-care/${careId}`)
    expect(page.body).toContain('Yes: Vulnerable (set by hand: Learning disability)')
    expect(page.body).toContain('Every 14 days by email')
    expect(page.body).toContain('Suspect arrested')
  })

  it('serves the queue, counts and a victim’s care as JSON, with problems naming the field', async () => {
    const api = await ctx.api('victim_care_officer')
    const overdue = await api.get('/api/v1/victim-care/tasks?view=overdue')
    expect(overdue.statusCode).toBe(200)
    expect(overdue.json<{ tasks: Array<{ kind: string }> }>().tasks.map((t) => t.kind)).toContain('support_referral')
    const counts = (await api.get('/api/v1/victim-care/counts')).json<{ total: { overdue: number } }>()
    expect(counts.total.overdue).toBeGreaterThan(0)
    const care = (await api.get(`/api/v1/victim-care/crimes/${crimeId}`)).json<{
      careId: string
      compliance: { compliant: boolean }
    }>()
    expect(care.careId).toBe(careId)
    expect(care.compliance.compliant).toBe(false)
    const bad = await api.post(`/api/v1/victim-care/${careId}/contacts`, {
      contactedAt: '2026-11-27T09:00:00Z',
      method: 'pigeon',
      summary: '',
      taskIds: [],
    })
    expect(bad.statusCode).toBe(400)
    const fields = (bad.json<{ errors?: Array<{ field: string }> }>().errors ?? []).map((e) => e.field)
    expect(fields).toEqual(['contactedAt', 'method', 'summary'])
  })

  it('shows the crime’s Victims’ Code compliance at the IMU quality check, and the counts on the IMU dashboard', async () => {
    const dm = await ctx.as('imu_decision_maker')
    const item = await dm.get(`/queues/classification-check/items/${crimeId}`)
    expect(item.statusCode).toBe(200)
    expect(item.body).toContain('data-qa="victims-code-compliance"')
    expect(item.body).toMatch(
      /Not compliant\s*<\/strong>\s*From the victim’s tasks: 1 done on time, 0 done late, [1-9]\d* overdue/,
    )
    const dashboard = await dm.get('/dashboard')
    expect(dashboard.body).toMatch(/Victim care: <strong>[1-9]\d*<\/strong> Victims’ Code tasks overdue/)
  })
})
