/**
 * The crime-data-integrity risk register as rules: what a valid risk is, how it is scored, when an indicator's
 * trigger fires, and what the register does about it (PRODUCT.md capability 7). The 2014 inspection found a
 * register that "did not mention any of this" while the IMU neared collapse (DOMAIN.md §4.4): these rules make
 * the register raise and escalate risks itself, and say why.
 */
import { addDays, isDate } from '../../platform/dates.ts'
import type { FieldError } from '../../platform/http/errors.ts'

export const RISK_STATUSES = ['open', 'treating', 'tolerated', 'closed'] as const
export type RiskStatus = (typeof RISK_STATUSES)[number]

export const RISK_STATUS_LABELS: Record<RiskStatus, string> = {
  open: 'Open',
  treating: 'Being treated',
  tolerated: 'Tolerated',
  closed: 'Closed',
}

export function isRiskStatus(value: string): value is RiskStatus {
  return (RISK_STATUSES as readonly string[]).includes(value)
}

export const LIKELIHOOD_LABELS = ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'] as const
export const IMPACT_LABELS = ['Negligible', 'Minor', 'Moderate', 'Major', 'Severe'] as const

/** Score = likelihood × impact on the usual 5 × 5 matrix. */
export function riskScore(likelihood: number, impact: number): number {
  return likelihood * impact
}

export type RiskRating = 'low' | 'medium' | 'high' | 'very-high'

export const RISK_RATING_LABELS: Record<RiskRating, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High',
  'very-high': 'Very high',
}

/** The bands of a 5 × 5 matrix: 1–3 low, 4–6 medium, 8–12 high, 15–25 very high. */
export function riskRating(score: number): RiskRating {
  if (score >= 15) {
    return 'very-high'
  }
  if (score >= 8) {
    return 'high'
  }
  if (score >= 4) {
    return 'medium'
  }
  return 'low'
}

export interface RiskFields {
  title: string
  description: string
  ownerUserId: string | null
  likelihood: number
  impact: number
  mitigations: string
  status: string
  /** 'YYYY-MM-DD' */
  reviewDate: string
}

/** A review date is a real day in a year a person could mean (a blank year box must not become year 0). */
function isReviewDate(value: string): boolean {
  return isDate(value) && value >= '1900-01-01' && value < '2200-01-01'
}

const isScale = (value: number) => Number.isInteger(value) && value >= 1 && value <= 5

/**
 * Every problem with a risk's fields, named by the field (form input id and API property). `knownOwner` says
 * whether the owner is a user of this force.
 */
export function riskProblems(fields: RiskFields, knownOwner: boolean): FieldError[] {
  const problems: FieldError[] = []
  const add = (field: string, message: string) => problems.push({ field, message })
  if (fields.title.trim().length === 0) {
    add('title', 'Enter a title for the risk')
  } else if (fields.title.length > 200) {
    add('title', 'Title must be 200 characters or fewer')
  }
  if (fields.description.trim().length === 0) {
    add('description', 'Describe the risk')
  } else if (fields.description.length > 5000) {
    add('description', 'Description must be 5,000 characters or fewer')
  }
  if (!fields.ownerUserId) {
    add('ownerUserId', 'Choose who owns the risk')
  } else if (!knownOwner) {
    add('ownerUserId', 'Choose an owner from this force’s users')
  }
  if (!isScale(fields.likelihood)) {
    add('likelihood', 'Likelihood must be a whole number from 1 (rare) to 5 (almost certain)')
  }
  if (!isScale(fields.impact)) {
    add('impact', 'Impact must be a whole number from 1 (negligible) to 5 (severe)')
  }
  if (fields.mitigations.length > 5000) {
    add('mitigations', 'Mitigations must be 5,000 characters or fewer')
  }
  if (!isRiskStatus(fields.status)) {
    add('status', `Status must be one of: ${RISK_STATUSES.join(', ')}`)
  }
  if (!isReviewDate(fields.reviewDate)) {
    add('reviewDate', 'Review date must be a real date')
  }
  return problems
}

