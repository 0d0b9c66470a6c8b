import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

/**
 * Rule 20 (DPA 2018 s.62): exporting a queue is a disclosure of the crimes and their victims' markers, so it asks
 * why first, on the page and in the API, and keeps the reason with the export in the audit trail.
 */
describe('rule 20: an export needs a justification', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
    const dm = (await ctx.force.user('imu_decision_maker')).actor
    const now = ctx.clock.now()
    await ctx.deps.services.crimes.record(dm, {
      directReportChannel: '101',
      reportedAt: new Date(now.getTime() - 7_200_000),
      offenceCode: '49',
      offenceFrom: new Date(now.getTime() - 10_800_000),
      domesticAbuse: true,
    })
  })
  afterAll(() => ctx.close())

  const exports = async () =>
    (await ctx.deps.services.auditTrail.search(ctx.force.system, { action: 'QUEUE_EXPORTED', limit: 50 })).reverse()

  it('rule 20: an export needs a justification: the page asks why before the spreadsheet, and keeps the reason', async () => {
    const agent = await ctx.as('imu_decision_maker')
    const question = await agent.get('/queues/classification-check/export.csv?flags=domesticAbuse')
    expect(question.statusCode).toBe(200)
    expect(question.headers['content-type']).toContain('text/html')
    expect(question.body).toContain('Why are you exporting this list?')
    expect(question.body).toContain('name="flags" value="domesticAbuse"')
    expect(question.body).not.toContain('govuk-error-summary')
    expect(await exports()).toHaveLength(0)

    const wrong = await agent.get('/queues/classification-check/export.csv?justification=Because')
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('href="#justification"')
    expect(await exports()).toHaveLength(0)

    const file = await agent.get(
      '/queues/classification-check/export.csv?flags=domesticAbuse&justification=other&justificationText=Weekly+domestic+abuse+review+meeting',
    )
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toContain('text/csv')
    expect(file.body.trim().split('\n')).toHaveLength(2)
    const [event] = await exports()
    expect(event).toMatchObject({
      reason: 'Weekly domestic abuse review meeting',
      recordId: 'classification-check',
      changes: { rows: 1 },
    })
  })

  it('rule 20: an export needs a justification: the API refuses one without, naming the field, and records one with', async () => {
    const api = await ctx.api('imu_supervisor')
    const before = (await exports()).length
    const refused = await api.get('/api/v1/queues/classification-check/export')
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('justification')
    expect(await exports()).toHaveLength(before)

    const file = await api.get(
      '/api/v1/queues/classification-check/export?justification=Crime+data+integrity+audit+or+quality+check',
    )
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toContain('text/csv')
    expect(file.body).toMatch(/^Reference,Queue,Status/)
    const events = await exports()
    expect(events).toHaveLength(before + 1)
    expect(events.at(-1)).toMatchObject({ reason: 'Crime data integrity audit or quality check', actorType: 'token' })
  })

  it('rule 20: roles that cannot read the queues cannot export them, with or without a reason', async () => {
    const query = '?justification=Investigating+this+crime'
    expect(
      (await (await ctx.api('auditor')).get(`/api/v1/queues/classification-check/export${query}`)).statusCode,
    ).toBe(403)
    expect(
      (await (await ctx.as('control_room_operator')).get(`/queues/classification-check/export.csv${query}`)).statusCode,
    ).toBe(403)
  })
})
