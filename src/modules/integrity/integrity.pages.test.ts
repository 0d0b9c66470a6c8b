import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

describe('integrity pages and API', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('an auditor draws a sample from the form, records a verdict, and sees the rate with its interval', async () => {
    const force = await ctx.newForce()
    const operator = await force.user('control_room_operator')
    for (const minute of ['01', '02', '03']) {
      await ctx.deps.services.incidents.log(operator.actor, {
        channel: '999',
        receivedAt: `2026-11-25T10:${minute}:00Z`,
        openingCategory: 'crime-violence',
      })
    }
    const auditor = await ctx.as('auditor', force)
    expect((await auditor.get('/integrity/audits/new')).statusCode).toBe(200)
    const bad = await auditor.post('/integrity/audits', { title: '', population: 'incidents', design: 'simple' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('<a href="#title">Enter a title of up to 200 characters</a>')
    expect(bad.body).toContain('<a href="#periodFrom">')
    const drawn = await auditor.post('/integrity/audits', {
      title: 'Violence, 25 November',
      population: 'incidents',
      periodFrom: '2026-11-25',
      periodTo: '2026-11-25',
      design: 'simple',
      targetMargin: '10',
      expectedRate: '50',
      seed: '99',
    })
    expect(drawn.statusCode).toBe(303)
    const auditUrl = drawn.headers.location as string
    const page = await auditor.get(auditUrl)
    expect(page.body).toContain('seed 99')
    const itemUrl = /href="(\/integrity\/audits\/[^"]+\/items\/[^"]+)"/.exec(page.body)![1]!
    const missing = await auditor.post(itemUrl, { expectedVersion: '1', shouldHaveBeenCrimed: 'yes' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('<a href="#wasCrimed">Answer: was it recorded as a crime?</a>')
    const done = await auditor.post(itemUrl, { expectedVersion: '1', shouldHaveBeenCrimed: 'yes', wasCrimed: 'yes' })
    expect(done.statusCode).toBe(303)
    const results = await auditor.get(auditUrl)
    expect(results.body).toContain('Recording rate 100.0% ± ')
    expect(results.body).toMatch(/95% interval \d+\.\d% to 100\.0%/)

    const api = await ctx.api('auditor', force)
    const listed = await api.request('GET', '/api/v1/integrity/audits')
    expect(listed.statusCode).toBe(200)

    const inspector = await ctx.as('inspector', force)
    const report = await inspector.get('/integrity/report?from=2026-11-01&to=2026-11-26')
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('Violence, 25 November (2026-11-25 to 2026-11-25)')
    expect(report.body).toMatch(/Recording rate<\/td><td class="govuk-table__cell">100\.0% ± /)
    const csv = await inspector.get('/integrity/report.csv?from=2026-11-01&to=2026-11-26')
    expect(csv.headers['content-type']).toContain('text/csv')
    expect(csv.body.split('\n')[0]).toBe('section,measure,value,low_95,high_95,records')
    expect(csv.body).toContain('"audit: Violence, 25 November (2026-11-25 to 2026-11-25)",recording rate %,100.0,')
    const wrong = await inspector.get('/integrity/report?from=2026-11-31&to=2026-11-26')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('<a href="#from">Enter the first day of the period, as a real date</a>')
  })

  it('the API reads a narrative with the force’s model', async () => {
    const api = await ctx.api('imu_decision_maker')
    const response = await api.request('POST', '/api/v1/integrity/assess', {
      text: 'Unknown male punched the victim and stole his phone',
    })
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({ crimeIndicative: true, offenceGroup: 'robbery' })
    const invalid = await api.request('POST', '/api/v1/integrity/assess', { words: 'x' })
    expect(invalid.statusCode).toBe(400)
  })
})
