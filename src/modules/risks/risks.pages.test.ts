import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { checkMessage } from './risks.pages.ts'

describe('what a check asked for by hand says it found', () => {
  it.each([
    [0, 0, 'Indicators checked (7): nothing new crossed its trigger'],
    [1, 0, 'Indicators checked: 1 risk raised'],
    [2, 0, 'Indicators checked: 2 risks raised'],
    [0, 1, 'Indicators checked: 1 risk escalated'],
    [1, 3, 'Indicators checked: 1 risk raised and 3 risks escalated'],
  ])('%i raised and %i escalated: "%s"', (raised, escalated, message) => {
    const result = { checked: 7, raised: Array.from({ length: raised }), escalated: Array.from({ length: escalated }) }
    expect(checkMessage(result)).toBe(message)
  })
})

describe('risk register pages and API', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  const validForm = (ownerUserId: string) => ({
    title: 'Filing backlog',
    description: 'Crimes awaiting filing are rising',
    ownerUserId,
    likelihood: '3',
    impact: '4',
    mitigations: '',
    status: 'open',
    'reviewDate-day': '31',
    'reviewDate-month': '12',
    'reviewDate-year': '2026',
  })

  it('refuses likelihood 7 with an error naming the field, and stores nothing', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const agent = await ctx.as('imu_supervisor', force)
    expect((await agent.get('/risks/new')).statusCode).toBe(200)
    const response = await agent.post('/risks/new', { ...validForm(supervisor.userId), likelihood: '7' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain(
      '<a href="#likelihood">Likelihood must be a whole number from 1 (rare) to 5 (almost certain)</a>',
    )
    expect(await ctx.deps.services.risks.list(supervisor.actor, { includeClosed: true })).toEqual([])
  })

  it('links a review-date error to the day box and marks all three boxes', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const agent = await ctx.as('imu_supervisor', force)
    const response = await agent.post('/risks/new', {
      ...validForm(supervisor.userId),
      'reviewDate-day': '31',
      'reviewDate-month': '2',
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('<a href="#reviewDate-day">Review date must be a real date</a>')
    expect(response.body).not.toContain('href="#reviewDate"')
    for (const part of ['day', 'month', 'year']) {
      expect(response.body).toMatch(
        new RegExp(`class="govuk-input govuk-date-input__input [^"]*govuk-input--error"[^>]*id="reviewDate-${part}"`),
      )
    }
    expect(response.body).toContain('value="31"')

    const created = await agent.post('/risks/new', validForm(supervisor.userId))
    const location = created.headers.location as string
    const edit = await agent.post(`${location}/edit`, {
      ...validForm(supervisor.userId),
      'reviewDate-year': '',
      expectedVersion: '1',
    })
    expect(edit.statusCode).toBe(400)
    expect(edit.body).toContain('<a href="#reviewDate-day">Review date must be a real date</a>')
  })

  it('keeps what was typed into a watched indicator’s form when it is wrong, and links each error to its input', async () => {
    const force = await ctx.newForce()
    await force.user('imu_supervisor')
    await ctx.deps.services.risks.evaluateIndicators(force.system, '2026-11-26')
    const watch = (await ctx.deps.services.risks.watches(force.system)).find(
      (w) => w.indicatorKey === 'queues.awaiting-filing.size',
    )!
    const agent = await ctx.as('imu_supervisor', force)
    const response = await agent.post(`/risks/indicators/${watch.linkId}`, {
      kind: 'below',
      threshold: 'lots',
      expectedVersion: String(watch.version),
    })
    expect(response.statusCode).toBe(400)
    const id = `threshold-${watch.linkId}`
    expect(response.body).toContain(`<a href="#${id}">Enter the threshold as a number</a>`)
    expect(response.body).toContain(`id="${id}-error"`)
    expect(response.body).toMatch(
      new RegExp(
        `class="govuk-input govuk-input--width-5 govuk-input--error" id="${id}" name="threshold" type="text" value="lots"`,
      ),
    )
    // The card shows what was posted: "below", and switched off (the box was not ticked).
    expect(response.body).toMatch(
      new RegExp(`id="kind-${watch.linkId}" name="kind"[^>]*>[\\s\\S]*?<option value="below" selected>`),
    )
    expect(response.body).not.toMatch(
      new RegExp(`id="active-${watch.linkId}" name="active" type="checkbox" value="yes" checked`),
    )
    // Nothing was saved.
    expect((await ctx.deps.services.risks.watches(force.system)).find((w) => w.linkId === watch.linkId)).toMatchObject({
      trigger: { kind: 'above', threshold: 1000 },
      active: true,
    })

    const wrongKind = await agent.post(`/risks/indicators/${watch.linkId}`, {
      kind: 'within-weeks',
      weeks: '3',
      active: 'yes',
      expectedVersion: String(watch.version),
    })
    expect(wrongKind.statusCode).toBe(400)
    expect(wrongKind.body).toContain(
      `<a href="#kind-${watch.linkId}">For this indicator the trigger must be: above or below</a>`,
    )
    expect(wrongKind.body).toContain(`id="kind-${watch.linkId}-error"`)
  })

  it('records a risk, shows it with its history, and saves a change with a reason', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const agent = await ctx.as('imu_supervisor', force)
    const created = await agent.post('/risks/new', validForm(supervisor.userId))
    expect(created.statusCode).toBe(303)
    const location = created.headers.location as string
    const page = await agent.get(location)
    expect(page.body).toContain('Risk recorded: Filing backlog')
    expect(page.body).toContain('<h1 class="govuk-heading-l">Filing backlog</h1>')
    expect(page.body).toContain('12 ')
    expect(page.body).toContain('data-qa="risk-history"')

    const edit = await agent.get(`${location}/edit`)
    expect(edit.statusCode).toBe(200)
    const saved = await agent.post(`${location}/edit`, {
      ...validForm(supervisor.userId),
      likelihood: '5',
      expectedVersion: '1',
      reason: 'Two more staff off sick',
    })
    expect(saved.statusCode).toBe(303)
    const after = await agent.get(location)
    expect(after.body).toContain('Why: Two more staff off sick')
    expect(after.body).toContain('Likelihood: 3 → 5')
    const stale = await agent.post(`${location}/edit`, { ...validForm(supervisor.userId), expectedVersion: '1' })
    expect(stale.statusCode).toBe(409)
  })

  /** A force whose IMU has the standard skills and nobody in it: every skill has fewer than two available holders. */
  async function forceWithThinImu() {
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
    return force
  }

  async function riskAuditActions(force: TestForce) {
    const events = await ctx.deps.services.auditTrail.search(force.system, { limit: 200 })
    return events.map((event) => event.action).filter((action) => action.startsWith('RISK_'))
  }

  it('opening the register or the watched indicators changes nothing, whoever opens them', async () => {
    const force = await forceWithThinImu()
    const supervisor = await force.user('imu_supervisor')
    for (const role of ['inspector', 'imu_supervisor'] as const) {
      const agent = await ctx.as(role, force)
      const register = await agent.get('/risks')
      expect(register.statusCode).toBe(200)
      expect(register.body).toContain('The live indicators have not been checked yet')
      expect(register.body).not.toContain('Raised by Tally')
      const indicators = await agent.get('/risks/indicators')
      expect(indicators.statusCode).toBe(200)
      expect(indicators.body).toContain('No indicators are watched yet')
    }
    expect((await (await ctx.api('inspector', force)).get('/api/v1/risks/indicators')).json()).toEqual({
      lastCheck: null,
      indicators: [],
    })

    expect(await ctx.deps.services.risks.list(supervisor.actor, { includeClosed: true })).toEqual([])
    expect(await ctx.deps.services.risks.watches(supervisor.actor)).toEqual([])
    expect(await ctx.deps.services.risks.notificationsFor(supervisor.actor)).toEqual([])
    expect(await riskAuditActions(force)).toEqual([])
  })

  it('checks the indicators when a supervisor asks, raises a risk by itself and tells the owner; the register shows that check', async () => {
    const force = await forceWithThinImu()
    const supervisor = await force.user('imu_supervisor')
    const agent = await ctx.as('imu_supervisor', force)
    const before = await agent.get('/risks')
    expect(before.body).toContain('Check indicators now')

    const check = await agent.post('/risks/check', {})
    expect(check.statusCode).toBe(303)
    expect(check.headers.location).toBe('/risks')
    const register = await agent.get('/risks')
    expect(register.body).toContain('Indicators checked: 1 risk raised')
    expect(register.body).not.toContain('risk(s)')
    expect(register.body).toContain('Skills held by fewer than two available people')
    expect(register.body).toContain('Raised by Tally')
    expect(register.body).toContain('Tally raised a new risk: Skills held by fewer than two available people')
    expect(register.body).toMatch(
      /Live indicators last checked on <time datetime="2026-11-26T09:00:00.000Z">26 November 2026 at 9am<\/time> by Tally risk check for Test imu_supervisor\. \d+ watched indicators checked: 1 risk raised, 0 escalated, 0 back within their triggers\./,
    )

    // Opening it again raises nothing twice; neither does checking again.
    await agent.get('/risks')
    await agent.post('/risks/check', {})
    // The second check raised nothing, and the register says the notice still shown is from the first.
    const again = await agent.get('/risks')
    expect(again.body).toContain('Tally raised a new risk: Skills held by fewer than two available people')
    expect(again.body).toMatch(
      /watched indicators checked: 0 risks raised, 0 escalated, 0 back within their triggers\. The notice above is from an earlier check\./,
    )
    const [risk, ...others] = await ctx.deps.services.risks.list(supervisor.actor)
    expect(others.filter((r) => r.title === risk!.title)).toEqual([])
    expect(risk).toMatchObject({ raisedBy: 'indicator', ownerUserId: supervisor.userId })
    const { history } = await ctx.deps.services.risks.get(supervisor.actor, risk!.riskId)
    expect(history[0]).toMatchObject({ kind: 'raised', actorName: 'Tally risk check for Test imu_supervisor' })
    expect(history[0]!.reason).toMatch(
      /IMU skills with fewer than two available holders read \d+, above 0 \(checked 2026-11-26\)/,
    )

    const indicators = await agent.get('/risks/indicators')
    expect(indicators.body).toContain('IMU skills with fewer than two available holders')
    expect(indicators.body).toContain('Forecast date the awaiting-filing backlog passes its threshold')
    expect(indicators.body).toContain('Live indicators last checked on')
  })

  it('starts watching the default indicators at a force’s first check, recording each in the audit trail', async () => {
    const force = await forceWithThinImu()
    const api = await ctx.api('imu_supervisor', force)
    const first = await api.post('/api/v1/risks/check', {})
    expect(first.statusCode).toBe(200)
    const installed = first.json<{ installed: number; checkedAt: string }>()
    expect(installed.installed).toBeGreaterThan(0)
    expect(installed.checkedAt).toBe('2026-11-26T09:00:00.000Z')
    const watches = await ctx.deps.services.risks.watches(force.system)
    expect(watches).toHaveLength(installed.installed)
    const events = await ctx.deps.services.auditTrail.search(force.system, {
      action: 'RISK_WATCH_INSTALLED',
      limit: 100,
    })
    expect(events.map((event) => event.recordId).sort()).toEqual(watches.map((watch) => watch.linkId).sort())

    const second = await api.post('/api/v1/risks/check', {})
    expect(second.json<{ installed: number }>().installed).toBe(0)
    const listed = await api.get('/api/v1/risks/indicators')
    expect(listed.json<{ lastCheck: unknown }>().lastCheck).toMatchObject({
      requestedBy: 'Tally risk check for Test client imu_supervisor',
      installed: 0,
      raised: 0,
    })
  })

  it('lets an inspector read the register but not change it; an officer cannot see it', async () => {
    const force = await ctx.newForce()
    const inspector = await ctx.as('inspector', force)
    const page = await inspector.get('/risks')
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('Record a risk')
    expect(page.body).not.toContain('Check indicators now')
    expect((await inspector.get('/risks/indicators')).body).not.toContain('Check indicators now')
    expect((await inspector.get('/risks/new')).statusCode).toBe(403)
    expect((await inspector.post('/risks/check')).statusCode).toBe(403)
    expect((await (await ctx.as('officer', force)).get('/risks')).statusCode).toBe(403)
  })

  it('serves the register as JSON, refusing bad input by field', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const api = await ctx.api('imu_supervisor', force)
    const body = {
      title: 'Control room training',
      description: 'Recruits not released for training',
      ownerUserId: supervisor.userId,
      likelihood: 7,
      impact: 3,
      reviewDate: '2027-01-31',
    }
    const bad = await api.post('/api/v1/risks', body)
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: unknown }>().errors).toEqual([
      { field: 'likelihood', message: 'Likelihood must be a whole number from 1 (rare) to 5 (almost certain)' },
    ])
    const created = await api.post('/api/v1/risks', { ...body, likelihood: 2 })
    expect(created.statusCode).toBe(201)
    const { riskId } = created.json<{ riskId: string }>()
    const detail = await api.get(`/api/v1/risks/${riskId}`)
    expect(detail.json<{ risk: unknown }>().risk).toMatchObject({ score: 6, rating: 'medium', version: 1 })
    const update = await api.request('PUT', `/api/v1/risks/${riskId}`, { ...body, likelihood: 4, expectedVersion: 1 })
    expect(update.statusCode).toBe(204)
    const stale = await api.request('PUT', `/api/v1/risks/${riskId}`, { ...body, likelihood: 4, expectedVersion: 1 })
    expect(stale.statusCode).toBe(409)
    const check = await api.post('/api/v1/risks/check', {})
    expect(check.statusCode).toBe(200)
    expect((await api.get('/api/v1/risks')).json<{ risks: unknown[] }>().risks).toHaveLength(1)
    expect((await api.get('/api/v1/risks/indicators')).statusCode).toBe(200)
  })
})
