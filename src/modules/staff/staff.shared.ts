/**
 * What the staff services share: the shapes they return, the checks they all make on days and field errors, and
 * the reads more than one of them builds on (who is in post and away on a day, skill cover, control-room
 * training compliance).
 */
import type { Selectable } from 'kysely'
import type { Clock } from '../../platform/clock.ts'
import { ukDate } from '../../platform/dates.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import type { AbsenceTable, StaffMemberTable } from '../../platform/db/tables/staff.ts'
import { ValidationFailed, NotFound, type FieldError } from '../../platform/http/errors.ts'
import { groupBy } from '../../platform/collections.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { DirectoryService } from '../directory/index.ts'
import type { StaffRepository } from './staff.repository.ts'
import {
  compliance,
  inPost,
  isCalendarDay,
  skillCover,
  trainingStatus,
  wholeDayAbsentOn,
  type AbsenceType,
  type CalendarDay,
  type ComplianceEntry,
  type SkillCover,
  type SkilledPerson,
  type TrainingStatus,
} from './staff.rules.ts'

/** A staff member's row (without the force and timestamps), with the skills they hold. */
export type StaffMember = Omit<Selectable<StaffMemberTable>, 'forceId' | 'createdAt' | 'updatedAt'> & {
  skills: Array<{ skill: string; level: number }>
}

/** One absence's row (without the force and when it was recorded). */
export type Absence = Omit<Selectable<AbsenceTable>, 'forceId' | 'recordedAt'>

/** One person on one day, for the capacity forecast. */
export interface DailyAvailability {
  date: CalendarDay
  staffId: string
  userId: string | null
  unitId: string
  name: string
  /** Contracted hours that day less absence that day. */
  hours: number
  skills: Array<{ skill: string; level: number }>
}

export interface LongTermAbsence {
  absenceId: string
  staffId: string
  name: string
  unitId: string
  unitName: string
  absenceType: AbsenceType
  planned: boolean
  startsOn: CalendarDay
  expectedEndOn: CalendarDay | null
  endedOn: CalendarDay | null
  /** Calendar days, counting both ends: to the (expected) last day, or so far when open-ended. */
  days: number
}

export interface ThinSkill {
  skill: string
  label: string
  /** How many available people hold it at competent or above (fewer than two). */
  available: number
  holders: Array<{ staffId: string; name: string; level: number }>
  /** Competent holders who are away that day. */
  away: Array<{ staffId: string; name: string; level: number }>
}

export interface NotTrained {
  staffId: string
  name: string
  unitId: string
  unitName: string
  /** never_trained when any required course was never completed; otherwise expired. */
  status: 'expired' | 'never_trained'
  /** When their last completion stopped counting (the earliest, across required courses). */
  expiredOn: CalendarDay | null
  /** Their next booked course date, if they are booked on a required course. */
  nextBookingOn: CalendarDay | null
  courses: Array<{ courseCode: string } & TrainingStatus>
}

export interface TrainingCompliance {
  date: CalendarDay
  /** The courses a control-room member must be in date on. */
  requiredCourses: Array<{ courseCode: string; title: string }>
  trained: number
  total: number
  /** Per cent trained, one decimal place; null when the force has no control-room staff. */
  percent: number | null
  /** Everyone not trained: expired or never trained. */
  overdue: NotTrained[]
}

type StaffRow = Omit<StaffMember, 'skills'> & { skills: Array<{ skill: string; level: number }> | null }

export function toMember(row: StaffRow): StaffMember {
  return { ...row, workingDays: row.workingDays.map(Number), skills: row.skills ?? [] }
}

/** Checks a day given to an indicator or report; an unusable one is a field error naming `field`. */
export function requireDay(value: string, field = 'date'): CalendarDay {
  if (!isCalendarDay(value)) {
    throw ValidationFailed.of(field, 'Enter a real date written YYYY-MM-DD, for example 2026-11-26')
  }
  return value
}

export function throwIf(problems: FieldError[]): void {
  if (problems.length > 0) {
    throw new ValidationFailed(problems)
  }
}

/** Reads the staff services share, inside the caller's transaction. */
export class StaffLookups {
  constructor(
    private readonly repository: StaffRepository,
    private readonly directory: Pick<DirectoryService, 'unitsIn' | 'unitsOfTypeIn'>,
  ) {}

  async coverIn(
    tx: ForceTransaction,
    day: CalendarDay,
    unitId: string | undefined,
  ): Promise<{
    skills: Array<{ skillCode: string; label: string; description: string | null }>
    cover: SkillCover[]
    people: SkilledPerson[]
    staff: StaffMember[]
    absences: Map<string, Absence[]>
  }> {
    const skills = await this.repository.listSkills(tx)
    const { people, staff, absences } = await this.peopleIn(tx, day, unitId)
    return {
      skills,
      cover: skillCover(
        skills.map((skill) => skill.skillCode),
        people,
      ),
      people,
      staff,
      absences,
    }
  }

