import type { Actor } from '../../platform/auth/actor.ts'
import { datesFrom } from '../../platform/dates.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { groupBy } from '../../platform/collections.ts'
import {
  absenceLength,
  absentOn,
  availableHoursOn,
  backfillFor,
  BACKFILL_LEVEL,
  contractedHoursOn,
  daysInclusive,
  inPost,
  isLongTerm,
  wholeDayAbsentOn,
} from './staff.rules.ts'
import type { StaffContext } from './staff.shared.ts'
import {
  requireDay,
  toMember,
  type DailyAvailability,
  type LongTermAbsence,
  type ThinSkill,
  type TrainingCompliance,
} from './staff.shared.ts'

/** The longest range availability() answers in one call (two years of days). */
const MAX_AVAILABILITY_DAYS = 731

/**
 * Who is available and who can cover: the contracts the capacity forecast, the queues' allocation view and the
 * risk register read, and the skills matrix built from the same cover. Each contract admits staff.view or the
 * permission of the view that reads it (forecast, allocation, risk register).
 */
export class StaffCover {
  constructor(private readonly context: StaffContext) {}

  /**
   * Each person in post, each day from `from` to `to` inclusive: contracted hours that day (weekly hours spread
   * over their working days) less absence that day, with their skills. Days they are not in post are left out;
   * their rest days are included with 0 hours.
   */
  async availability(actor: Actor, range: { from: string; to: string }): Promise<DailyAvailability[]> {
    // The forecast reads it, for its own pages and for the inspection-ready report's breach date.
    actor.permissions.require('staff.view', 'forecast.view', 'forecast.run', 'integrity.view')
    const from = requireDay(range.from, 'from')
    const to = requireDay(range.to, 'to')
    if (to < from) {
      throw ValidationFailed.of('to', 'The end of the range must be the same as or after its start')
    }
    if (daysInclusive(from, to) > MAX_AVAILABILITY_DAYS) {
      throw ValidationFailed.of('to', `Ask for ${MAX_AVAILABILITY_DAYS} days or fewer at a time`)
    }
    const { staff, absences } = await this.context.db.withForce(actor.forceId, async (tx) => ({
      staff: (await this.context.repository.staffInPostBetween(tx, from, to)).map(toMember),
      absences: await this.context.repository.absencesBetween(tx, from, to),
    }))
    const absencesOf = groupBy(absences, (absence) => absence.staffId)
    const days = datesFrom(from, to)
    const rows: DailyAvailability[] = []
    for (const date of days) {
      for (const person of staff) {
        if (!inPost(person, date)) {
          continue
        }
        rows.push({
          date,
          staffId: person.staffId,
          userId: person.userId,
          unitId: person.unitId,
          name: person.name,
          hours: availableHoursOn(person, absencesOf.get(person.staffId) ?? [], date),
          skills: person.skills,
        })
      }
    }
    return rows
  }

  /**
   * For each user with a staff record: contracted hours on `date` and what is left after absence. Users with no
   * staff record are absent from the map (the allocation view shows them as "no staff record").
   */
  async capacityFor(
    actor: Actor,
    userIds: readonly string[],
    date: string,
  ): Promise<Map<string, { contractedHours: number; availableHours: number }>> {
    actor.permissions.require('staff.view', 'queues.work')
    const day = requireDay(date)
    const capacity = new Map<string, { contractedHours: number; availableHours: number }>()
    const ids = [...new Set(userIds)]
    if (ids.length === 0) {
      return capacity
    }
    const { staff, absences } = await this.context.db.withForce(actor.forceId, async (tx) => ({
      staff: (await this.context.repository.staffForUsers(tx, ids)).map(toMember),
      absences: await this.context.repository.absencesBetween(tx, day, day),
    }))
    const absencesOf = groupBy(absences, (absence) => absence.staffId)
    for (const person of staff) {
      capacity.set(person.userId!, {
        contractedHours: contractedHoursOn(person, day),
        availableHours: availableHoursOn(person, absencesOf.get(person.staffId) ?? [], day),
      })
    }
    return capacity
  }