/** A risk is overdue for review once its review date has passed and it is not closed. */
export function reviewOverdue(risk: { reviewDate: string; status: string }, today: string): boolean {
  return risk.status !== 'closed' && risk.reviewDate < today
}

// Indicators and triggers

export type IndicatorUnit = 'count' | 'percent' | 'date' | 'ratio'
/** What an indicator reads: a number, a date ('YYYY-MM-DD'), or null when it has nothing to say today. */
export type Reading = number | string | null

/** A trigger: a number above or below a threshold, or a date that falls within some weeks of today. */
export type Trigger =
  { kind: 'above'; threshold: number } | { kind: 'below'; threshold: number } | { kind: 'within-weeks'; weeks: number }

export const TRIGGER_KINDS = ['above', 'below', 'within-weeks'] as const
export type TriggerKind = (typeof TRIGGER_KINDS)[number]

/** Whether a reading is beyond its trigger. No reading never fires: absence of data is not a signal. */
export function triggerFires(trigger: Trigger, reading: Reading, today: string): boolean {
  if (reading === null) {
    return false
  }
  switch (trigger.kind) {
    case 'above':
      return typeof reading === 'number' && reading > trigger.threshold
    case 'below':
      return typeof reading === 'number' && reading < trigger.threshold
    case 'within-weeks':
      return typeof reading === 'string' && isDate(reading) && reading <= addDays(today, trigger.weeks * 7)
  }
}

/** Which trigger kinds make sense for an indicator's unit. */
export function triggerKindsFor(unit: IndicatorUnit): readonly TriggerKind[] {
  return unit === 'date' ? ['within-weeks'] : ['above', 'below']
}

export function triggerProblems(
  input: { kind: string; threshold?: number | undefined; weeks?: number | undefined },
  unit: IndicatorUnit,
): FieldError[] {
  const kinds = triggerKindsFor(unit)
  if (!(kinds as readonly string[]).includes(input.kind)) {
    return [{ field: 'kind', message: `For this indicator the trigger must be: ${kinds.join(' or ')}` }]
  }
  if (input.kind === 'within-weeks') {
    return input.weeks !== undefined && Number.isInteger(input.weeks) && input.weeks >= 1 && input.weeks <= 52
      ? []
      : [{ field: 'weeks', message: 'Weeks must be a whole number from 1 to 52' }]
  }
  if (input.threshold === undefined || !Number.isFinite(input.threshold)) {
    return [{ field: 'threshold', message: 'Enter the threshold as a number' }]
  }
  if (unit === 'percent' && (input.threshold < 0 || input.threshold > 100)) {
    return [{ field: 'threshold', message: 'A percentage threshold must be from 0 to 100' }]
  }
  return []
}

export function toTrigger(input: { kind: TriggerKind; threshold?: number | null; weeks?: number | null }): Trigger {
  return input.kind === 'within-weeks'
    ? { kind: 'within-weeks', weeks: input.weeks ?? 1 }
    : { kind: input.kind, threshold: input.threshold ?? 0 }
}

const numberFormat = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 1 })
const dateFormat = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' })

export function formatReading(reading: Reading, unit: IndicatorUnit): string {
  if (reading === null) {
    return 'no reading'
  }
  if (typeof reading === 'string') {
    return isDate(reading) ? dateFormat.format(new Date(`${reading}T00:00:00Z`)) : reading
  }
  return unit === 'percent' ? `${numberFormat.format(reading)}%` : numberFormat.format(reading)
}

export function describeTrigger(trigger: Trigger, unit: IndicatorUnit): string {
  switch (trigger.kind) {
    case 'above':
      return `above ${formatReading(trigger.threshold, unit)}`
    case 'below':
      return `below ${formatReading(trigger.threshold, unit)}`
    case 'within-weeks':
      return `within ${trigger.weeks} week${trigger.weeks === 1 ? '' : 's'}`
  }
}