  async peopleIn(tx: ForceTransaction, day: CalendarDay, unitId: string | undefined) {
    const staff = (await this.repository.listStaff(tx, { unitId })).map(toMember)
    const absences = groupBy(await this.repository.absencesBetween(tx, day, day), (absence) => absence.staffId)
    const people: SkilledPerson[] = staff.map((person) => ({
      staffId: person.staffId,
      name: person.name,
      skills: person.skills,
      available: inPost(person, day) && !wholeDayAbsentOn(absences.get(person.staffId) ?? [], day),
    }))
    return { people, staff, absences }
  }

  async complianceIn(tx: ForceTransaction, day: CalendarDay): Promise<TrainingCompliance> {
    const controlRooms = await this.directory.unitsOfTypeIn(tx, 'control_room')
    const unitNames = new Map(controlRooms.map((unit) => [unit.unitId, unit.name]))
    const courses = (await this.repository.listCourses(tx)).filter((course) => course.requiredForControlRoom)
    const staff = (await this.repository.listStaff(tx, { unitIds: [...unitNames.keys()] }))
      .map(toMember)
      .filter((person) => inPost(person, day))
    const staffIds = staff.map((person) => person.staffId)
    const courseCodes = courses.map((course) => course.courseCode)
    const records =
      staffIds.length === 0 || courseCodes.length === 0
        ? []
        : await this.repository.trainingRecordsOf(tx, staffIds, courseCodes)
    const bookings = staffIds.length === 0 ? [] : await this.repository.openBookingsOf(tx, staffIds)
    const recordsOf = groupBy(records, (record) => `${record.staffId} ${record.courseCode}`)
    const entries: ComplianceEntry[] = staff.map((person) => ({
      staffId: person.staffId,
      name: person.name,
      unitId: person.unitId,
      courses: courseCodes.map((courseCode) => ({
        courseCode,
        ...trainingStatus(recordsOf.get(`${person.staffId} ${courseCode}`) ?? [], day),
      })),
    }))
    const result = compliance(entries, courseCodes)
    return {
      date: day,
      requiredCourses: courses.map(({ courseCode, title }) => ({ courseCode, title })),
      trained: result.trained,
      total: result.total,
      percent: result.percent,
      overdue: result.notTrained.map((entry) => {
        const never = entry.courses.length === 0 || entry.courses.some((course) => course.status === 'never_trained')
        const expiredOn = entry.courses
          .flatMap((course) => (course.status === 'expired' ? [course.expiredOn] : []))
          .sort()
          .at(0)
        const nextBooking = bookings.find(
          (booking) =>
            booking.staffId === entry.staffId && courseCodes.includes(booking.courseCode) && booking.courseOn >= day,
        )
        return {
          ...entry,
          unitName: unitNames.get(entry.unitId) ?? '',
          status: never ? ('never_trained' as const) : ('expired' as const),
          expiredOn: expiredOn ?? null,
          nextBookingOn: nextBooking?.courseOn ?? null,
        }
      }),
    }
  }

  /**
   * The force's IMU: its active investigation-management unit (else its first). The risk register's staff
   * indicators and the skills page both count its staff, so they read the same numbers.
   */
  async imuIn(tx: ForceTransaction): Promise<{ unitId: string; name: string } | undefined> {
    const imus = await this.directory.unitsOfTypeIn(tx, 'investigation_management')
    const imu = imus.find((unit) => unit.active) ?? imus[0]
    return imu && { unitId: imu.unitId, name: imu.name }
  }

  async unitNames(tx: ForceTransaction): Promise<Map<string, string>> {
    return new Map((await this.directory.unitsIn(tx)).map((unit) => [unit.unitId, unit.name]))
  }

  /**
   * Holds the staff member's row until the transaction ends. Absence overlap is checked by reading, then
   * writing; two requests for one person (a double-clicked form, two supervisors) would otherwise both pass the
   * check and double-count the absence. Different people's absences still go in side by side.
   */
  async lockStaff(tx: ForceTransaction, staffId: string): Promise<void> {
    if (!(await this.repository.lockStaff(tx, staffId))) {
      throw new NotFound('There is no staff member with that id in this force')
    }
  }

  async requireStaff(tx: ForceTransaction, staffId: string): Promise<StaffMember> {
    const row = await this.repository.findStaff(tx, staffId)
    if (!row) {
      throw new NotFound('There is no staff member with that id in this force')
    }
    return toMember(row)
  }
}

/**
 * What every staff service is built from: the database, the staff tables' queries, the directory (for units), the
 * audit trail and the clock, with the reads they share and today's date. The composition root makes one and
 * hands it to each staff service.
 */
export class StaffContext {
  readonly lookups: StaffLookups

  constructor(
    readonly db: TallyDatabase,
    readonly repository: StaffRepository,
    readonly directory: DirectoryService,
    readonly auditTrail: AuditTrailService,
    readonly clock: Clock,
  ) {
    this.lookups = new StaffLookups(repository, directory)
  }

  /** Today in Europe/London, by the injected clock. */
  today(): CalendarDay {
    return ukDate(this.clock.now())
  }
}
