import type { Actor } from '../../platform/auth/actor.ts'
import { asList, handleForm, linkDateInputs, submitForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { bandChartSpec, renderChart } from '../../platform/views/charts.ts'
import { formatDate, formatNumber } from '../../platform/views/format.ts'
import { dateInputItems, datePartsOf } from '../../platform/views/govuk.ts'
import { PERCENTAGE_FLOOR } from './capacity.engine.ts'
import { explain, formatProbability, trend } from './capacity.explain.ts'
import { FORECAST_QUEUE_LABELS, FORECAST_QUEUES } from './capacity.rules.ts'
import { SCENARIO_PRESETS, type ScenarioInput } from './capacity.scenarios.ts'
import { ScenarioQuery, SettingsForm } from './capacity.schemas.ts'
import type { BacktestReport, CapacityService, CapacitySettings, ForecastReport } from './capacity.service.ts'

export interface CapacityPagesOptions {
  capacity: CapacityService
  /** The force's units, for "which unit works the queues" (the directory). */
  units?: (actor: Actor) => Promise<ReadonlyArray<{ unitId: string; name: string }>>
  /** The force's skills, for "which skill works each queue" (the staff records). */
  skills?: (actor: Actor) => Promise<ReadonlyArray<{ skillCode: string; label: string }>>
}

const round = (n: number) => Math.round(n)

/** A GOV.UK date input's three fields as 'YYYY-MM-DD'; '' when all are blank; something invalid when half-filled. */
function dateFrom(query: Record<string, string | string[] | undefined>, name: string): string {
  const part = (suffix: string) => {
    const value = query[`${name}-${suffix}`]
    return (Array.isArray(value) ? value[0] : value)?.trim() ?? ''
  }
  const [day, month, year] = [part('day'), part('month'), part('year')]
  if (day === '' && month === '' && year === '') {
    return ''
  }
  return `${year.padStart(4, '0')}-${month.padStart(2, '0')}-${day.padStart(2, '0')}`
}

function scenarioInput(query: ScenarioQuery): ScenarioInput {
  const q = query as Record<string, string | string[] | undefined>
  return {
    weeks: query.weeks,
    presets: asList(query.presets),
    absentMostExperienced: query.absentMostExperienced,
    absentStaffIds: asList(query.absentStaffIds),
    absentFrom: dateFrom(q, 'absentFrom'),
    absentTo: dateFrom(q, 'absentTo'),
    joinerCount: query.joinerCount,
    joinerProductivityPercent: query.joinerProductivityPercent,
    joinerRampWeeks: query.joinerRampWeeks,
    joinerFrom: dateFrom(q, 'joinerFrom'),
    joinerHoursPerDay: query.joinerHoursPerDay,
  }
}

/** The scenario form's date inputs: each is three boxes, and an error on the date marks all three. */
const SCENARIO_DATES = ['absentFrom', 'absentTo', 'joinerFrom'] as const

type QueueForecastEntry = ForecastReport['queues'][number]
type QueueForecast = NonNullable<QueueForecastEntry['forecast']>

/** A queue's forecast chart: the central line in its likely band, the threshold, and the weekly table behind it. */
function forecastChart(
  report: ForecastReport,
  label: string,
  threshold: number | null,
  forecast: QueueForecast,
  summary: string,
  queue: string,
) {
  return renderChart({
    id: `forecast-${queue}`,
    caption: `${label}: forecast backlog for ${report.weeks} weeks`,
    summary,
    spec: bandChartSpec({
      points: forecast.days.map((d) => ({ date: d.date, central: d.central, low: d.low, high: d.high })),
      yTitle: 'Crimes in the queue',
      references: threshold === null ? [] : [{ value: threshold, label: `Threshold ${formatNumber(threshold)}` }],
    }),
    table: {
      head: ['Week ending', 'Forecast', 'Likely low', 'Likely high', 'Expected in', 'Expected out'],
      rows: forecast.weeks.map((w) => [
        formatDate(w.weekEnding),
        round(w.central),
        round(w.low),
        round(w.high),
        round(w.expectedArrivals),
        round(w.expectedCompletions),
      ]),
    },
  })
}

/** A queue's row in the summary table, and its warning when it is likely to pass its threshold. */
function forecastRow(
  label: string,
  setting: QueueForecastEntry['setting'],
  forecast: QueueForecast,
  probability: string,
  likely: boolean,
) {
  const threshold = setting.threshold
  const last = forecast.weeks.at(-1)
  return {
    probability: threshold === null ? '—' : probability,
    likely,
    now: formatNumber(forecast.startBacklog),
    end: `${formatNumber(round(last?.central ?? 0))} (${formatNumber(round(last?.low ?? 0))}–${formatNumber(round(last?.high ?? 0))})`,
    threshold: threshold === null ? 'None' : formatNumber(threshold),
    breach: forecast.breachDate ? formatDate(forecast.breachDate) : threshold === null ? '—' : 'Not in this forecast',
    earliest: forecast.earliestBreachDate ? formatDate(forecast.earliestBreachDate) : '—',
    breaches: forecast.breachDate !== null,
    warning: forecast.alreadyOverThreshold
      ? `${label}: already over its threshold of ${formatNumber(threshold)}. Extra staff-days that would bring it back under by ${formatDate(last?.weekEnding)}:`
      : `${label}: ${probability} chance of passing its threshold of ${formatNumber(threshold)} within ${forecast.warningWeeks} weeks${forecast.breachDate ? ` (the central forecast passes it on ${formatDate(forecast.breachDate)})` : ''}. Extra staff-days that would keep the average under it:`,
    extra:
      forecast.extraStaffDaysPerWeek === null
        ? setting.skill === null
          ? 'Worked outside the unit'
          : '—'
        : forecast.extraStaffDaysPerWeek === 0
          ? 'None needed'
          : `${formatNumber(forecast.extraStaffDaysPerWeek)} a week`,
  }
}

/** How far the backtest's forecasts were from what happened. */
function backtestView(error: BacktestReport['queues'][number]['result'] | undefined) {
  return error
    ? {
        mae: formatNumber(round(error.meanAbsoluteError)),
        mape:
          error.meanAbsolutePercentageError === null
            ? '—'
            : `${formatNumber(Math.round(error.meanAbsolutePercentageError * 10) / 10)}%`,
      }
    : null
}

/** What the forecast page shows: a summary row, chart and weekly table per queue, and the welfare indicator. */
async function forecastModel(report: ForecastReport, backtest: BacktestReport | undefined) {
  const queues = await Promise.all(
    report.queues.map(async ({ setting, forecast, problem }) => {
      const label = FORECAST_QUEUE_LABELS[setting.queue]
      if (!forecast) {
        return { queue: setting.queue, label, problem, chart: null, summary: null }
      }
      const last = forecast.weeks.at(-1)
      const threshold = setting.threshold
      const breach = forecast.breachDate
        ? forecast.alreadyOverThreshold
          ? `Already over its threshold of ${formatNumber(threshold)}`
          : `Passes its threshold of ${formatNumber(threshold)} on ${formatDate(forecast.breachDate)}`
        : threshold === null
          ? 'No threshold set'
          : `Stays under its threshold of ${formatNumber(threshold)}`
      const probability = formatProbability(forecast.breachProbability)
      const likely = forecast.alreadyOverThreshold || (forecast.breachProbability ?? 0) > 0.5
      const chance =
        threshold === null ? '' : ` Chance of passing it within ${forecast.warningWeeks} weeks: ${probability}.`
      const summary =
        `${label}: ${formatNumber(forecast.startBacklog)} now; forecast ${formatNumber(round(last?.central ?? 0))} by ` +
        `${formatDate(last?.weekEnding)} (likely between ${formatNumber(round(last?.low ?? 0))} and ` +
        `${formatNumber(round(last?.high ?? 0))}). ${breach}.${chance}`
      const chart = await forecastChart(report, label, threshold, forecast, summary, setting.queue)
      const error = backtest?.queues.find((q) => q.queue === setting.queue)?.result
      return {
        queue: setting.queue,
        label,
        problem: null,
        chart,
        summary,
        direction: trend(forecast),
        reasons: explain(forecast),
        row: forecastRow(label, setting, forecast, probability, likely),
        backtest: backtestView(error),
      }
    }),
  )
  return {
    start: formatDate(report.start),
    end: formatDate(report.end),
    weeks: report.weeks,
    scenario: report.scenario,
    sourceProblems: report.sourceProblems,
    queues,
    breaches: queues.filter((q) => q.row?.likely),
    welfare: report.welfare.map((w) => ({
      week: formatDate(w.weekCommencing),
      openItems: formatNumber(round(w.workload.openItems)),
      fte: formatNumber(Math.round(w.workload.fte * 10) / 10),
      perHead: w.workload.perHead === null ? '—' : formatNumber(Math.round(w.workload.perHead)),
      overNorm: w.workload.overNorm,
    })),
    norm: formatNumber(report.settings.workloadNorm),
    backtestWeeks: backtest?.weeks,
    percentageFloor: PERCENTAGE_FLOOR,
    backtestCutoff: backtest ? formatDate(backtest.cutoff) : undefined,
  }
}

function scenarioFormModel(report: ForecastReport, query: ScenarioQuery, fieldErrors: Record<string, unknown> = {}) {
  const chosen = asList(query.absentStaffIds)
  const presets = asList(query.presets)
  return {
    values: query,
    presetItems: Object.entries(SCENARIO_PRESETS).map(([value, preset]) => ({
      value,
      text: preset.label,
      checked: presets.includes(value),
    })),
    staffItems: report.staff.map((person) => ({
      value: person.staffId,
      text: person.name,
      checked: chosen.includes(person.staffId),
    })),
    dates: Object.fromEntries(
      SCENARIO_DATES.map((name) => [name, dateInputItems(name, datePartsOf(query, name), name in fieldErrors)]),
    ),
  }
}

function settingsModel(settings: CapacitySettings, values?: Record<string, string>) {
  return {
    settings,
    values: values ?? {
      workloadNorm: String(settings.workloadNorm),
      historyWeeks: String(settings.historyWeeks),
      unitId: settings.unitId ?? '',
      ...Object.fromEntries(
        settings.queues.flatMap((q) => [
          [`thresholds.${q.queue}`, q.threshold === null ? '' : String(q.threshold)],
          [`skills.${q.queue}`, q.skill ?? ''],
        ]),
      ),
    },
    queues: FORECAST_QUEUES.map((queue) => {
      const setting = settings.queues.find((q) => q.queue === queue)
      return {
        queue,
        label: FORECAST_QUEUE_LABELS[queue],
        threshold: setting?.threshold,
        thresholdSetOnDashboard: setting?.thresholdSetOnDashboard,
      }
    }),
    expectedVersion: settings.version,
  }
}

/**
 * The capacity forecast for supervisors: the baseline forecast (forecast.view), a what-if scenario form and
 * the forecast settings (forecast.run). Mounted at /forecast.
 */
export function capacityPages(options: CapacityPagesOptions) {
  return routes((app) => {
    forecastRoutes(app, options)
    settingsRoutes(app, options)
  })
}

/** The units and skills the settings form offers (from the directory and staff modules, when given). */
async function settingsChoices(options: CapacityPagesOptions, actor: Actor) {
  const [units, skills] = await Promise.all([
    options.units?.(actor) ?? Promise.resolve(undefined),
    options.skills?.(actor) ?? Promise.resolve(undefined),
  ])
  return {
    unitItems: units
      ? [
          { value: '', text: 'Everyone holding a skill that works a queue' },
          ...units.map((u) => ({ value: u.unitId, text: u.name })),
        ]
      : undefined,
    skillItems: skills
      ? [{ value: '', text: 'Worked outside the unit' }, ...skills.map((s) => ({ value: s.skillCode, text: s.label }))]
      : undefined,
  }
}

/** The forecast as things stand, and a what-if. */
function forecastRoutes(app: Router, { capacity }: CapacityPagesOptions) {
  app.get('/', { config: { permission: 'forecast.view' } }, async (request, reply) => {
    const [report, backtest] = await Promise.all([capacity.forecast(request.actor), capacity.backtest(request.actor)])
    return reply.render('capacity/views/forecast.njk', {
      ...(await forecastModel(report, backtest)),
      form: scenarioFormModel(report, {}),
    })
  })

  app.get(
    '/scenario',
    { config: { permission: 'forecast.run' }, schema: { querystring: ScenarioQuery } },
    async (request, reply) => {
      const parsed = await submitForm(() => capacity.scenarioFrom(request.actor, scenarioInput(request.query)))
      const report = await capacity.forecast(request.actor, parsed.ok ? parsed.value : {})
      const model = {
        ...(await forecastModel(report, undefined)),
        form: scenarioFormModel(report, request.query, parsed.ok ? {} : parsed.fieldErrors),
        whatIf: parsed.ok,
      }
      if (!parsed.ok) {
        return reply.status(400).render('capacity/views/forecast.njk', {
          ...model,
          ...linkDateInputs(parsed, SCENARIO_DATES),
        })
      }
      return reply.render('capacity/views/forecast.njk', model)
    },
  )
}

/** The forecast's settings. */
function settingsRoutes(app: Router, options: CapacityPagesOptions) {
  const { capacity } = options
  app.get('/settings', { config: { permission: 'forecast.run' } }, async (request, reply) => {
    const settings = await capacity.settings(request.actor)
    return reply.render('capacity/views/settings.njk', {
      ...settingsModel(settings),
      ...(await settingsChoices(options, request.actor)),
    })
  })

  app.post(
    '/settings',
    { config: { permission: 'forecast.run' }, schema: { body: SettingsForm } },
    async (request, reply) => {
      const body = request.body as Record<string, string>
      const thresholds: Record<string, string> = {}
      const skills: Record<string, string> = {}
      for (const queue of FORECAST_QUEUES) {
        thresholds[queue] = body[`thresholds.${queue}`] ?? ''
        skills[queue] = body[`skills.${queue}`] ?? ''
      }
      const expectedVersion = Number(request.body.expectedVersion)
      return handleForm(reply, {
        submit: () =>
          capacity.updateSettings(request.actor, {
            workloadNorm: request.body.workloadNorm,
            historyWeeks: request.body.historyWeeks,
            unitId: request.body.unitId,
            thresholds,
            skills,
            expectedVersion: Number.isInteger(expectedVersion) ? expectedVersion : -1,
          }),
        invalid: async () => ({
          template: 'capacity/views/settings.njk',
          model: {
            ...settingsModel(await capacity.settings(request.actor), body),
            ...(await settingsChoices(options, request.actor)),
            expectedVersion: request.body.expectedVersion,
          },
        }),
        done: () => ({ flash: 'Forecast settings saved', redirect: '/forecast' }),
      })
    },
  )
}
