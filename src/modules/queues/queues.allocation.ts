import { type Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { AccountsService } from '../accounts/index.ts'
import { type CrimeWorklists } from '../crimes/index.ts'
import type { DirectoryService, Unit } from '../directory/index.ts'
import { addDays, datesFrom, ukDate } from '../../platform/dates.ts'
import { OPEN_STATUSES } from './queues.rules.ts'
import { isUuid } from '../../platform/ids.ts'
import { statusLabel } from './queues.reads.ts'
import type { Candidate, StaffCapacityReader, UnitStaffReader } from './queues.shapes.ts'

const PERSON_ROLES_FOR_ALLOCATION = ['officer', 'imu_decision_maker'] as const

/** Allocation: who a crime can go to, with what each already holds and their capacity from the staff records. */
export class QueueAllocation {
  constructor(
    private readonly db: TallyDatabase,
    private readonly crimeWorklists: CrimeWorklists,
    private readonly directory: Pick<DirectoryService, 'listUnits'>,
    private readonly accounts: Pick<AccountsService, 'listUsers'>,
    private readonly cover: StaffCapacityReader,
    private readonly staff: UnitStaffReader,
    private readonly clock: Clock,
  ) {}

  /**
   * Who a crime can be allocated to, with what each already holds by queue and their capacity over the next seven
   * days (contracted hours less absence, from the staff records), least loaded first; and the units that take
   * crimes.
   */
  async allocation(
    actor: Actor,
    options: { unitId?: string | undefined } = {},
  ): Promise<{ candidates: Candidate[]; units: Unit[] }> {
    actor.permissions.require('queues.work')
    const [users, units] = await Promise.all([
      this.accounts.listUsers(actor),
      this.directory.listUnits(actor, { work: 'crime' }),
    ])
    const people = users.filter(
      (user) =>
        user.active !== false &&
        user.roles.some((role) => (PERSON_ROLES_FOR_ALLOCATION as readonly string[]).includes(role)),
    )
    const ids = people.map((user) => user.userId)
    const today = ukDate(this.clock.now())
    const days = datesFrom(today, addDays(today, 6))
    const [work, capacityByDay] = await Promise.all([
      this.db.withForce(actor.forceId, (tx) => this.crimeWorklists.openWorkByHolder(tx, ids)),
      Promise.all(days.map((day) => this.cover.capacityFor(actor, ids, day))),
    ])
    let candidates: Candidate[] = people.map((user) => {
      const mine = work.filter((row) => row.assignedUserId === user.userId)
      const known = capacityByDay.some((day) => day.has(user.userId))
      return {
        userId: user.userId,
        name: user.displayName,
        roles: user.roles,
        openWork: OPEN_STATUSES.flatMap((status) => {
          const count = Number(mine.find((row) => row.status === status)?.count ?? 0)
          return count > 0 ? [{ status, label: statusLabel(status), count }] : []
        }),
        totalOpen: mine.reduce((sum, row) => sum + Number(row.count), 0),
        contractedHours: known
          ? round1(capacityByDay.reduce((sum, day) => sum + (day.get(user.userId)?.contractedHours ?? 0), 0))
          : null,
        availableHours: known
          ? round1(capacityByDay.reduce((sum, day) => sum + (day.get(user.userId)?.availableHours ?? 0), 0))
          : null,
      }
    })
    if (options.unitId) {
      const staffUnits = await this.staffUnitsOf(actor, options.unitId)
      candidates = candidates.filter((candidate) => staffUnits.has(candidate.userId))
    }
    candidates.sort((a, b) => load(a) - load(b) || a.name.localeCompare(b.name))
    return { candidates, units }
  }

  /** People whose staff record puts them in a unit (the allocation view's unit filter). */
  private async staffUnitsOf(actor: Actor, unitId: string): Promise<Set<string>> {
    if (!isUuid(unitId)) {
      throw ValidationFailed.of('candidateUnit', 'Choose a unit from the list')
    }
    return new Set(
      (await this.staff.listStaff(actor, { unitId })).flatMap((person) => (person.userId ? [person.userId] : [])),
    )
  }
}

function round1(value: number): number {
  return Math.round(value * 10) / 10
}

/** Open crimes per 37.5 available hours (a full-time week): who has the most room, first; no capacity, last. */
function load(candidate: Candidate): number {
  const hours = candidate.availableHours ?? candidate.contractedHours
  if (hours === null || hours === undefined) {
    return Number.MAX_SAFE_INTEGER / 2 + candidate.totalOpen
  }
  return hours <= 0 ? Number.MAX_SAFE_INTEGER / 4 + candidate.totalOpen : (candidate.totalOpen * 37.5) / hours
}