/** The sentence recorded with an automatic change: which indicator, what it read, and the trigger it crossed. */
export function triggerReason(
  indicator: { label: string; unit: IndicatorUnit },
  reading: Reading,
  trigger: Trigger,
  today: string,
): string {
  const read = formatReading(reading, indicator.unit)
  if (trigger.kind !== 'within-weeks') {
    return `${indicator.label} read ${read}, ${describeTrigger(trigger, indicator.unit)} (checked ${today})`
  }
  // A forecast date of today or earlier means the line is already crossed, not coming.
  const when =
    typeof reading === 'string' && reading <= today
      ? 'already reached'
      : `${describeTrigger(trigger, indicator.unit)} of ${formatReading(today, 'date')}`
  return `${indicator.label} is ${read}, ${when} (checked ${today})`
}

// What the register does when an indicator is checked

export type WatchState = 'clear' | 'triggered'
export type WatchAction = 'raise' | 'escalate' | 'clear' | 'none'

/**
 * A watch is an indicator with a trigger, linked to a risk (or, until it first fires, to the risk it will
 * raise). Only a change of state acts, so checking twice — or every time a page opens — raises nothing twice:
 * - clear → fires: raise a new risk if none is linked, otherwise escalate the linked one;
 * - triggered → no longer fires: note that it is back within its trigger;
 * - otherwise nothing.
 */
export function decideWatch(watch: { state: WatchState; riskId: string | null }, fires: boolean): WatchAction {
  if (fires && watch.state === 'clear') {
    return watch.riskId === null ? 'raise' : 'escalate'
  }
  if (!fires && watch.state === 'triggered') {
    return 'clear'
  }
  return 'none'
}

/**
 * Escalation: one step more likely (at most 5), and a risk that was tolerated or closed is open again — the
 * indicator says the decision to live with it no longer holds. The review falls due at once.
 */
export function escalate<T extends { likelihood: number; status: RiskStatus; reviewDate: string }>(
  risk: T,
  today: string,
): T {
  return {
    ...risk,
    likelihood: Math.min(5, risk.likelihood + 1),
    status: risk.status === 'tolerated' || risk.status === 'closed' ? 'open' : risk.status,
    reviewDate: risk.reviewDate < today ? risk.reviewDate : today,
  }
}

/** What a new automatically raised risk says, and how it starts. */
export interface RiskTemplate {
  title: string
  description: string
  likelihood: number
  impact: number
  mitigations: string
}

/** A watch Tally sets up for every force as soon as the indicator exists, so nobody has to remember to. */
export interface DefaultWatch {
  preset: string
  indicatorKey: string
  trigger: Trigger
  template: RiskTemplate
}

