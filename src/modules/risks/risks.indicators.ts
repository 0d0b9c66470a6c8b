/**
 * Live indicators the register watches. An indicator is a key, a label, a unit and a way to read today's value;
 * other modules' services provide the readings and deps.ts registers them, so this module never imports them.
 * The keys below are the well-known ones: a module that can read one registers it under that key, and the
 * default watches (risks.rules.ts DEFAULT_WATCHES) start watching it.
 */
import type { Actor } from '../../platform/auth/actor.ts'
import { addDays } from '../../platform/dates.ts'
import type { IndicatorUnit, Reading } from './risks.rules.ts'

export interface Indicator {
  key: string
  label: string
  unit: IndicatorUnit
  read(actor: Actor, date: string): Promise<Reading>
}

export const INDICATOR_DEFINITIONS = {
  'queues.awaiting-filing.size': { label: 'Crimes awaiting filing', unit: 'count' },
  'capacity.forecast-breach.awaiting_filing': {
    label: 'Forecast date the awaiting-filing backlog passes its threshold',
    unit: 'date',
  },
  'capacity.breach-probability.awaiting_filing': {
    label: 'Chance the awaiting-filing backlog passes its threshold within 8 weeks',
    unit: 'percent',
  },
  'capacity.workload-per-head': { label: 'IMU open work per available full-time person', unit: 'ratio' },
  'staff.control-room-trained-percent': { label: 'Control-room staff trained in crime recording', unit: 'percent' },
  'staff.skills-under-two-available': {
    label: 'IMU skills with fewer than two available holders',
    unit: 'count',
  },
  'staff.imu-long-term-absences': { label: 'Long-term absences in the IMU', unit: 'count' },
  'queues.recorded-within-24-hours-percent': { label: 'Crimes recorded within 24 hours', unit: 'percent' },
  'integrity.audit-recording-rate-percent': {
    label: 'Crime recording rate found by the latest self-audit of reports',
    unit: 'percent',
  },
} as const satisfies Record<string, { label: string; unit: IndicatorUnit }>

export type WellKnownIndicator = keyof typeof INDICATOR_DEFINITIONS

/** An indicator under a well-known key, with its standard label and unit. */
export function defineIndicator(key: WellKnownIndicator, read: Indicator['read']): Indicator {
  return { key, ...INDICATOR_DEFINITIONS[key], read }
}

/** The indicators a deployment has: built once in deps.ts from whichever modules can read them. */
export class IndicatorRegistry {
  private readonly indicators = new Map<string, Indicator>()

  constructor(indicators: readonly Indicator[] = []) {
    this.register(...indicators)
  }

  register(...indicators: readonly Indicator[]): this {
    for (const indicator of indicators) {
      if (this.indicators.has(indicator.key)) {
        throw new Error(`Indicator ${indicator.key} is registered twice`)
      }
      this.indicators.set(indicator.key, indicator)
    }
    return this
  }

  get(key: string): Indicator | undefined {
    return this.indicators.get(key)
  }

  has(key: string): boolean {
    return this.indicators.has(key)
  }

  list(): Indicator[] {
    return [...this.indicators.values()]
  }
}

/** What the capacity forecast offers (CapacityService satisfies this). */
export interface CapacityIndicatorSource {
  breachDate(actor: Actor, date: string, queue: 'awaiting_filing'): Promise<string | null>
  /** Percent chance, from the forecast's simulated futures, of passing the threshold within the warning horizon. */
  breachProbability(actor: Actor, date: string, queue: 'awaiting_filing'): Promise<number | null>
  workloadPerHead(actor: Actor, date: string): Promise<number | null>
}

export function capacityIndicators(capacity: CapacityIndicatorSource): Indicator[] {
  return [
    defineIndicator('capacity.forecast-breach.awaiting_filing', (actor, date) =>
      capacity.breachDate(actor, date, 'awaiting_filing'),
    ),
    defineIndicator('capacity.breach-probability.awaiting_filing', (actor, date) =>
      capacity.breachProbability(actor, date, 'awaiting_filing'),
    ),
    defineIndicator('capacity.workload-per-head', (actor, date) => capacity.workloadPerHead(actor, date)),
  ]
}

/** What the staff records offer (StaffService satisfies this). */
export interface StaffIndicatorSource {
  /** The force's IMU, the unit the staff indicators count (the skills page shows it first, with the same count). */
  imuUnit(actor: Actor): Promise<{ unitId: string } | undefined>
  skillsWithFewerThanTwoAvailable(actor: Actor, date: string, unitId?: string): Promise<readonly unknown[]>
  longTermAbsences(actor: Actor, date: string, unitId?: string): Promise<readonly unknown[]>
  controlRoomTrainingCompliance(actor: Actor, date: string): Promise<{ percent: number | null }>
}

/**
 * Staff-based indicators, for the force's IMU (the unit whose thin skills and long-term absences count); a force
 * with no IMU reads null rather than counts over the whole force.
 */
export function staffIndicators(staff: StaffIndicatorSource): Indicator[] {
  const imuUnitId = async (actor: Actor) => (await staff.imuUnit(actor))?.unitId
  return [
    defineIndicator('staff.skills-under-two-available', async (actor, date) => {
      const unitId = await imuUnitId(actor)
      return unitId === undefined ? null : (await staff.skillsWithFewerThanTwoAvailable(actor, date, unitId)).length
    }),
    defineIndicator('staff.imu-long-term-absences', async (actor, date) => {
      const unitId = await imuUnitId(actor)
      return unitId === undefined ? null : (await staff.longTermAbsences(actor, date, unitId)).length
    }),
    defineIndicator(
      'staff.control-room-trained-percent',
      async (actor, date) => (await staff.controlRoomTrainingCompliance(actor, date)).percent,
    ),
  ]
}

/** What the crimes records offer until the IMU queues module provides its own (CrimesService satisfies this). */
export interface CrimeIndicatorSource {
  recordingTimeliness(
    actor: Actor,
    range: { from: string; to: string },
  ): Promise<ReadonlyArray<{ recorded: number; late: number }>>
}

/**
 * Queue-based indicators read from the crimes records: the awaiting-filing queue's size now, and the share of
 * crimes recorded within 24 hours over the last four weeks (DOMAIN.md §9 rules 2 and 14).
 */
export function crimeIndicators(
  crimes: CrimeIndicatorSource,
  queueSizeNow: (actor: Actor, status: string) => Promise<number>,
): Indicator[] {
  return [
    defineIndicator('queues.awaiting-filing.size', (actor) => queueSizeNow(actor, 'awaiting_filing')),
    defineIndicator('queues.recorded-within-24-hours-percent', async (actor, date) => {
      const from = addDays(date, -27)
      const weeks = await crimes.recordingTimeliness(actor, { from, to: date })
      const recorded = weeks.reduce((sum, week) => sum + week.recorded, 0)
      const late = weeks.reduce((sum, week) => sum + week.late, 0)
      return recorded === 0 ? null : Math.round((1000 * (recorded - late)) / recorded) / 10
    }),
  ]
}
