import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseApiToken } from '../../platform/auth/identity-store.ts'
import { createTestContext, type ApiClient, type TestContext } from '../../../test/support/test-context.ts'

describe('third-party reports through the API', () => {
  let ctx: TestContext
  let school: string
  let other: string
  let partnerSystem: ApiClient
  let otherSystem: ApiClient
  let admin: ApiClient

  const body = (overrides: Record<string, unknown> = {}) => ({
    organisationId: school,
    partnerReference: 'CASE-0001',
    kind: 'violence',
    whatHappened: 'A pupil was punched by an older pupil at the bus stop.',
    happenedAt: '2026-11-25T15:30:00Z',
    address: 'Bus stop outside St Anne’s School',
    anonymous: false,
    victim: { givenName: 'Noah', familyName: 'Clarke', dateOfBirth: '2014-02-03' },
    consentToShare: true,
    wantsPoliceContact: false,
    ...overrides,
  })

  beforeAll(async () => {
    ctx = await createTestContext()
    admin = await ctx.api('administrator')
    const created = await admin.post('/api/v1/partner-organisations', {
      name: 'St Anne’s School',
      kind: 'school',
      contact: 'DSL',
    })
    expect(created.statusCode).toBe(201)
    school = created.json<{ organisationId: string }>().organisationId
    other = (
      await admin.post('/api/v1/partner-organisations', { name: 'Hope Charity', kind: 'charity', contact: 'Office' })
    ).json<{
      organisationId: string
    }>().organisationId
    partnerSystem = await ctx.api('partner_reporter')
    otherSystem = await ctx.api('partner_reporter')
    for (const [organisationId, client] of [
      [school, partnerSystem],
      [other, otherSystem],
    ] as const) {
      const linked = await admin.post(`/api/v1/partner-organisations/${organisationId}/members`, {
        memberId: parseApiToken(client.token)!.tokenId,
      })
      expect(linked.statusCode).toBe(204)
    }
  })
  afterAll(() => ctx.close())

  it('lists an organisation’s members for the administrator, and refuses an unknown kind by field', async () => {
    const shown = await admin.get(`/api/v1/partner-organisations/${school}`)
    expect(shown.json<{ members: Array<{ memberType: string }> }>().members).toEqual([
      expect.objectContaining({ memberType: 'token' }),
    ])
    const bad = await admin.post('/api/v1/partner-organisations', { name: 'X', kind: 'pub', contact: 'y' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual(['kind'])
  })

  it('creates a report (201), returns it again for the same body (200), and 409s a different body on the same reference', async () => {
    const first = await partnerSystem.post('/api/v1/partner-reports', body())
    expect(first.statusCode).toBe(201)
    const receipt = first.json<{
      reportId: string
      acknowledgementReference: string
      status: string
      outcome: string
    }>()
    expect(receipt.acknowledgementReference).toMatch(/^TPR-/)
    expect(receipt.outcome).toBe('Received: the police are assessing it')
    const again = await partnerSystem.post('/api/v1/partner-reports', body())
    expect(again.statusCode).toBe(200)
    expect(again.json()).toEqual(receipt)
    const clash = await partnerSystem.post('/api/v1/partner-reports', body({ wantsPoliceContact: true }))
    expect(clash.statusCode).toBe(409)
    expect(clash.headers['content-type']).toContain('application/problem+json')
    const listed = await partnerSystem.get('/api/v1/partner-reports')
    expect(listed.json<{ reports: unknown[] }>().reports).toEqual([receipt])
  })

  it('names the field of a report without consent or for an unknown partner, and stores nothing', async () => {
    const before = await ctx.force.rowCount('partner_report')
    const noConsent = await partnerSystem.post(
      '/api/v1/partner-reports',
      body({ partnerReference: 'CASE-2', consentToShare: false }),
    )
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual([
      'consentToShare',
    ])
    const missing = await partnerSystem.post('/api/v1/partner-reports', {
      ...body({ partnerReference: 'CASE-3' }),
      consentToShare: undefined,
    })
    expect(missing.statusCode).toBe(400)
    expect(JSON.stringify(missing.json())).toContain('consentToShare')
    const unknown = await partnerSystem.post(
      '/api/v1/partner-reports',
      body({ partnerReference: 'CASE-4', organisationId: other }),
    )
    expect(unknown.statusCode).toBe(400)
    expect(unknown.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual(['organisationId'])
    expect(await ctx.force.rowCount('partner_report')).toBe(before)
  })

  it('lets another organisation’s system see none of it: its ids are 404s', async () => {
    const mine = (await partnerSystem.post('/api/v1/partner-reports', body({ partnerReference: 'CASE-5' }))).json<{
      reportId: string
    }>()
    expect((await partnerSystem.get(`/api/v1/partner-reports/${mine.reportId}`)).statusCode).toBe(200)
    expect((await otherSystem.get(`/api/v1/partner-reports/${mine.reportId}`)).statusCode).toBe(404)
    expect((await otherSystem.get('/api/v1/partner-reports')).json<{ reports: unknown[] }>().reports).toEqual([])
  })

  it('lets the IMU triage over the API and the partner read the outcome', async () => {
    const mine = (await partnerSystem.post('/api/v1/partner-reports', body({ partnerReference: 'CASE-6' }))).json<{
      reportId: string
    }>()
    const imu = await ctx.api('imu_decision_maker')
    const queue = await imu.get('/api/v1/partner-reports/triage')
    expect(queue.json<{ reports: Array<{ reportId: string }> }>().reports.map((r) => r.reportId)).toContain(
      mine.reportId,
    )
    const decided = await imu.post(`/api/v1/partner-reports/${mine.reportId}/decision`, {
      decision: 'closed',
      rationale: 'Dealt with by the school under its behaviour policy; the victim’s parents agree.',
      expectedVersion: 1,
    })
    expect(decided.statusCode).toBe(204)
    const seen = await partnerSystem.get(`/api/v1/partner-reports/${mine.reportId}`)
    expect(seen.json<{ status: string; outcome: string }>()).toMatchObject({
      status: 'closed',
      outcome: 'Closed: no further police action',
    })
    expect(seen.body).not.toContain('behaviour policy')
    // The partner's token cannot triage, and the IMU's cannot report as a partner.
    expect(
      (
        await partnerSystem.post(`/api/v1/partner-reports/${mine.reportId}/decision`, {
          decision: 'closed',
          expectedVersion: 2,
        })
      ).statusCode,
    ).toBe(403)
    expect((await imu.post('/api/v1/partner-reports', body({ partnerReference: 'CASE-7' }))).statusCode).toBe(403)
  })
})
