import type { Actor } from '../../platform/auth/actor.ts'
import type { Permission } from '../../platform/auth/permissions.ts'
import type { Clock } from '../../platform/clock.ts'
import { addDays, ukDate } from '../../platform/dates.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, FieldErrors, Forbidden, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { CapacityRepository } from './capacity.repository.ts'
import { backtestUnit, forecastUnit, type BacktestResult, type UnitForecast } from './capacity.engine.ts'
import {
  DEFAULT_FORECAST_WEEKS,
  DEFAULT_HISTORY_WEEKS,
  DEFAULT_QUEUE_SETTINGS,
  DEFAULT_WORKLOAD_NORM,
  isForecastQueue,
  FORECAST_QUEUE_LABELS,
  FORECAST_QUEUES,
  type QueueDay,
  type ForecastQueue,
  type QueueSetting,
} from './capacity.rules.ts'
import {
  applyScenario,
  describeScenario,
  NO_SCENARIO,
  parseScenarioInput,
  type Scenario,
  type ScenarioInput,
} from './capacity.scenarios.ts'
import type { CapacitySources, RosterDay } from './capacity.sources.ts'
import type { ForecastHistory } from './capacity.history.ts'
import { DEMAND_HISTORY_WEEKS, historyFromRecords, LONGEST_FORECAST_WEEKS } from './capacity.history-forecast.ts'

export interface CapacitySettings {
  workloadNorm: number
  historyWeeks: number
  unitId: string | null
  queues: QueueSetting[]
  /** 0 until the force first saves its own settings. */
  version: number
  updatedAt: Date | null
  updatedByName: string | null
}

export interface SettingsInput {
  workloadNorm: number | string
  historyWeeks: number | string
  unitId?: string | null | undefined
  /** Per queue: the backlog threshold (blank for none). */
  thresholds: Partial<Record<string, number | string | null>>
  /** Per queue: the skill code whose holders work it (blank: worked outside the unit). */
  skills: Partial<Record<string, string | null>>
  expectedVersion: number
}

export interface ForecastReport extends UnitForecast {
  weeks: number
  scenario: string[]
  settings: CapacitySettings
  /** Why the forecast could not use a source (the crimes or staff records are not connected). */
  sourceProblems: string[]
  /** The unit's staff, for the scenario form's "named staff absent". */
  staff: Array<{ staffId: string; name: string }>
}

export interface BacktestReport {
  cutoff: string
  weeks: number
  queues: Array<{ queue: ForecastQueue; label: string; result: BacktestResult | null }>
}

const SKILL_CODE = /^[a-z][a-z0-9_]{1,39}$/
const MEMO_MILLISECONDS = 60_000
/** Simulated futures for the backtest's forecast: its central line settles with fewer than the page's 500. */
const BACKTEST_PATHS = 200

/**
 * Forecasts each IMU queue from the force's own history (the crimes records' daily flows and the staff
 * records' availability) under planned absences and scenario changes, and keeps the force's forecast settings.
 */
