/**
 * Where the forecast's history comes from. The crimes records give each queue's daily flows; the staff records
 * give each person's available hours and skills; the unit directory says which units exist. deps.ts passes in
 * whichever exist, so this module imports none of them: each source is a small structural interface those
 * services satisfy (or an adapter over them).
 */
import type { Actor } from '../../platform/auth/actor.ts'
import { addDays } from '../../platform/dates.ts'
import { FORECAST_QUEUES, type QueueDay, type StaffDay } from './capacity.rules.ts'

export interface DateRange {
  from: string
  to: string
}

/** A person's day as the staff records give it, with the unit and name the scenario form shows. */
export interface RosterDay extends StaffDay {
  unitId: string
  name: string
}

export interface QueueFlowSource {
  /** Each queue's days in the range: arrivals, completions and the backlog at the end of the day. */
  queueDays(actor: Actor, range: DateRange): Promise<QueueDay[]>
}

export interface RosterSource {
  /** Each person's days in the range: contracted hours less absence (planned absences included for the future). */
  rosterDays(actor: Actor, range: DateRange): Promise<RosterDay[]>
}

/** The force's units (DirectoryService satisfies this), to check the unit the settings name. */
export interface UnitDirectory {
  listUnits(actor: Actor): Promise<ReadonlyArray<{ unitId: string }>>
}

export interface CapacitySources {
  flows?: QueueFlowSource | undefined
  roster?: RosterSource | undefined
  units?: UnitDirectory | undefined
  /**
   * The awaiting-filing threshold, when the IMU queues own it (their dashboard alert, rule 14): one number for
   * the alert and the forecast's breach date, set in one place.
   */
  awaitingFilingThreshold?: ((actor: Actor) => Promise<number>) | undefined
}

/** The staff module's availability(), as its contract gives it. */
export interface StaffAvailabilityReader {
  availability(
    actor: Actor,
    range: DateRange,
  ): Promise<
    ReadonlyArray<{
      date: string
      staffId: string
      unitId: string
      name: string
      hours: number
      skills: ReadonlyArray<{ skill: string; level: number }>
    }>
  >
}

/** The roster from the staff records. */
export function rosterFromStaff(staff: StaffAvailabilityReader): RosterSource {
  return {
    async rosterDays(actor, range) {
      return (await staff.availability(actor, range)).map((day) => ({
        date: day.date,
        staffId: day.staffId,
        unitId: day.unitId,
        name: day.name,
        hours: day.hours,
        skills: day.skills,
      }))
    },
  }
}

/** The crimes module's dailyFlows(), as its contract gives it. */
export interface CrimeFlowReader {
  dailyFlows(
    actor: Actor,
    range: DateRange,
  ): Promise<ReadonlyArray<{ date: string; status: string; entered: number; left: number }>>
}

/**
 * Queue days from the crimes records: arrivals and completions are the crimes that entered and left each status
 * that day; the backlog at the end of each day is worked back from the queue's size now (`sizeNow`), undoing
 * each later day's flows. `today` is the calendar day `sizeNow` is counted on.
 */
export function flowsFromCrimes(
  crimes: CrimeFlowReader,
  sizeNow: (actor: Actor, status: string) => Promise<number>,
  today: () => string,
): QueueFlowSource {
  return {
    async queueDays(actor, range) {
      const now = today()
      const through = range.to > now ? range.to : now
      const flows = await crimes.dailyFlows(actor, { from: range.from, to: through })
      const byQueueAndDate = new Map(flows.map((f) => [`${f.status}|${f.date}`, f]))
      const days: QueueDay[] = []
      for (const queue of FORECAST_QUEUES) {
        let backlog = await sizeNow(actor, queue)
        // Walk back from today: the end of day d-1 is the end of day d less what came in on d plus what left.
        for (let date = through; date >= range.from; date = addDays(date, -1)) {
          const flow = byQueueAndDate.get(`${queue}|${date}`)
          const arrivals = flow?.entered ?? 0
          const completions = flow?.left ?? 0
          if (date <= range.to && date <= now) {
            days.push({ date, queue, arrivals, completions, backlog: Math.max(0, backlog) })
          }
          if (date <= now) {
            backlog = backlog - arrivals + completions
          }
        }
      }
      return days.sort((a, b) => a.date.localeCompare(b.date) || a.queue.localeCompare(b.queue))
    },
  }
}