  /**
   * Skills that fewer than two available people can do alone on `date` (competent or expert, in post, not away
   * all day), optionally within one unit. Includes skills nobody holds.
   */
  async skillsWithFewerThanTwoAvailable(actor: Actor, date: string, unitId?: string): Promise<ThinSkill[]> {
    actor.permissions.require('staff.view', 'risks.view', 'risks.manage')
    const day = requireDay(date)
    const { skills, cover } = await this.context.db.withForce(actor.forceId, (tx) =>
      this.context.lookups.coverIn(tx, day, unitId),
    )
    const labels = new Map(skills.map((skill) => [skill.skillCode, skill.label]))
    return cover
      .filter((entry) => entry.thin)
      .map((entry) => ({
        skill: entry.skill,
        label: labels.get(entry.skill) ?? entry.skill,
        available: entry.available.length,
        holders: entry.available,
        away: entry.unavailable,
      }))
  }

  /** The force's IMU, whose staff the risk register's skills and absence indicators count (the skills page's default). */
  async imuUnit(actor: Actor): Promise<{ unitId: string; name: string } | undefined> {
    actor.permissions.require('staff.view', 'risks.view', 'risks.manage')
    return this.context.db.withForce(actor.forceId, (tx) => this.context.lookups.imuIn(tx))
  }

  /** Absences going on on `date` that are long-term (28 calendar days or more), optionally within one unit. */
  async longTermAbsences(actor: Actor, date: string, unitId?: string): Promise<LongTermAbsence[]> {
    actor.permissions.require('staff.view', 'risks.view', 'risks.manage')
    const day = requireDay(date)
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const absences = await this.context.repository.absencesBetween(tx, day, day)
      const staff = new Map(
        (await this.context.repository.listStaff(tx, { unitId })).map((row) => [row.staffId, toMember(row)]),
      )
      const units = await this.context.lookups.unitNames(tx)
      return absences
        .filter((absence) => staff.has(absence.staffId) && isLongTerm(absence, day))
        .map((absence) => {
          const person = staff.get(absence.staffId)!
          return {
            absenceId: absence.absenceId,
            staffId: absence.staffId,
            name: person.name,
            unitId: person.unitId,
            unitName: units.get(person.unitId) ?? '',
            absenceType: absence.absenceType,
            planned: absence.planned,
            startsOn: absence.startsOn,
            expectedEndOn: absence.expectedEndOn,
            endedOn: absence.endedOn,
            days: absenceLength(absence, day),
          }
        })
        .sort((a, b) => b.days - a.days || a.name.localeCompare(b.name))
    })
  }

  /**
   * Control-room crime-recording training compliance on `date`. Control-room staff are the staff in post in a
   * unit of type control_room in the directory (not holders of the control_room_operator role: recruits are
   * staff before they have accounts, and rotas are kept by unit). Trained = an in-date completion of every
   * course marked "required for the control room" (the crime-recording course by default).
   */
  async controlRoomTrainingCompliance(actor: Actor, date: string): Promise<TrainingCompliance> {
    actor.permissions.require('staff.view', 'risks.view', 'risks.manage')
    const day = requireDay(date)
    return this.context.db.withForce(actor.forceId, (tx) => this.context.lookups.complianceIn(tx, day))
  }

  /**
   * Who holds which skill at which level, who is available on `date`, cover per skill (thin when fewer than two
   * available people can do it alone) and, for each person away that day, who can backfill them.
   */
  async skillsMatrix(actor: Actor, options: { date?: string | undefined; unitId?: string | undefined } = {}) {
    actor.permissions.require('staff.view')
    const day = options.date === undefined ? this.context.today() : requireDay(options.date)
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const { skills, cover, people, staff, absences } = await this.context.lookups.coverIn(tx, day, options.unitId)
      const units = await this.context.lookups.unitNames(tx)
      const away = staff.filter(
        (person) => inPost(person, day) && wholeDayAbsentOn(absences.get(person.staffId) ?? [], day),
      )
      return {
        date: day,
        units: await this.context.directory.unitsIn(tx),
        skills,
        cover,
        people: staff.map((person) => {
          const absence = (absences.get(person.staffId) ?? []).find((entry) => absentOn(entry, day))
          return {
            ...person,
            unitName: units.get(person.unitId) ?? '',
            available: people.find((entry) => entry.staffId === person.staffId)!.available,
            inPost: inPost(person, day),
            absence: absence && { ...absence, longTerm: isLongTerm(absence, day) },
            levels: Object.fromEntries(person.skills.map((held) => [held.skill, held.level])),
          }
        }),
        backfill: away.map((person) => ({
          staffId: person.staffId,
          name: person.name,
          skills: backfillFor(
            { ...people.find((entry) => entry.staffId === person.staffId)!, available: false },
            people,
          ),
        })),
        backfillLevel: BACKFILL_LEVEL,
      }
    })
  }
}
