import type { Actor } from '../../platform/auth/actor.ts'
import { addDays, startOfEnteredUkDay } from '../../platform/dates.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { FieldErrors } from '../../platform/http/errors.ts'
import type { CrimesRepository } from './crimes.repository.ts'
import { withinLimitPercent } from './crimes.rules.ts'
import { CRIME_STATUSES, isCrimeStatus, type CrimeStatus } from './crimes.workflow.ts'
import { statusChangesByDay } from './crimes.worklists.ts'

/** Per day (Europe/London) and status, how many crimes entered and left it, and who moved them out. */
export interface DailyFlow {
  date: string
  status: CrimeStatus
  entered: number
  left: number
  /** Who moved crimes out of the status that day (user, token or 'system' ids). */
  leftBy: Array<{ changedBy: string; count: number }>
}

/** What the crimes' history says in numbers: the capacity forecast's daily flows and rule 2's timeliness. */
export class CrimeReports {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: CrimesRepository,
  ) {}

  /**
   * Per day (Europe/London) and status, how many crimes entered and left it and who moved them out: the
   * capacity forecast's history. `from` and `to` are calendar days, both included.
   */
  async dailyFlows(actor: Actor, range: { from: string; to: string }): Promise<DailyFlow[]> {
    const from = startOfEnteredUkDay(range.from)
    const toStart = startOfEnteredUkDay(range.to)
    new FieldErrors()
      .check(from !== undefined, 'from', 'From must be a date like 2026-11-01')
      .check(toStart !== undefined, 'to', 'To must be a date like 2026-11-30')
      .check(from === undefined || toStart === undefined || from <= toStart, 'to', 'To must not be before from')
      .throwIfAny()
    const to = startOfEnteredUkDay(addDays(range.to, 1))!
    return this.db.withForce(actor.forceId, async (tx) => {
      const changes = await statusChangesByDay(tx, from!, to)
      const flows = new Map<string, DailyFlow>()
      const flow = (date: string, status: string) => {
        const key = `${date}|${status}`
        let found = flows.get(key)
        if (!found) {
          found = { date, status: status as CrimeStatus, entered: 0, left: 0, leftBy: [] }
          flows.set(key, found)
        }
        return found
      }
      for (const row of changes) {
        flow(row.day, row.toStatus).entered += Number(row.count)
      }
      for (const row of changes.filter((change) => change.fromStatus !== null)) {
        const f = flow(row.day, row.fromStatus!)
        f.left += Number(row.count)
        const by = f.leftBy.find((mover) => mover.changedBy === row.changedBy)
        if (by) {
          by.count += Number(row.count)
        } else {
          f.leftBy.push({ changedBy: row.changedBy, count: Number(row.count) })
        }
      }
      return [...flows.values()]
        .filter((f) => isCrimeStatus(f.status))
        .sort(
          (a, b) => a.date.localeCompare(b.date) || CRIME_STATUSES.indexOf(a.status) - CRIME_STATUSES.indexOf(b.status),
        )
    })
  }

  /** Rule 2: crimes recorded per week and the share recorded within 24 hours of the report. */
  async recordingTimeliness(actor: Actor, range: { from: string; to: string }) {
    const from = startOfEnteredUkDay(range.from)
    const to = startOfEnteredUkDay(range.to)
    new FieldErrors()
      .check(from !== undefined, 'from', 'From must be a date like 2026-11-01')
      .check(to !== undefined, 'to', 'To must be a date like 2026-11-30')
      .throwIfAny()
    const rows = await this.db.withForce(actor.forceId, (tx) =>
      this.repository.timelinessByWeek(tx, from!, startOfEnteredUkDay(addDays(range.to, 1))!),
    )
    return rows.map((row) => ({
      weekStarting: row.weekStarting,
      recorded: Number(row.recorded),
      late: Number(row.late),
      withinLimitPercent: withinLimitPercent(Number(row.recorded), Number(row.late)),
    }))
  }
}