export class CapacityService {
  private readonly baselineMemo = new Map<string, { at: number; forecast: Promise<ForecastReport> }>()

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CapacityRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
    private readonly sources: CapacitySources,
  ) {}

  today(): string {
    return ukDate(this.clock.now())
  }

  async settings(actor: Actor): Promise<CapacitySettings> {
    requirePermission(actor, 'forecast.view')
    const [unit, queues] = await this.db.withForce(actor.forceId, (tx) =>
      Promise.all([this.repository.unitSettings(tx), this.repository.queueSettings(tx)]),
    )
    const saved = new Map(queues.map((q) => [q.queue, q]))
    const awaitingFiling = await this.sources.awaitingFilingThreshold?.(actor)
    return {
      workloadNorm: unit?.workloadNorm ?? DEFAULT_WORKLOAD_NORM,
      historyWeeks: unit?.historyWeeks ?? DEFAULT_HISTORY_WEEKS,
      unitId: unit?.unitId ?? null,
      queues: DEFAULT_QUEUE_SETTINGS.map((fallback) => {
        const row = saved.get(fallback.queue)
        const setting = row
          ? { queue: fallback.queue, skill: row.skillCode, threshold: row.threshold }
          : { ...fallback }
        return setting.queue === 'awaiting_filing' && awaitingFiling !== undefined
          ? { ...setting, threshold: awaitingFiling, thresholdSetOnDashboard: true }
          : setting
      }),
      version: unit?.version ?? 0,
      updatedAt: unit?.updatedAt ?? null,
      updatedByName: unit?.updatedByName ?? null,
    }
  }

  /** Saves the force's settings; every wrong field is named, and nothing is saved unless all are right. */
  async updateSettings(actor: Actor, input: SettingsInput): Promise<CapacitySettings> {
    requirePermission(actor, 'forecast.run')
    const errors = new FieldErrors()
    const norm = Number(input.workloadNorm)
    errors.check(
      String(input.workloadNorm).trim() !== '' && Number.isFinite(norm) && norm > 0 && norm <= 100_000,
      'workloadNorm',
      'Workload norm must be a number of open items per person above 0',
    )
    const historyWeeks = Number(input.historyWeeks)
    errors.check(
      Number.isInteger(historyWeeks) && historyWeeks >= 4 && historyWeeks <= 52,
      'historyWeeks',
      'Weeks of history must be a whole number from 4 to 52',
    )
    const unitId = input.unitId ? input.unitId : null
    errors.check(unitId === null || isUuid(unitId), 'unitId', 'Choose the unit from the list, or leave it blank')
    for (const key of [...Object.keys(input.thresholds), ...Object.keys(input.skills)]) {
      errors.check(isForecastQueue(key), 'queues', `Unknown queue: ${key}`)
    }
    const thresholdSetOnDashboard = (queue: string) =>
      queue === 'awaiting_filing' && this.sources.awaitingFilingThreshold !== undefined
    const queues = FORECAST_QUEUES.map((queue) => {
      // The awaiting-filing threshold is the dashboard's when the queues own it; a value posted here is not used.
      const rawThreshold = thresholdSetOnDashboard(queue) ? null : input.thresholds[queue]
      const blankThreshold = rawThreshold === undefined || rawThreshold === null || String(rawThreshold).trim() === ''
      const threshold = blankThreshold ? null : Number(rawThreshold)
      errors.check(
        threshold === null || (Number.isInteger(threshold) && threshold >= 0 && threshold <= 10_000_000),
        `thresholds.${queue}`,
        `Threshold for ${FORECAST_QUEUE_LABELS[queue].toLowerCase()} must be a whole number of crimes, or blank for none`,
      )
      const skill = input.skills[queue]?.trim() || null
      errors.check(
        skill === null || SKILL_CODE.test(skill),
        `skills.${queue}`,
        `Skill for ${FORECAST_QUEUE_LABELS[queue].toLowerCase()} must be a skill code like "filing", or blank`,
      )
      return { queue, skillCode: skill, threshold }
    })
    if (unitId !== null && isUuid(unitId)) {
      // A unit that is not this force's would leave the forecast with nobody to work the queues, silently.
      errors.check(
        await this.unitExists(actor, unitId),
        'unitId',
        'Choose a unit from this force’s unit directory, or leave it blank',
      )
    }
    errors.throwIfAny()

    const before = await this.settings(actor)
    const now = this.clock.now()
    await this.db.withForce(actor.forceId, async (tx) => {
      const row = { workloadNorm: norm, historyWeeks, unitId, updatedAt: now, updatedByName: actor.name }
      const saved =
        input.expectedVersion === 0
          ? await this.repository.insertUnitSettings(tx, row)
          : await this.repository.updateUnitSettings(tx, row, input.expectedVersion)
      if (!saved) {
        throw new Conflict(
          'Someone else changed the forecast settings while you were editing them. Check them and try again.',
        )
      }
      await this.repository.saveQueueSettings(
        tx,
        queues.map((q) => ({ ...q, updatedAt: now })),
      )
      const changes = settingsChanges(before, { workloadNorm: norm, historyWeeks, unitId, queues }, (queue) =>
        thresholdSetOnDashboard(queue),
      )
      this.auditTrail.record(tx, actor, {
        action: 'FORECAST_SETTINGS_CHANGED',
        recordType: 'capacity-settings',
        recordId: String(actor.forceId),
        changes,
      })
    })
    this.baselineMemo.clear()
    return this.settings(actor)
  }

  /** The unit's staff (people holding a skill that works a queue, or the configured unit's staff). */
  async unitStaff(actor: Actor): Promise<Array<{ staffId: string; name: string }>> {
    requirePermission(actor, 'forecast.view')
    const settings = await this.settings(actor)
    const today = this.today()
    const roster = await this.roster(actor, settings, today, addDays(today, 6))
    const people = new Map(roster.map((day) => [day.staffId, day.name]))
    return [...people].map(([staffId, name]) => ({ staffId, name })).sort((a, b) => a.name.localeCompare(b.name))
  }

  /**
   * Checks a what-if's fields and builds it. Throws ValidationFailed naming every wrong field; nothing is run.
   */
  async scenarioFrom(actor: Actor, input: ScenarioInput): Promise<{ weeks: number; scenario: Scenario }> {
    requirePermission(actor, 'forecast.run')
    const staff = await this.unitStaff(actor)
    const parsed = parseScenarioInput(input, this.today(), new Set(staff.map((s) => s.staffId)), DEFAULT_FORECAST_WEEKS)
    if (parsed.problems.length > 0) {
      throw new ValidationFailed(parsed.problems)
    }
    return { weeks: parsed.weeks, scenario: parsed.scenario }
  }

  /** Forecasts every queue from `start` (default today) for `weeks`, under the planned absences and `scenario`. */
  async forecast(
    actor: Actor,
    request: { weeks?: number; scenario?: Scenario; start?: string; paths?: number } = {},
  ): Promise<ForecastReport> {
    // Anyone who may see the forecast sees it as things stand; a what-if is for those who may run one.
    requirePermission(actor, 'forecast.view')
    if (request.scenario !== undefined) {
      requirePermission(actor, 'forecast.run')
    }
    const settings = await this.settings(actor)
    const start = request.start ?? this.today()
    const weeks = request.weeks ?? DEFAULT_FORECAST_WEEKS
    const scenario = request.scenario ?? NO_SCENARIO
    const historyFrom = addDays(start, -7 * settings.historyWeeks)
    // Demand is forecast from up to 60 weeks, so last year's season can show; rates from the history window.
    const demandFrom = addDays(start, -7 * Math.max(settings.historyWeeks, DEMAND_HISTORY_WEEKS))
    const end = addDays(start, weeks * 7 - 1)
    const sourceProblems: string[] = []
    if (!this.sources.flows) {
      sourceProblems.push('Queue history is not connected: the crimes records are not available to the forecast.')
    }
    if (!this.sources.roster) {
      sourceProblems.push('Staff availability is not connected: the staff records are not available to the forecast.')
    }
    const today = this.today()
    // A forecast from today starts from the queues as they stand now, the counts the queue pages show.
    const liveFrom = start === today
    const [flows, roster] = await Promise.all([
      this.sources.flows?.queueDays(actor, { from: demandFrom, to: liveFrom ? start : addDays(start, -1) }) ??
        Promise.resolve([]),
      this.roster(actor, settings, historyFrom, end),
    ])
    const queueHistory = flows.filter((day) => day.date < start)
    const startBacklogs = Object.fromEntries(flows.filter((day) => day.date === start).map((d) => [d.queue, d.backlog]))
    const modelledSkills = skillsOf(settings)
    const staff = applyScenario(roster, scenario, { start, end }, modelledSkills)
    const unit = forecastUnit({
      start,
      weeks,
      historyWeeks: settings.historyWeeks,
      settings: settings.queues,
      queueHistory,
      startBacklogs,
      staff,
      workloadNorm: settings.workloadNorm,
      ...(request.paths === undefined ? {} : { paths: request.paths }),
    })
    const people = new Map(roster.filter((d) => d.date >= start).map((d) => [d.staffId, d.name]))
    return {
      ...unit,
      weeks,
      scenario: describeScenario(scenario),
      settings,
      sourceProblems,
      staff: [...people].map(([staffId, name]) => ({ staffId, name })).sort((a, b) => a.name.localeCompare(b.name)),
    }
  }

  /**
   * Forecast error on the force's own history: forecasts made `weeks` weeks ago (from the history before then)
   * compared with what happened since.
   */
  async backtest(actor: Actor, request: { weeks?: number } = {}): Promise<BacktestReport> {
    requirePermission(actor, 'forecast.view')
    const settings = await this.settings(actor)
    const weeks = request.weeks ?? 4
    const cutoff = addDays(this.today(), -7 * weeks)
    // The history the forecast made at the cut-off would have read: demand from up to 60 weeks before it.
    const demandFrom = addDays(cutoff, -7 * Math.max(settings.historyWeeks, DEMAND_HISTORY_WEEKS))
    const to = addDays(cutoff, weeks * 7 - 1)
    const [queueHistory, staff] = await Promise.all([
      this.sources.flows?.queueDays(actor, { from: demandFrom, to }) ?? Promise.resolve([] as QueueDay[]),
      this.roster(actor, settings, addDays(cutoff, -7 * settings.historyWeeks), to),
    ])
    const results = backtestUnit({
      cutoff,
      weeks,
      historyWeeks: settings.historyWeeks,
      settings: settings.queues,
      queueHistory,
      staff,
      workloadNorm: settings.workloadNorm,
      paths: BACKTEST_PATHS,
    })
    return {
      cutoff,
      weeks,
      queues: results.map(({ queue, result }) => ({ queue, label: FORECAST_QUEUE_LABELS[queue], result })),
    }
  }

  /**
   * The unit's history as a file (capacity.history.ts): the queue days before `asOf` (default today) for as far
   * back as the forecast reads, and each person's contracted hours, skills and absences, booked ones included as
   * far as the longest forecast reaches. The export is audited: it holds the staff's absences.
   */
  async exportHistory(actor: Actor, request: { asOf?: string; unit?: string } = {}): Promise<ForecastHistory> {
    requirePermission(actor, 'forecast.run')
    const settings = await this.settings(actor)
    const asOf = request.asOf ?? this.today()
    const from = addDays(asOf, -7 * Math.max(settings.historyWeeks, DEMAND_HISTORY_WEEKS))
    const rosterTo = addDays(asOf, 7 * LONGEST_FORECAST_WEEKS - 1)
    const [queueDays, roster] = await Promise.all([
      this.sources.flows?.queueDays(actor, { from, to: addDays(asOf, -1) }) ?? Promise.resolve([] as QueueDay[]),
      this.roster(actor, settings, from, rosterTo),
    ])
    const history = historyFromRecords({
      asOf,
      ...(request.unit === undefined ? {} : { unit: request.unit }),
      workloadNorm: settings.workloadNorm,
      historyWeeks: settings.historyWeeks,
      queues: settings.queues,
      queueDays,
      roster,
      rosterTo,
    })
    await this.db.withForce(actor.forceId, (tx) => {
      this.auditTrail.record(tx, actor, {
        action: 'FORECAST_HISTORY_EXPORTED',
        recordType: 'capacity-settings',
        recordId: String(actor.forceId),
        changes: { asOf, days: history.days.length, staff: history.staff.length },
      })
    })
    return history
  }

  /** Indicator: the date the central forecast passes `queue`'s threshold, forecasting from `date`; null if not in 12 weeks. */
  async breachDate(actor: Actor, date: string, queue: ForecastQueue): Promise<string | null> {
    requirePermission(actor, 'forecast.view')
    const forecast = await this.baseline(actor, date)
    return forecast.queues.find((q) => q.setting.queue === queue)?.forecast?.breachDate ?? null
  }

  /** Indicator: the percent chance `queue` passes its threshold within the warning horizon; null without a forecast. */
  async breachProbability(actor: Actor, date: string, queue: ForecastQueue): Promise<number | null> {
    requirePermission(actor, 'forecast.view')
    const forecast = await this.baseline(actor, date)
    const probability = forecast.queues.find((q) => q.setting.queue === queue)?.forecast?.breachProbability
    return probability === undefined || probability === null ? null : Math.round(probability * 1000) / 10
  }

  /** Indicator: open IMU work per available full-time person in the coming week; null without staff or history. */
  async workloadPerHead(actor: Actor, date: string): Promise<number | null> {
    requirePermission(actor, 'forecast.view')
    const forecast = await this.baseline(actor, date)
    if (forecast.queues.every((q) => q.forecast === null)) {
      return null
    }
    const perHead = forecast.welfare[0]?.workload.perHead
    return perHead === undefined || perHead === null ? null : Math.round(perHead * 10) / 10
  }

  /** The forecast with no scenario, shared by the indicators read in one check. */
  private baseline(actor: Actor, date: string): Promise<ForecastReport> {
    const key = `${actor.forceId}:${date}`
    const now = this.clock.now().getTime()
    const known = this.baselineMemo.get(key)
    if (known && now - known.at < MEMO_MILLISECONDS && now >= known.at) {
      return known.forecast
    }
    const forecast = this.forecast(actor, { start: date })
    this.baselineMemo.set(key, { at: now, forecast })
    forecast.catch(() => this.baselineMemo.delete(key))
    return forecast
  }

  /** Whether this force's directory has the unit; without the directory connected no unit can be checked, so none is. */
  private async unitExists(actor: Actor, unitId: string): Promise<boolean> {
    if (!this.sources.units) {
      return false
    }
    return (await this.sources.units.listUnits(actor)).some((unit) => unit.unitId === unitId)
  }

  private async roster(actor: Actor, settings: CapacitySettings, from: string, to: string): Promise<RosterDay[]> {
    if (!this.sources.roster) {
      return []
    }
    const days = await this.sources.roster.rosterDays(actor, { from, to })
    if (settings.unitId !== null) {
      return days.filter((day) => day.unitId === settings.unitId)
    }
    const modelled = new Set(skillsOf(settings))
    const inUnit = new Set(
      days.filter((day) => day.skills.some((s) => modelled.has(s.skill))).map((day) => day.staffId),
    )
    return days.filter((day) => inUnit.has(day.staffId))
  }
}

