import { routes, type Router } from '../../platform/http/routes.ts'
import { FORECAST_QUEUE_LABELS } from './capacity.rules.ts'
import {
  BacktestQuery,
  BacktestResponse,
  ForecastQuery,
  ForecastResponse,
  ScenarioBody,
  SettingsBody,
  SettingsResponse,
} from './capacity.schemas.ts'
import type { CapacityService, CapacitySettings, ForecastReport } from './capacity.service.ts'

const round1 = (n: number) => Math.round(n * 10) / 10

function forecastJson(report: ForecastReport) {
  return {
    start: report.start,
    end: report.end,
    weeks: report.weeks,
    scenario: report.scenario,
    sourceProblems: report.sourceProblems,
    queues: report.queues.map(({ setting, forecast, problem }) => ({
      queue: setting.queue,
      label: FORECAST_QUEUE_LABELS[setting.queue],
      setting,
      problem,
      forecast: forecast && {
        startBacklog: forecast.startBacklog,
        breachDate: forecast.breachDate,
        earliestBreachDate: forecast.earliestBreachDate,
        alreadyOverThreshold: forecast.alreadyOverThreshold,
        breachProbability: forecast.breachProbability,
        warningWeeks: forecast.warningWeeks,
        extraStaffDaysPerWeek: forecast.extraStaffDaysPerWeek,
        weeks: forecast.weeks.map((w) => ({
          ...w,
          central: round1(w.central),
          low: round1(w.low),
          high: round1(w.high),
          expectedArrivals: round1(w.expectedArrivals),
          expectedCompletions: round1(w.expectedCompletions),
        })),
      },
    })),
    welfare: report.welfare.map((w) => ({
      weekCommencing: w.weekCommencing,
      openItems: round1(w.workload.openItems),
      fte: round1(w.workload.fte),
      perHead: w.workload.perHead === null ? null : round1(w.workload.perHead),
      norm: w.workload.norm,
      overNorm: w.workload.overNorm,
    })),
  }
}

function settingsJson(settings: CapacitySettings) {
  return {
    workloadNorm: settings.workloadNorm,
    historyWeeks: settings.historyWeeks,
    unitId: settings.unitId,
    queues: settings.queues,
    version: settings.version,
  }
}

/** The capacity forecast as JSON. Mounted at /api/v1/forecast. */
export function capacityApi(capacity: CapacityService) {
  return routes((app) => {
    forecastRoutes(app, capacity)
    settingsRoutes(app, capacity)
  })
}

/** The forecast, a what-if and the backtest. */
function forecastRoutes(app: Router, capacity: CapacityService) {
  app.get(
    '/',
    {
      config: { permission: 'forecast.view' },
      schema: {
        tags: ['capacity'],
        summary: 'Forecast every IMU queue under the planned absences',
        querystring: ForecastQuery,
        response: { 200: ForecastResponse },
      },
    },
    async (request) => forecastJson(await capacity.forecast(request.actor, { weeks: request.query.weeks ?? 12 })),
  )

  app.post(
    '/scenarios',
    {
      config: { permission: 'forecast.run' },
      schema: {
        tags: ['capacity'],
        summary: 'Forecast under a what-if: staff absent, new staff learning (nothing is stored)',
        body: ScenarioBody,
        response: { 200: ForecastResponse },
      },
    },
    async (request) => {
      const { weeks, scenario } = await capacity.scenarioFrom(request.actor, request.body)
      return forecastJson(await capacity.forecast(request.actor, { weeks, scenario }))
    },
  )

  app.get(
    '/backtest',
    {
      config: { permission: 'forecast.view' },
      schema: {
        tags: ['capacity'],
        summary: 'Forecast error on the force’s own history',
        description:
          'The forecast this API serves, made `weeks` weeks ago from the history before then and given the staff-hours actually worked since, against the backlogs that followed: mean absolute error in crimes and mean absolute percentage error, by queue.',
        querystring: BacktestQuery,
        response: { 200: BacktestResponse },
      },
    },
    async (request) => {
      const report = await capacity.backtest(request.actor, { weeks: request.query.weeks ?? 4 })
      return {
        cutoff: report.cutoff,
        weeks: report.weeks,
        queues: report.queues.map((q) => ({
          queue: q.queue,
          label: q.label,
          meanAbsoluteError: q.result ? round1(q.result.meanAbsoluteError) : null,
          meanAbsolutePercentageError:
            q.result?.meanAbsolutePercentageError === null || q.result === null
              ? null
              : round1(q.result.meanAbsolutePercentageError),
          points: q.result?.points.map((p) => ({ ...p, forecast: round1(p.forecast) })) ?? [],
        })),
      }
    },
  )
}

/** The forecast's settings, read and changed. */
function settingsRoutes(app: Router, capacity: CapacityService) {
  app.get(
    '/settings',
    {
      config: { permission: 'forecast.view' },
      schema: { tags: ['capacity'], summary: 'The force’s forecast settings', response: { 200: SettingsResponse } },
    },
    async (request) => settingsJson(await capacity.settings(request.actor)),
  )

  app.put(
    '/settings',
    {
      config: { permission: 'forecast.run' },
      schema: {
        tags: ['capacity'],
        summary: 'Change the force’s forecast settings (thresholds, skills, workload norm)',
        body: SettingsBody,
        response: { 200: SettingsResponse },
      },
    },
    async (request) => {
      const { queues, ...rest } = request.body
      const thresholds: Record<string, number | null> = {}
      const skills: Record<string, string | null> = {}
      for (const q of queues) {
        thresholds[q.queue] = q.threshold
        skills[q.queue] = q.skill
      }
      return settingsJson(await capacity.updateSettings(request.actor, { ...rest, thresholds, skills }))
    },
  )
}