export const DEFAULT_WATCHES: readonly DefaultWatch[] = [
  {
    // The chance of passing the line within 8 weeks, not the date a central line passes it: a central line
    // crosses only when the backlog is half-way there, and says nothing about how sure it is (issue 12).
    preset: 'forecast-breach-probability-awaiting-filing',
    indicatorKey: 'capacity.breach-probability.awaiting_filing',
    trigger: { kind: 'above', threshold: 50 },
    template: {
      title: 'Awaiting-filing backlog likely to pass its threshold',
      description:
        'The capacity forecast gives a better than even chance that the awaiting-filing backlog passes its threshold within 8 weeks at the present staffing. Crimes waiting to be filed are not quality-assured, outcomes are not confirmed and victims may not be told.',
      likelihood: 3,
      impact: 4,
      mitigations: '',
    },
  },
  {
    preset: 'awaiting-filing-size',
    indicatorKey: 'queues.awaiting-filing.size',
    trigger: { kind: 'above', threshold: 1000 },
    template: {
      title: 'Awaiting-filing backlog above its threshold',
      description:
        'More crimes are waiting to be filed than the unit can clear in good time (in 2014 one force reached about 1,675).',
      likelihood: 4,
      impact: 4,
      mitigations: '',
    },
  },
  {
    preset: 'skills-under-two',
    indicatorKey: 'staff.skills-under-two-available',
    trigger: { kind: 'above', threshold: 0 },
    template: {
      title: 'Skills held by fewer than two available people',
      description:
        'At least one skill the unit depends on has fewer than two people available to do it, so one more absence stops that work.',
      likelihood: 3,
      impact: 3,
      mitigations: '',
    },
  },
  {
    preset: 'imu-long-term-absences',
    indicatorKey: 'staff.imu-long-term-absences',
    trigger: { kind: 'above', threshold: 1 },
    template: {
      title: 'Long-term absences in the Investigation Management Unit',
      description:
        'Two or more of the unit’s staff are on long-term absence (28 days or more). In 2014 the absence of two experienced staff, with untrained backfill, left an IMU close to being unable to function.',
      likelihood: 3,
      impact: 4,
      mitigations: '',
    },
  },
  {
    preset: 'control-room-training',
    indicatorKey: 'staff.control-room-trained-percent',
    trigger: { kind: 'below', threshold: 90 },
    template: {
      title: 'Control-room staff not trained in crime recording',
      description:
        'Fewer than 90% of control-room staff hold in-date crime-recording training, so crimes reported by phone may be recorded wrongly or not at all.',
      likelihood: 3,
      impact: 4,
      mitigations: '',
    },
  },
  {
    preset: 'recording-24-hours',
    indicatorKey: 'queues.recorded-within-24-hours-percent',
    trigger: { kind: 'below', threshold: 90 },
    template: {
      title: 'Crimes not recorded within 24 hours',
      description:
        'Fewer than 90% of crimes were recorded within 24 hours of the report (Leicestershire’s benchmark is 93.7%).',
      likelihood: 3,
      impact: 3,
      mitigations: '',
    },
  },
  {
    // The force sets the level on the watched-indicators page; 90% is a starting point (the 2014 national rate
    // was 81%, and forces found "good" since have been around 92–95%).
    preset: 'audit-recording-rate',
    indicatorKey: 'integrity.audit-recording-rate-percent',
    trigger: { kind: 'below', threshold: 90 },
    template: {
      title: 'Self-audit found crimes going unrecorded',
      description:
        'The latest crime-data-integrity self-audit found a recording rate below the force’s level: reports of crime are being closed without the crime being recorded.',
      likelihood: 4,
      impact: 4,
      mitigations: '',
    },
  },
  {
    preset: 'workload-per-head',
    indicatorKey: 'capacity.workload-per-head',
    trigger: { kind: 'above', threshold: 60 },
    template: {
      title: 'IMU workload per head above the norm',
      description:
        'Open work per available member of the unit is above the force’s norm. The 2015 inspection found backlogs harming the welfare of the staff who remained.',
      likelihood: 3,
      impact: 3,
      mitigations: '',
    },
  },
]

export interface WatchEvaluation<W> {
  watch: W
  reading: Reading
  fires: boolean
  action: WatchAction
  reason: string
}

/**
 * Checks every watch against today's readings. Pure: the service applies the actions in one transaction; the
 * 2014 replay applies them to its simulated register.
 */
export function evaluateWatches<
  W extends { indicatorKey: string; trigger: Trigger; state: WatchState; riskId: string | null },
>(
  watches: readonly W[],
  readings: ReadonlyMap<string, Reading>,
  indicators: ReadonlyMap<string, { label: string; unit: IndicatorUnit }>,
  today: string,
): Array<WatchEvaluation<W>> {
  return watches.flatMap((watch) => {
    const indicator = indicators.get(watch.indicatorKey)
    if (!indicator || !readings.has(watch.indicatorKey)) {
      return []
    }
    const reading = readings.get(watch.indicatorKey) ?? null
    const fires = triggerFires(watch.trigger, reading, today)
    const action = decideWatch(watch, fires)
    const reason =
      action === 'clear'
        ? `${indicator.label} read ${formatReading(reading, indicator.unit)}, back within its trigger (${describeTrigger(watch.trigger, indicator.unit)}) (checked ${today})`
        : triggerReason(indicator, reading, watch.trigger, today)
    return [{ watch, reading, fires, action, reason }]
  })
}
