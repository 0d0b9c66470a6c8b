import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildApp, type TallyApp } from '../../app.ts'
import type { Role } from '../../platform/auth/roles.ts'
import { Agent, ApiClient, createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { CapacityRepository } from './capacity.repository.ts'
import { CapacityService } from './capacity.service.ts'
import { steadyUnit } from '../../../test/support/capacity-sources.ts'

describe('capacity forecast pages and API', () => {
  let ctx: TestContext
  let app: TallyApp
  beforeAll(async () => {
    ctx = await createTestContext()
    const capacity = new CapacityService(
      ctx.deps.db,
      new CapacityRepository(),
      ctx.deps.services.auditTrail,
      ctx.clock,
      { ...steadyUnit({ absentFromToday: 2 }), units: ctx.deps.services.directory },
    )
    app = await buildApp({ ...ctx.deps, services: { ...ctx.deps.services, capacity } })
  })
  afterAll(async () => {
    await app.close()
    await ctx.close()
  })

  async function as(role: Role): Promise<Agent> {
    const user = await ctx.force.user(role)
    const cookie = await ctx.deps.identities.createSession(ctx.force.forceId, user.userId, ctx.clock.now(), 12)
    return Agent.signedIn(app, cookie)
  }

  it('shows a supervisor each queue’s forecast with its breach date, chart, data table and extra staff-days', async () => {
    const page = await (await as('imu_supervisor')).get('/forecast')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('<h1 class="govuk-heading-l">Capacity forecast</h1>')
    expect(page.body).toContain(
      'Awaiting filing: 100% chance of passing its threshold of 1,000 within 8 weeks (the central forecast passes it on 4 December 2026)',
    )
    // The chance is in the summary table, and the page says in words why the queue is forecast to rise.
    expect(page.body).toMatch(
      /data-qa="breach-probability-awaiting_filing">\s*<strong class="govuk-tag govuk-tag--red">\s*100%/,
    )
    expect(page.body).toContain('Why awaiting filing is forecast to rise')
    expect(page.body).toMatch(/Staff-hours with the filing skill: about 300 a week ahead, down 20% on the 375 hours/)
    expect(page.body).toMatch(/<figure class="tally-chart[^"]*" id="forecast-awaiting_filing"/)
    expect(page.body).toMatch(
      /<svg[^>]* role="img" aria-label="Awaiting filing: 900 now; forecast [\d,]+ by 17 February 2027/,
    )
    expect(page.body).toContain('Show data')
    expect(page.body).toContain('Above norm')
    // The page, chart included, needs no inline style, nor any script but the layout's own (strict CSP).
    expect(page.body).not.toMatch(/\sstyle="|<style|<script(?![^>]*(src|nonce)=)/)
    expect(page.body).toContain('data-qa="scenario-form"')
  })

  it('runs a what-if from the scenario form and says what it assumed', async () => {
    const agent = await as('imu_supervisor')
    const page = await agent.get(
      '/forecast/scenario?weeks=8&joinerCount=2&joinerProductivityPercent=30&joinerRampWeeks=8&absentStaffIds=s5',
    )
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('2 new staff from 2026-11-26 at 30% productivity for 8 weeks')
    expect(page.body).toContain('1 named staff absent from 2026-11-26 to 2027-02-24')
    expect(page.body).toContain('(8 weeks)')
  })

  it('names each wrong scenario field in an error summary and runs nothing with it', async () => {
    const page = await (
      await as('imu_supervisor')
    ).get(
      '/forecast/scenario?joinerCount=2&joinerProductivityPercent=130&absentTo-day=31&absentTo-month=2&absentTo-year=2027&absentMostExperienced=2',
    )
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('There is a problem')
    expect(page.body).toContain('href="#joinerProductivityPercent"')
    expect(page.body).toContain('Productivity while learning must be a whole number from 0 to 100')
    // A date's error links to its day box, and marks all three boxes.
    expect(page.body).toContain('href="#absentTo-day"')
    expect(page.body).not.toContain('href="#absentTo"')
    expect(page.body).toMatch(
      /class="govuk-input govuk-date-input__input [^"]*govuk-input--error"[^>]*id="absentTo-year"/,
    )
    expect(page.body).not.toMatch(/govuk-input--error"[^>]*id="absentFrom-day"/)
    expect(page.body).not.toContain('data-qa="scenario"')
  })

  it('lets an inspector read the forecast but not run what-ifs; an officer sees none of it', async () => {
    const inspector = await as('inspector')
    const page = await inspector.get('/forecast')
    expect(page.statusCode).toBe(200)
    expect(page.body).not.toContain('data-qa="scenario-form"')
    expect((await inspector.get('/forecast/scenario?weeks=4')).statusCode).toBe(403)
    expect((await (await as('officer')).get('/forecast')).statusCode).toBe(403)
  })

  it('saves the forecast settings, or names the wrong field and saves nothing', async () => {
    const agent = await as('imu_supervisor')
    const form = await agent.get('/forecast/settings')
    expect(form.statusCode).toBe(200)
    const bad = await agent.post('/forecast/settings', {
      workloadNorm: '0',
      historyWeeks: '12',
      expectedVersion: '0',
      'thresholds.awaiting_filing': '1200',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#workloadNorm"')
    const wrongUnit = await agent.post('/forecast/settings', {
      workloadNorm: '50',
      historyWeeks: '12',
      unitId: '0190d1a0-0000-7000-8000-000000000000',
      expectedVersion: '0',
    })
    expect(wrongUnit.statusCode).toBe(400)
    expect(wrongUnit.body).toContain(
      '<a href="#unitId">Choose a unit from this force’s unit directory, or leave it blank</a>',
    )
    const good = await agent.post('/forecast/settings', {
      workloadNorm: '50',
      historyWeeks: '12',
      expectedVersion: '0',
      'thresholds.awaiting_filing': '1200',
      'skills.awaiting_filing': 'filing',
    })
    expect(good.statusCode).toBe(303)
    expect((await agent.get('/forecast')).body).toContain(
      'chance of passing its threshold of 1,200 within 8 weeks (the central forecast passes it on 22 December 2026)',
    )

    const below = await agent.post('/forecast/settings', {
      workloadNorm: '50',
      historyWeeks: '12',
      expectedVersion: '1',
      'thresholds.awaiting_filing': '800',
      'skills.awaiting_filing': 'filing',
    })
    expect(below.statusCode).toBe(303)
    expect((await agent.get('/forecast')).body).toMatch(
      /Awaiting filing: already over its threshold of 800\. Extra staff-days that would bring it back under by 17 February 2027: [\d.]+ a week\./,
    )
    const back = await agent.post('/forecast/settings', {
      workloadNorm: '50',
      historyWeeks: '12',
      expectedVersion: '2',
      'thresholds.awaiting_filing': '1200',
      'skills.awaiting_filing': 'filing',
    })
    expect(back.statusCode).toBe(303)
  })

  it('serves the forecast, what-ifs and backtest as JSON', async () => {
    const { token } = await ctx.deps.services.accounts.createToken(ctx.force.system, {
      name: 'Forecast client',
      role: 'imu_supervisor',
    })
    const api = new ApiClient(app, token)
    const forecast = await api.get('/api/v1/forecast?weeks=4')
    expect(forecast.statusCode).toBe(200)
    type Forecast = { queues: Array<{ queue: string; forecast: { weeks: unknown[]; breachDate: string | null } }> }
    const filing = forecast.json<Forecast>().queues.find((q) => q.queue === 'awaiting_filing')
    expect(filing?.forecast.weeks).toHaveLength(4)
    expect(filing?.forecast.breachDate).toMatch(/^2026-12-/)

    const bad = await api.post('/api/v1/forecast/scenarios', { weeks: 40 })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: unknown }>().errors).toEqual([
      { field: 'weeks', message: 'Weeks to forecast must be a whole number from 1 to 26' },
    ])
    const whatIf = await api.post('/api/v1/forecast/scenarios', { presets: ['new-untrained'] })
    expect(whatIf.statusCode).toBe(200)
    expect(whatIf.json<{ scenario: string[] }>().scenario).toHaveLength(1)

    const backtest = await api.get('/api/v1/forecast/backtest?weeks=4')
    expect(backtest.statusCode).toBe(200)
    expect(
      backtest
        .json<{ queues: Array<{ queue: string; points: unknown[] }> }>()
        .queues.find((q) => q.queue === 'awaiting_filing')?.points,
    ).toHaveLength(4)
  })
})
