import { systemActor } from '../../platform/auth/actor.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, Forbidden, type ValidationFailed } from '../../platform/http/errors.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { addDays } from '../../platform/dates.ts'
import { CapacityRepository } from './capacity.repository.ts'
import { CapacityService } from './capacity.service.ts'
import type { CapacitySources } from './capacity.sources.ts'
import { steadyUnit } from '../../../test/support/capacity-sources.ts'
import { readForecastHistory } from './capacity.history.ts'
import { forecastHistory } from './capacity.history-forecast.ts'

/** Today in the test clock (Thursday 26 November 2026). */
const TODAY = '2026-11-26'

describe(CapacityService.name, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  const service = (sources: CapacitySources) =>
    new CapacityService(ctx.deps.db, new CapacityRepository(), ctx.deps.services.auditTrail, ctx.clock, sources)

  it('starts from the default settings, saves the force’s own, and refuses a stale save', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const capacity = service({})
    const defaults = await capacity.settings(supervisor)
    expect(defaults).toMatchObject({ workloadNorm: 60, historyWeeks: 12, version: 0 })
    expect(defaults.queues.find((q) => q.queue === 'awaiting_filing')).toEqual({
      queue: 'awaiting_filing',
      skill: 'filing',
      threshold: 1000,
    })

    const saved = await capacity.updateSettings(supervisor, {
      workloadNorm: '45',
      historyWeeks: 8,
      thresholds: { awaiting_filing: '1200', recorded: '' },
      skills: { awaiting_filing: 'filing', recorded: 'classification' },
      expectedVersion: 0,
    })
    expect(saved).toMatchObject({ workloadNorm: 45, historyWeeks: 8, version: 1, updatedByName: 'Test imu_supervisor' })
    expect(saved.queues.find((q) => q.queue === 'awaiting_filing')?.threshold).toBe(1200)
    expect(saved.queues.find((q) => q.queue === 'recorded')?.threshold).toBeNull()
    await expect(
      capacity.updateSettings(supervisor, {
        workloadNorm: 50,
        historyWeeks: 8,
        thresholds: {},
        skills: {},
        expectedVersion: 0,
      }),
    ).rejects.toBeInstanceOf(Conflict)
    const audit = await ctx.deps.services.auditTrail.search(systemActor(supervisor.forceId), {
      recordType: 'capacity-settings',
      limit: 10,
    })
    expect(audit.map((e) => e.action)).toEqual(['FORECAST_SETTINGS_CHANGED'])
  })

  it('takes the awaiting-filing threshold from the IMU dashboard when the queues own it, and never overwrites it', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const capacity = service({ awaitingFilingThreshold: () => Promise.resolve(1_675) })
    const settings = await capacity.settings(supervisor)
    expect(settings.queues.find((q) => q.queue === 'awaiting_filing')).toMatchObject({
      threshold: 1_675,
      thresholdSetOnDashboard: true,
    })
    const saved = await capacity.updateSettings(supervisor, {
      workloadNorm: 60,
      historyWeeks: 12,
      thresholds: { awaiting_filing: '5', recorded: '250' },
      skills: {},
      expectedVersion: 0,
    })
    expect(saved.queues.find((q) => q.queue === 'awaiting_filing')?.threshold).toBe(1_675)
    expect(saved.queues.find((q) => q.queue === 'recorded')?.threshold).toBe(250)
  })

  it('names every wrong setting and saves none of them', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const capacity = service({})
    const error = await capacity
      .updateSettings(supervisor, {
        workloadNorm: '-3',
        historyWeeks: 2,
        thresholds: { awaiting_filing: 'many' },
        skills: { recorded: 'Filing Team' },
        expectedVersion: 0,
      })
      .catch((e: unknown) => e)
    expect((error as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual([
      'workloadNorm',
      'historyWeeks',
      'skills.recorded',
      'thresholds.awaiting_filing',
    ])
    expect((await capacity.settings(supervisor)).version).toBe(0)
  })

  it('refuses a unit that is not in this force’s directory, naming unitId, and saves nothing', async () => {
    const force = await ctx.newForce()
    const other = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const directory = ctx.deps.services.directory
    const unit = {
      unitType: 'investigation_management' as const,
      function: 'Files crimes',
      location: 'HQ',
      hours: 'Office hours',
      contact: 'Extension 1',
      whatToSend: 'Crimes for filing',
      takesWork: [],
      active: true,
    }
    const imu = await directory.createUnit(supervisor, { ...unit, name: 'IMU' })
    const theirs = await directory.createUnit(other.system, { ...unit, name: 'Their IMU' })
    const capacity = service({ ...steadyUnit(), units: directory })
    const settings = (unitId: string) => ({
      workloadNorm: 60,
      historyWeeks: 12,
      unitId,
      thresholds: {},
      skills: {},
      expectedVersion: 0,
    })
    for (const unitId of ['0190d1a0-0000-7000-8000-000000000000', theirs.unitId]) {
      const error = await capacity.updateSettings(supervisor, settings(unitId)).catch((e: unknown) => e)
      expect((error as ValidationFailed).fieldErrors).toEqual([
        { field: 'unitId', message: 'Choose a unit from this force’s unit directory, or leave it blank' },
      ])
    }
    expect((await capacity.settings(supervisor)).version).toBe(0)
    // Without the directory connected, no unit can be checked, so none is taken.
    const unconnected = await service(steadyUnit())
      .updateSettings(supervisor, settings(imu.unitId))
      .catch((e: unknown) => e)
    expect((unconnected as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['unitId'])

    expect(await capacity.updateSettings(supervisor, settings(imu.unitId))).toMatchObject({ unitId: imu.unitId })
  })

  it('forecasts each queue from history and roster, with a breach date and the staff that would prevent it', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const capacity = service(steadyUnit())
    const steady = await capacity.forecast(supervisor)
    const filing = steady.queues.find((q) => q.setting.queue === 'awaiting_filing')!
    expect(steady.start).toBe(TODAY)
    expect(steady.sourceProblems).toEqual([])
    expect(filing.forecast).toMatchObject({ startBacklog: 900, breachDate: null, extraStaffDaysPerWeek: 0 })
    expect(steady.queues.find((q) => q.setting.queue === 'recorded')?.problem).toMatch(/Not enough history/)
    expect(steady.staff).toHaveLength(10)

    // "The two most experienced staff absent for three months": 64 filed a working day against 80 arriving, so
    // the backlog (900) passes 1,000 on the seventh working day.
    const { scenario, weeks } = await capacity.scenarioFrom(supervisor, { presets: ['experienced-absent'] })
    const absent = await capacity.forecast(supervisor, { scenario, weeks })
    const breached = absent.queues.find((q) => q.setting.queue === 'awaiting_filing')!.forecast!
    expect(absent.scenario).toEqual(['The 2 most experienced staff absent from 2026-11-26 to 2027-02-24'])
    expect(breached.breachDate).toBe('2026-12-04')
    // 80 a week short for 12 weeks with 100 of headroom: 860 to file, 72 a week; a staff-day files 8, so 9 —
    // but extra staff do not work Christmas Day, 28 December or New Year's Day: 57 working days, not 60, so 9.5.
    expect(breached.extraStaffDaysPerWeek).toBe(9.5)
  })

  it('starts a forecast from today at the live queue counts, the ones the queue pages show', async () => {
    const force = await ctx.newForce()
    const steady = steadyUnit()
    // Yesterday ended at 900; 37 more are waiting now.
    const live: CapacitySources = {
      ...steady,
      flows: {
        queueDays: async (actor, range) =>
          (await steady.flows.queueDays(actor, range)).map((d) => (d.date === TODAY ? { ...d, backlog: 937 } : d)),
      },
    }
    const report = await service(live).forecast((await force.user('imu_supervisor')).actor, { paths: 50 })
    expect(report.queues.find((q) => q.setting.queue === 'awaiting_filing')?.forecast?.startBacklog).toBe(937)
    const earlier = await service(live).forecast((await force.user('imu_supervisor')).actor, {
      start: addDays(TODAY, -7),
      paths: 50,
    })
    expect(earlier.queues.find((q) => q.setting.queue === 'awaiting_filing')?.forecast?.startBacklog).toBe(900)
  })

  it('says which records are not connected rather than pretending', async () => {
    const force = await ctx.newForce()
    const report = await service({}).forecast((await force.user('imu_supervisor')).actor)
    expect(report.sourceProblems).toHaveLength(2)
    expect(report.queues.every((q) => q.forecast === null)).toBe(true)
  })

  it('checks a scenario’s fields and names each wrong one', async () => {
    const force = await ctx.newForce()
    const capacity = service(steadyUnit())
    const error = await capacity
      .scenarioFrom((await force.user('imu_supervisor')).actor, {
        weeks: '40',
        absentMostExperienced: 'two',
        absentFrom: '2026-12-10',
        absentTo: '2026-12-01',
        absentStaffIds: ['not-one-of-ours'],
        joinerCount: '2',
        joinerProductivityPercent: '130',
        presets: ['everyone-leaves'],
      })
      .catch((e: unknown) => e)
    expect((error as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual([
      'weeks',
      'presets',
      'absentStaffIds',
      'absentTo',
      'absentMostExperienced',
      'joinerProductivityPercent',
    ])
  })

  it('backtests on its own history and reports the error', async () => {
    const force = await ctx.newForce()
    const report = await service(steadyUnit()).backtest((await force.user('imu_supervisor')).actor, { weeks: 4 })
    expect(report.cutoff).toBe(addDays(TODAY, -28))
    const filing = report.queues.find((q) => q.queue === 'awaiting_filing')!.result!
    expect(filing.points).toHaveLength(4)
    // A steady unit of 900 waiting: the middle of the simulated futures is within about 1% of what happened (each
    // future draws the pace within its drift, and the middle is that of a few hundred of them).
    expect(filing.meanAbsoluteError).toBeLessThan(10)
  })

  it('reads the indicators the risk register watches', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    // Two of ten away from today (on the staff records): the same breach as the scenario above.
    const capacity = service(steadyUnit({ absentFromToday: 2 }))
    expect(await capacity.breachDate(supervisor, TODAY, 'awaiting_filing')).toBe('2026-12-04')
    // About 950 waiting at the end of the first week over 8 full-time people: well over the norm of 60.
    expect(await capacity.workloadPerHead(supervisor, TODAY)).toBeGreaterThan(115)
    expect(await service(steadyUnit()).breachDate(supervisor, TODAY, 'awaiting_filing')).toBeNull()
    // The chance of passing the line within 8 weeks, as a percentage: near certain with two away. Without, a
    // unit 100 under its line with no headroom drifts over it by chance in about a quarter of futures: no warning.
    expect(await capacity.breachProbability(supervisor, TODAY, 'awaiting_filing')).toBeGreaterThan(99)
    const steady = await service(steadyUnit()).breachProbability(supervisor, TODAY, 'awaiting_filing')
    expect(steady).toBeGreaterThan(5)
    expect(steady).toBeLessThan(50)
  })

  it('exports its history to a file that forecasts as the page does from the same day', async () => {
    const force = await ctx.newForce()
    const supervisor = (await force.user('imu_supervisor')).actor
    const capacity = service(steadyUnit({ absentFromToday: 2 }))
    const exported = await capacity.exportHistory(supervisor, { asOf: TODAY, unit: 'Test IMU' })
    const history = readForecastHistory(JSON.stringify(exported))
    // 60 weeks of days before today, so last year's season is in it; the two away from today have no return date.
    expect(history.days).toHaveLength(420)
    expect(history.days.at(-1)?.date).toBe(addDays(TODAY, -1))
    expect(history.staff).toHaveLength(10)
    expect(history.staff.filter((s) => s.absences)).toEqual([
      { id: 's1', hoursPerWeek: 37.5, skills: [{ skill: 'filing', level: 3 }], absences: [{ from: TODAY, to: null }] },
      { id: 's2', hoursPerWeek: 37.5, skills: [{ skill: 'filing', level: 3 }], absences: [{ from: TODAY, to: null }] },
    ])
    const filing = (queues: Array<{ setting: { queue: string }; forecast: unknown }>) =>
      queues.find((q) => q.setting.queue === 'awaiting_filing')!.forecast as {
        startBacklog: number
        breachDate: string
        breachProbability: number
      }
    const fromFile = filing(forecastHistory(history, { asOf: TODAY, weeks: 12 }).queues)
    const onPage = filing((await capacity.forecast(supervisor)).queues)
    expect(fromFile.startBacklog).toBe(onPage.startBacklog)
    expect(fromFile.breachDate).toBe(onPage.breachDate)
    expect(fromFile.breachProbability).toBeGreaterThan(0.99)
    const audit = await ctx.deps.services.auditTrail.search(systemActor(supervisor.forceId), {
      recordType: 'capacity-settings',
      limit: 10,
    })
    expect(audit.map((e) => e.action)).toEqual(['FORECAST_HISTORY_EXPORTED'])
  })

  // The service is the last word on who may use it, whatever called it (a page, the API, the CLI).
  it.each([
    ['imu_supervisor', true, true],
    ['inspector', true, false],
    ['force_crime_registrar', true, false],
    ['imu_decision_maker', false, false],
    ['officer', false, false],
  ] as const)('as %s: sees the forecast %s, runs what-ifs and settings %s', async (role, view, run) => {
    const force = await ctx.newForce()
    const actor = (await force.user(role)).actor
    const capacity = service(steadyUnit())
    const outcome = (promise: Promise<unknown>) =>
      promise.then(
        () => true,
        (error: unknown) => (error instanceof Forbidden ? false : Promise.reject(error as Error)),
      )
    expect(await outcome(capacity.settings(actor))).toBe(view)
    expect(await outcome(capacity.forecast(actor, { paths: 20 }))).toBe(view)
    expect(await outcome(capacity.backtest(actor))).toBe(view)
    expect(await outcome(capacity.breachProbability(actor, TODAY, 'awaiting_filing'))).toBe(view)
    expect(await outcome(capacity.scenarioFrom(actor, { presets: ['experienced-absent'] }))).toBe(run)
    expect(await outcome(capacity.exportHistory(actor, { asOf: TODAY }))).toBe(run)
  })
})