function skillsOf(settings: CapacitySettings): string[] {
  return [...new Set(settings.queues.flatMap((q) => (q.skill === null ? [] : [q.skill])))]
}

/** What a settings change changed, field by field (a dashboard-owned threshold is not the form's to change). */
function settingsChanges(
  before: CapacitySettings,
  after: {
    workloadNorm: number
    historyWeeks: number
    unitId: string | null
    queues: ReadonlyArray<{ queue: string; skillCode: string | null; threshold: number | null }>
  },
  thresholdSetOnDashboard: (queue: string) => boolean,
) {
  const changes: Record<string, { before: unknown; after: unknown }> = {}
  const note = (field: string, was: unknown, is: unknown) => {
    if (was !== is) {
      changes[field] = { before: was, after: is }
    }
  }
  note('workloadNorm', before.workloadNorm, after.workloadNorm)
  note('historyWeeks', before.historyWeeks, after.historyWeeks)
  note('unitId', before.unitId, after.unitId)
  for (const q of after.queues) {
    const was = before.queues.find((b) => b.queue === q.queue)
    if (!thresholdSetOnDashboard(q.queue)) {
      note(`thresholds.${q.queue}`, was?.threshold ?? null, q.threshold)
    }
    note(`skills.${q.queue}`, was?.skill ?? null, q.skillCode)
  }
  return changes
}

/**
 * The service decides who may use it, whoever calls (a page, the API, the CLI, the risk watch): the routes'
 * own checks are the first line, this the last.
 */
function requirePermission(actor: Actor, permission: Permission): void {
  if (!actor.permissions.can(permission)) {
    throw new Forbidden(
      permission === 'forecast.run'
        ? 'Only the IMU supervisor can run what-ifs or change the forecast settings'
        : 'Your role cannot see the capacity forecast',
    )
  }
}
