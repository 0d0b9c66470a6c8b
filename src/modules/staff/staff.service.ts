import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { addDays, datesFrom, ukDate } from '../../platform/dates.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { isUniqueViolation } from '../../platform/db/errors.ts'
import { Conflict, NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { formatDate } from '../../platform/views/format.ts'
import type { AccountsService } from '../accounts/index.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { DirectoryService, Unit } from '../directory/index.ts'
import type { StaffRepository, StaffValues } from './staff.repository.ts'
import {
  ABSENCE_TYPES,
  absenceLength,
  absenceProblems,
  absentOn,
  availableHoursOn,
  backfillFor,
  BACKFILL_LEVEL,
  cancellationProblems,
  compliance,
  contractedHoursOn,
  courseProblems,
  dateProblem,
  daysInclusive,
  endAbsenceProblems,
  expiryOf,
  inPost,
  isCalendarDay,
  isLongTerm,
  isSkillLevel,
  lastDayOf,
  normaliseWorkingDays,
  parseHours,
  skillCover,
  skillProblems,
  staffProblems,
  STANDARD_COURSES,
  STANDARD_SKILLS,
  trainingStatus,
  wholeDayAbsentOn,
  type AbsenceInput,
  type AbsenceType,
  type CalendarDay,
  type CancellationInput,
  type CancellationReason,
  type ComplianceEntry,
  type SkillCover,
  type SkilledPerson,
  type StaffInput,
  type TrainingStatus,
} from './staff.rules.ts'
import { groupBy } from '../../platform/collections.ts'

/** An open-ended absence reaches this far when looking for overlaps. */
const FAR_FUTURE = '9999-12-31'
/** The longest range availability() answers in one call (two years of days). */
const MAX_AVAILABILITY_DAYS = 731

export interface StaffMember {
  staffId: string
  unitId: string
  userId: string | null
  name: string
  jobTitle: string
  contractedHours: number
  workingDays: number[]
  startedOn: CalendarDay
  leftOn: CalendarDay | null
  version: number
  skills: Array<{ skill: string; level: number }>
}

export interface Absence {
  absenceId: string
  staffId: string
  absenceType: AbsenceType
  planned: boolean
  startsOn: CalendarDay
  expectedEndOn: CalendarDay | null
  endedOn: CalendarDay | null
  hoursPerDay: number | null
  version: number
}

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

function toMember(row: StaffRow): StaffMember {
  return { ...row, workingDays: row.workingDays.map(Number), skills: row.skills ?? [] }
}

function databaseCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
}

/** Checks a day given to an indicator or report; an unusable one is a field error naming `field`. */
function requireDay(value: string, field = 'date'): CalendarDay {
  if (!isCalendarDay(value)) {
    throw ValidationFailed.of(field, 'Enter a real date written YYYY-MM-DD, for example 2026-11-26')
  }
  return value
}

function throwIf(problems: FieldError[]): void {
  if (problems.length > 0) {
    throw new ValidationFailed(problems)
  }
}

/**
 * Staff, skills, absence and training. Routes check staff.view / staff.manage; the contract methods
 * (availability, capacityFor and the indicators) serve other modules whose own routes check their permissions.
 * Every change is in the audit trail; so is every view of a staff member's page (it shows sickness absence).
 */
export class StaffService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: StaffRepository,
    private readonly directory: DirectoryService,
    private readonly accounts: Pick<AccountsService, 'listUsers'>,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /** Today in Europe/London, by the injected clock. */
  today(): CalendarDay {
    return ukDate(this.clock.now())
  }

  // -------------------------------------------------------------------------------------------------------------
  // Contracts for the capacity forecast, the queues' allocation view and the risk register

  /**
   * Each person in post, each day from `from` to `to` inclusive: contracted hours that day (weekly hours spread
   * over their working days) less absence that day, with their skills. Days they are not in post are left out;
   * their rest days are included with 0 hours.
   */
  async availability(actor: Actor, range: { from: string; to: string }): Promise<DailyAvailability[]> {
    const from = requireDay(range.from, 'from')
    const to = requireDay(range.to, 'to')
    if (to < from) {
      throw ValidationFailed.of('to', 'The end of the range must be the same as or after its start')
    }
    if (daysInclusive(from, to) > MAX_AVAILABILITY_DAYS) {
      throw ValidationFailed.of('to', `Ask for ${MAX_AVAILABILITY_DAYS} days or fewer at a time`)
    }
    const { staff, absences } = await this.db.withForce(actor.forceId, async (tx) => ({
      staff: (await this.repository.staffInPostBetween(tx, from, to)).map(toMember),
      absences: await this.repository.absencesBetween(tx, from, to),
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
    const day = requireDay(date)
    const capacity = new Map<string, { contractedHours: number; availableHours: number }>()
    const ids = [...new Set(userIds)]
    if (ids.length === 0) {
      return capacity
    }
    const { staff, absences } = await this.db.withForce(actor.forceId, async (tx) => ({
      staff: (await this.repository.staffForUsers(tx, ids)).map(toMember),
      absences: await this.repository.absencesBetween(tx, day, day),
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
    const day = requireDay(date)
    const { skills, cover } = await this.db.withForce(actor.forceId, (tx) => this.coverIn(tx, day, unitId))
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

  /** Absences going on on `date` that are long-term (28 calendar days or more), optionally within one unit. */
  async longTermAbsences(actor: Actor, date: string, unitId?: string): Promise<LongTermAbsence[]> {
    const day = requireDay(date)
    return this.db.withForce(actor.forceId, async (tx) => {
      const absences = await this.repository.absencesBetween(tx, day, day)
      const staff = new Map(
        (await this.repository.listStaff(tx, { unitId })).map((row) => [row.staffId, toMember(row)]),
      )
      const units = await this.unitNames(tx)
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
    const day = requireDay(date)
    return this.db.withForce(actor.forceId, (tx) => this.complianceIn(tx, day))
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reference data: skills and courses

  listSkills(actor: Actor) {
    return this.db.withForce(actor.forceId, (tx) => this.repository.listSkills(tx))
  }

  async addSkill(actor: Actor, input: { skillCode: string; label: string; description?: string | undefined }) {
    const skill = {
      skillCode: input.skillCode.trim(),
      label: input.label.trim(),
      description: input.description?.trim() || null,
    }
    throwIf(skillProblems(skill))
    await this.db.withForce(actor.forceId, async (tx) => {
      const added = await this.repository.insertSkills(tx, [skill], this.clock.now())
      if (added.length === 0) {
        throw ValidationFailed.of('skillCode', `This force already has a skill with the code ${skill.skillCode}`)
      }
      this.auditTrail.record(tx, actor, {
        action: 'SKILL_CREATED',
        recordType: 'skill',
        recordId: skill.skillCode,
        changes: changedFields(undefined, skill),
      })
    })
    return { skillCode: skill.skillCode }
  }

  /** Adds the standard IMU skills the force does not have yet; returns how many were added. */
  async addStandardSkills(actor: Actor): Promise<number> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const added = await this.repository.insertSkills(tx, STANDARD_SKILLS, this.clock.now())
      for (const skillCode of added) {
        const skill = STANDARD_SKILLS.find((standard) => standard.skillCode === skillCode)!
        this.auditTrail.record(tx, actor, {
          action: 'SKILL_CREATED',
          recordType: 'skill',
          recordId: skillCode,
          changes: changedFields(undefined, { ...skill }),
        })
      }
      return added.length
    })
  }

  listCourses(actor: Actor) {
    return this.db.withForce(actor.forceId, (tx) => this.repository.listCourses(tx))
  }

  async addCourse(
    actor: Actor,
    input: {
      courseCode: string
      title: string
      validityMonths?: string | number | undefined
      requiredForControlRoom: boolean
    },
  ) {
    throwIf(courseProblems({ ...input, courseCode: input.courseCode.trim(), validityMonths: input.validityMonths }))
    const course = {
      courseCode: input.courseCode.trim(),
      title: input.title.trim(),
      validityMonths: parseHours(input.validityMonths) ?? null,
      requiredForControlRoom: input.requiredForControlRoom,
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const added = await this.repository.insertCourses(tx, [course], this.clock.now())
      if (added.length === 0) {
        throw ValidationFailed.of('courseCode', `This force already has a course with the code ${course.courseCode}`)
      }
      this.auditTrail.record(tx, actor, {
        action: 'COURSE_CREATED',
        recordType: 'training-course',
        recordId: course.courseCode,
        changes: changedFields(undefined, course),
      })
    })
    return { courseCode: course.courseCode }
  }

  /** Adds the standard courses (crime recording first) the force does not have yet; returns how many. */
  async addStandardCourses(actor: Actor): Promise<number> {
    return this.db.withForce(actor.forceId, async (tx) => {
      const added = await this.repository.insertCourses(tx, STANDARD_COURSES, this.clock.now())
      for (const courseCode of added) {
        const course = STANDARD_COURSES.find((standard) => standard.courseCode === courseCode)!
        this.auditTrail.record(tx, actor, {
          action: 'COURSE_CREATED',
          recordType: 'training-course',
          recordId: courseCode,
          changes: changedFields(undefined, { ...course }),
        })
      }
      return added.length
    })
  }

  // -------------------------------------------------------------------------------------------------------------
  // Staff members

  /** Units and user accounts to choose from on the add/edit staff form. */
  async formOptions(
    actor: Actor,
  ): Promise<{ units: Unit[]; users: Array<{ userId: string; displayName: string; username: string }> }> {
    const users = await this.accounts.listUsers(actor)
    const units = await this.directory.listUnits(actor)
    return {
      units,
      users: users.map(({ userId, displayName, username }) => ({ userId, displayName, username })),
    }
  }

  /**
   * Everyone (optionally in one unit), with where they are on `date`: in post, away (and whether long-term), and
   * their hours that day.
   */
  listStaff(actor: Actor, filter: { unitId?: string | undefined; date?: string | undefined } = {}) {
    const day = filter.date === undefined ? this.today() : requireDay(filter.date)
    return this.db.withForce(actor.forceId, (tx) => this.staffOn(tx, day, filter.unitId))
  }

  /** The staff list page: everyone (or one unit's staff) today, and the units to filter by. */
  staffPage(actor: Actor, filter: { unitId?: string | undefined } = {}) {
    const day = this.today()
    return this.db.withForce(actor.forceId, async (tx) => ({
      date: day,
      units: await this.directory.unitsIn(tx),
      skills: await this.repository.listSkills(tx),
      staff: await this.staffOn(tx, day, filter.unitId),
    }))
  }

  private async staffOn(tx: ForceTransaction, day: CalendarDay, unitId: string | undefined) {
    const staff = (await this.repository.listStaff(tx, { unitId })).map(toMember)
    const absences = groupBy(await this.repository.absencesBetween(tx, day, day), (absence) => absence.staffId)
    const units = await this.unitNames(tx)
    return staff.map((person) => {
      const own = absences.get(person.staffId) ?? []
      const absence = own.find((entry) => absentOn(entry, day))
      return {
        ...person,
        unitName: units.get(person.unitId) ?? '',
        inPost: inPost(person, day),
        absence: absence && { ...absence, longTerm: isLongTerm(absence, day) },
        contractedHoursToday: contractedHoursOn(person, day),
        availableHoursToday: availableHoursOn(person, own, day),
      }
    })
  }

  /** One staff member as stored (for an edit form); NotFound if there is none in this force. */
  async getStaffMember(actor: Actor, staffId: string): Promise<StaffMember> {
    const row = await this.db.withForce(actor.forceId, (tx) => this.repository.findStaff(tx, staffId))
    if (!row) {
      throw new NotFound('There is no staff member with that id in this force')
    }
    return toMember(row)
  }

  /** What a form about one person needs: who they are, and the force's skills and courses to choose from. */
  async formContext(actor: Actor, staffId: string) {
    return this.db.withForce(actor.forceId, async (tx) => ({
      member: await this.requireStaff(tx, staffId),
      skills: await this.repository.listSkills(tx),
      courses: await this.repository.listCourses(tx),
    }))
  }

  /** One absence of one person (for the "end absence" form). */
  async getAbsence(actor: Actor, staffId: string, absenceId: string) {
    return this.db.withForce(actor.forceId, async (tx) => {
      const member = await this.requireStaff(tx, staffId)
      const absence = await this.repository.findAbsence(tx, staffId, absenceId)
      if (!absence) {
        throw new NotFound('There is no such absence for this staff member')
      }
      return { member, absence }
    })
  }

  /** One booking of one person, with its course (for the cancellation form). */
  async getBooking(actor: Actor, staffId: string, bookingId: string) {
    return this.db.withForce(actor.forceId, async (tx) => {
      const member = await this.requireStaff(tx, staffId)
      const booking = await this.repository.findBooking(tx, staffId, bookingId)
      if (!booking) {
        throw new NotFound('There is no such booking for this staff member')
      }
      const course = await this.repository.findCourse(tx, booking.courseCode)
      return { member, booking, courseTitle: course?.title ?? booking.courseCode }
    })
  }

  /**
   * A staff member's page: details, skills (with who can backfill them), absences, training and bookings.
   * Recorded in the audit trail as STAFF_VIEWED, because it shows sickness absence.
   */
  async staffProfile(actor: Actor, staffId: string) {
    const day = this.today()
    return this.db.withForce(actor.forceId, async (tx) => {
      const row = await this.repository.findStaff(tx, staffId)
      if (!row) {
        throw new NotFound('There is no staff member with that id in this force')
      }
      const member = toMember(row)
      const unit = await this.directory.unitIn(tx, member.unitId)
      const absences = await this.repository.absencesFor(tx, staffId)
      const training = await this.repository.trainingRecordsFor(tx, staffId)
      const bookings = await this.repository.bookingsFor(tx, staffId)
      const courses = await this.repository.listCourses(tx)
      const skills = await this.repository.listSkills(tx)
      const { people } = await this.peopleIn(tx, day, undefined)
      const person = people.find((entry) => entry.staffId === staffId)!
      this.auditTrail.record(tx, actor, { action: 'STAFF_VIEWED', recordType: 'staff', recordId: staffId })
      const titles = new Map(courses.map((course) => [course.courseCode, course.title]))
      return {
        today: day,
        member,
        unit,
        available: person.available,
        contractedHoursToday: contractedHoursOn(member, day),
        availableHoursToday: availableHoursOn(member, absences, day),
        skills,
        backfill: backfillFor(person, people),
        absences: absences.map((absence) => ({
          ...absence,
          current: absentOn(absence, day),
          longTerm: isLongTerm(absence, day),
          days: absenceLength(absence, day),
          lastDay: lastDayOf(absence),
        })),
        training: training.map((record) => ({
          ...record,
          inDate: record.expiresOn === null || (record.completedOn <= day && day < record.expiresOn),
        })),
        bookings: bookings.map((booking) => ({
          ...booking,
          title: titles.get(booking.courseCode) ?? booking.courseCode,
        })),
        courses,
      }
    })
  }

  async createStaff(actor: Actor, input: StaffInput): Promise<{ staffId: string }> {
    throwIf(staffProblems(input))
    const values = toStaffValues(input)
    const staffId = newId()
    return this.withUserLinkErrors(() =>
      this.db.withForce(actor.forceId, async (tx) => {
        await this.checkUnitAndUser(tx, values)
        await this.repository.insertStaff(tx, { ...values, staffId }, this.clock.now())
        this.auditTrail.record(tx, actor, {
          action: 'STAFF_CREATED',
          recordType: 'staff',
          recordId: staffId,
          changes: changedFields(undefined, { ...values }),
        })
        return { staffId }
      }),
    )
  }

  async updateStaff(
    actor: Actor,
    staffId: string,
    input: StaffInput & { expectedVersion: number },
  ): Promise<{ version: number }> {
    throwIf(staffProblems(input))
    const values = toStaffValues(input)
    return this.withUserLinkErrors(() =>
      this.db.withForce(actor.forceId, async (tx) => {
        const before = await this.repository.findStaff(tx, staffId)
        if (!before) {
          throw new NotFound('There is no staff member with that id in this force')
        }
        await this.checkUnitAndUser(tx, values, staffId)
        const updated = await this.repository.updateStaff(tx, staffId, input.expectedVersion, values, this.clock.now())
        if (!updated) {
          throw new Conflict(
            `${before.name}’s details were changed by someone else while you were editing them. Reload to see their changes, then make yours again.`,
          )
        }
        const { skills: _skills, version: _version, staffId: _id, ...previous } = toMember(before)
        this.auditTrail.record(tx, actor, {
          action: 'STAFF_UPDATED',
          recordType: 'staff',
          recordId: staffId,
          changes: changedFields(previous, { ...values }),
        })
        return { version: updated.version }
      }),
    )
  }

  /** Gives a person a skill at a level (1 learning, 2 competent, 3 expert), or changes their level. */
  async setSkillLevel(actor: Actor, staffId: string, input: { skill: string; level: number | string }): Promise<void> {
    const level = Number(input.level)
    const problems: FieldError[] = []
    if (input.skill.trim() === '') {
      problems.push({ field: 'skill', message: 'Choose a skill' })
    }
    if (!isSkillLevel(level)) {
      problems.push({ field: 'level', message: 'Choose a level: 1 learning, 2 competent or 3 expert' })
    }
    throwIf(problems)
    await this.db.withForce(actor.forceId, async (tx) => {
      const member = await this.requireStaff(tx, staffId)
      if (!(await this.repository.findSkill(tx, input.skill))) {
        throw ValidationFailed.of('skill', `Unknown skill: ${input.skill}. Choose one of this force’s skills`)
      }
      const before = member.skills.find((held) => held.skill === input.skill)?.level ?? null
      await this.repository.setSkill(tx, staffId, input.skill, level, this.clock.now())
      this.auditTrail.record(tx, actor, {
        action: 'STAFF_SKILL_SET',
        recordType: 'staff',
        recordId: staffId,
        changes: { [`skill:${input.skill}`]: { before, after: level } },
      })
    })
  }

  async removeSkill(actor: Actor, staffId: string, skill: string): Promise<void> {
    await this.db.withForce(actor.forceId, async (tx) => {
      await this.requireStaff(tx, staffId)
      const removed = await this.repository.removeSkill(tx, staffId, skill)
      if (!removed) {
        throw new NotFound('They do not hold that skill')
      }
      this.auditTrail.record(tx, actor, {
        action: 'STAFF_SKILL_REMOVED',
        recordType: 'staff',
        recordId: staffId,
        changes: { [`skill:${skill}`]: { before: removed.level, after: null } },
      })
    })
  }

  // -------------------------------------------------------------------------------------------------------------
  // Absences

  /**
   * Records an absence. The expected end may be blank (unknown, as much sickness is); it must not be before the
   * start. An absence may not overlap another of the same person's (checked with their row locked).
   */
  async recordAbsence(actor: Actor, staffId: string, input: AbsenceInput): Promise<{ absenceId: string }> {
    throwIf(absenceProblems(input))
    const absence = {
      absenceId: newId(),
      staffId,
      absenceType: input.absenceType as AbsenceType,
      planned: input.planned!,
      startsOn: input.startsOn,
      expectedEndOn: input.expectedEndOn === '' ? null : input.expectedEndOn,
      hoursPerDay: parseHours(input.hoursPerDay) ?? null,
      recordedAt: this.clock.now(),
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      await this.lockStaff(tx, staffId)
      const overlapping = await this.repository.absencesBetween(
        tx,
        absence.startsOn,
        absence.expectedEndOn ?? FAR_FUTURE,
        staffId,
      )
      refuseOverlap(overlapping, 'startsOn')
      await this.repository.insertAbsence(tx, absence)
      const { absenceId: _id, staffId: _staff, recordedAt: _at, ...recorded } = absence
      this.auditTrail.record(tx, actor, {
        action: 'ABSENCE_RECORDED',
        recordType: 'staff',
        recordId: staffId,
        changes: { absenceId: absence.absenceId, ...changedFields(undefined, recorded) },
      })
      return { absenceId: absence.absenceId }
    })
  }

  /** Records the last day of an absence (when the person came back, or will). */
  async endAbsence(
    actor: Actor,
    staffId: string,
    absenceId: string,
    input: { endedOn: string; expectedVersion: number },
  ): Promise<void> {
    await this.db.withForce(actor.forceId, async (tx) => {
      await this.lockStaff(tx, staffId)
      const absence = await this.repository.findAbsence(tx, staffId, absenceId)
      if (!absence) {
        throw new NotFound('There is no such absence for this staff member')
      }
      throwIf(endAbsenceProblems(input, absence.startsOn))
      const overlapping = (await this.repository.absencesBetween(tx, absence.startsOn, input.endedOn, staffId)).filter(
        (other) => other.absenceId !== absenceId,
      )
      refuseOverlap(overlapping, 'endedOn')
      const ended = await this.repository.endAbsence(tx, absenceId, input.expectedVersion, input.endedOn)
      if (!ended) {
        throw new Conflict('This absence was changed by someone else. Reload the page to see the change.')
      }
      this.auditTrail.record(tx, actor, {
        action: 'ABSENCE_ENDED',
        recordType: 'staff',
        recordId: staffId,
        changes: { absenceId, endedOn: { before: absence.endedOn, after: input.endedOn } },
      })
    })
  }

  /** Absences going on at any time from `from` to `to`, with who and where, long-term ones marked. */
  async listAbsences(actor: Actor, range: { from: string; to: string }) {
    const from = requireDay(range.from, 'from')
    const to = requireDay(range.to, 'to')
    const day = this.today()
    return this.db.withForce(actor.forceId, async (tx) => {
      const absences = await this.repository.absencesBetween(tx, from, to)
      const staff = new Map((await this.repository.listStaff(tx, {})).map((row) => [row.staffId, toMember(row)]))
      const units = await this.unitNames(tx)
      return absences.map((absence) => {
        const person = staff.get(absence.staffId)
        return {
          ...absence,
          name: person?.name ?? '',
          unitId: person?.unitId ?? '',
          unitName: units.get(person?.unitId ?? '') ?? '',
          current: absentOn(absence, day),
          longTerm: isLongTerm(absence, day),
          days: absenceLength(absence, day),
          lastDay: lastDayOf(absence),
        }
      })
    })
  }

  // -------------------------------------------------------------------------------------------------------------
  // Training

  /** Records a completed course; it counts until the course's validity runs out. */
  async recordTraining(actor: Actor, staffId: string, input: { course: string; completedOn: string }) {
    const problems: FieldError[] = []
    if (input.course.trim() === '') {
      problems.push({ field: 'course', message: 'Choose the course' })
    }
    if (dateProblem(problems, 'completedOn', input.completedOn, 'the date they completed the course', true)) {
      if (input.completedOn > this.today()) {
        problems.push({ field: 'completedOn', message: 'The completion date cannot be in the future' })
      }
    }
    throwIf(problems)
    return this.db.withForce(actor.forceId, async (tx) => {
      await this.requireStaff(tx, staffId)
      const course = await this.repository.findCourse(tx, input.course)
      if (!course) {
        throw ValidationFailed.of('course', `Unknown course: ${input.course}. Choose one of this force’s courses`)
      }
      const recordId = newId()
      const expiresOn = expiryOf(input.completedOn, course.validityMonths)
      await this.repository.insertTrainingRecord(tx, {
        recordId,
        staffId,
        courseCode: course.courseCode,
        completedOn: input.completedOn,
        expiresOn,
        bookingId: null,
        recordedAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'TRAINING_RECORDED',
        recordType: 'staff',
        recordId: staffId,
        changes: {
          trainingRecordId: recordId,
          ...changedFields(undefined, { course: course.courseCode, completedOn: input.completedOn, expiresOn }),
        },
      })
      return { recordId, expiresOn }
    })
  }

  async bookTraining(actor: Actor, staffId: string, input: { course: string; courseOn: string }) {
    const problems: FieldError[] = []
    if (input.course.trim() === '') {
      problems.push({ field: 'course', message: 'Choose the course' })
    }
    dateProblem(problems, 'courseOn', input.courseOn, 'the date of the course', true)
    throwIf(problems)
    return this.db.withForce(actor.forceId, async (tx) => {
      await this.requireStaff(tx, staffId)
      const course = await this.repository.findCourse(tx, input.course)
      if (!course) {
        throw ValidationFailed.of('course', `Unknown course: ${input.course}. Choose one of this force’s courses`)
      }
      const bookingId = newId()
      await this.repository.insertBooking(tx, {
        bookingId,
        staffId,
        courseCode: course.courseCode,
        courseOn: input.courseOn,
        bookedAt: this.clock.now(),
        bookedByName: actor.name,
      })
      this.auditTrail.record(tx, actor, {
        action: 'TRAINING_BOOKED',
        recordType: 'staff',
        recordId: staffId,
        changes: { bookingId, ...changedFields(undefined, { course: course.courseCode, courseOn: input.courseOn }) },
      })
      return { bookingId }
    })
  }

  /**
   * Cancels a booking. When the reason is that the person was not released from duty, why and who decided are
   * required: the not-released report (HMIC 2015's unseen finding) is built from them.
   */
  async cancelBooking(
    actor: Actor,
    staffId: string,
    bookingId: string,
    input: CancellationInput & { expectedVersion: number },
  ): Promise<void> {
    throwIf(cancellationProblems(input))
    const reason = input.reason as CancellationReason
    const cancellation = {
      cancellationReason: reason,
      cancellationDetail: input.detail.trim() || null,
      decidedBy: reason === 'not_released' ? input.decidedBy.trim() : input.decidedBy.trim() || null,
      cancelledAt: this.clock.now(),
      cancelledById: actor.id,
      cancelledByName: actor.name,
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const booking = await this.repository.findBooking(tx, staffId, bookingId)
      if (!booking) {
        throw new NotFound('There is no such booking for this staff member')
      }
      if (booking.status !== 'booked') {
        throw new Conflict(`This booking is already ${booking.status}, so it cannot be cancelled.`)
      }
      if (!(await this.repository.cancelBooking(tx, bookingId, input.expectedVersion, cancellation))) {
        throw new Conflict('This booking was changed by someone else. Reload the page to see the change.')
      }
      this.auditTrail.record(tx, actor, {
        action: 'TRAINING_CANCELLED',
        recordType: 'staff',
        recordId: staffId,
        changes: {
          bookingId,
          status: { before: 'booked', after: 'cancelled' },
          reason: { before: null, after: reason },
          decidedBy: { before: null, after: cancellation.decidedBy },
        },
        reason: cancellation.cancellationDetail ?? undefined,
      })
    })
  }

  /** Marks a booking attended, which records the completion (dated the course day). */
  async markAttended(actor: Actor, staffId: string, bookingId: string, input: { expectedVersion: number }) {
    return this.db.withForce(actor.forceId, async (tx) => {
      const booking = await this.repository.findBooking(tx, staffId, bookingId)
      if (!booking) {
        throw new NotFound('There is no such booking for this staff member')
      }
      if (booking.status !== 'booked') {
        throw new Conflict(`This booking is already ${booking.status}.`)
      }
      if (booking.courseOn > this.today()) {
        throw new Conflict('The course has not happened yet: mark it attended on or after the course day.')
      }
      const course = (await this.repository.findCourse(tx, booking.courseCode))!
      if (!(await this.repository.markAttended(tx, bookingId, input.expectedVersion))) {
        throw new Conflict('This booking was changed by someone else. Reload the page to see the change.')
      }
      const recordId = newId()
      const expiresOn = expiryOf(booking.courseOn, course.validityMonths)
      await this.repository.insertTrainingRecord(tx, {
        recordId,
        staffId,
        courseCode: booking.courseCode,
        completedOn: booking.courseOn,
        expiresOn,
        bookingId,
        recordedAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'TRAINING_ATTENDED',
        recordType: 'staff',
        recordId: staffId,
        changes: {
          bookingId,
          trainingRecordId: recordId,
          status: { before: 'booked', after: 'attended' },
          completedOn: { before: null, after: booking.courseOn },
          expiresOn: { before: null, after: expiresOn },
        },
      })
      return { recordId, expiresOn }
    })
  }

  /** The training page: control-room compliance, completions expiring in the next `withinDays`, the courses. */
  async trainingOverview(actor: Actor, options: { date?: string | undefined; withinDays?: number } = {}) {
    const day = options.date === undefined ? this.today() : requireDay(options.date)
    return this.db.withForce(actor.forceId, async (tx) => {
      const controlRoom = await this.complianceIn(tx, day)
      const courses = await this.repository.listCourses(tx)
      const expiring = await this.repository.trainingExpiring(tx, day, addDays(day, options.withinDays ?? 60))
      const titles = new Map(courses.map((course) => [course.courseCode, course.title]))
      return {
        controlRoom,
        courses,
        expiring: expiring.map((record) => ({ ...record, title: titles.get(record.courseCode) ?? record.courseCode })),
      }
    })
  }

  /** Bookings cancelled because the person was not released, with the course from `from` to `to`. */
  async notReleasedReport(actor: Actor, range: { from: string; to: string }) {
    const from = requireDay(range.from, 'from')
    const to = requireDay(range.to, 'to')
    if (to < from) {
      throw ValidationFailed.of('to', 'The end of the period must be the same as or after its start')
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const rows = await this.repository.notReleased(tx, from, to)
      const units = await this.unitNames(tx)
      return rows.map((row) => ({ ...row, unitName: units.get(row.unitId) ?? '' }))
    })
  }

  // -------------------------------------------------------------------------------------------------------------
  // The skills matrix

  /**
   * Who holds which skill at which level, who is available on `date`, cover per skill (thin when fewer than two
   * available people can do it alone) and, for each person away that day, who can backfill them.
   */
  async skillsMatrix(actor: Actor, options: { date?: string | undefined; unitId?: string | undefined } = {}) {
    const day = options.date === undefined ? this.today() : requireDay(options.date)
    return this.db.withForce(actor.forceId, async (tx) => {
      const { skills, cover, people, staff, absences } = await this.coverIn(tx, day, options.unitId)
      const units = await this.unitNames(tx)
      const away = staff.filter(
        (person) => inPost(person, day) && wholeDayAbsentOn(absences.get(person.staffId) ?? [], day),
      )
      return {
        date: day,
        units: await this.directory.unitsIn(tx),
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

  // -------------------------------------------------------------------------------------------------------------

  private async coverIn(
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

  private async peopleIn(tx: ForceTransaction, day: CalendarDay, unitId: string | undefined) {
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

  private async complianceIn(tx: ForceTransaction, day: CalendarDay): Promise<TrainingCompliance> {
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

  private async unitNames(tx: ForceTransaction): Promise<Map<string, string>> {
    return new Map((await this.directory.unitsIn(tx)).map((unit) => [unit.unitId, unit.name]))
  }

  /**
   * Holds the staff member's row until the transaction ends. Absence overlap is checked by reading, then
   * writing; two requests for one person (a double-clicked form, two supervisors) would otherwise both pass the
   * check and double-count the absence. Different people's absences still go in side by side.
   */
  private async lockStaff(tx: ForceTransaction, staffId: string): Promise<void> {
    if (!(await this.repository.lockStaff(tx, staffId))) {
      throw new NotFound('There is no staff member with that id in this force')
    }
  }

  private async requireStaff(tx: ForceTransaction, staffId: string): Promise<StaffMember> {
    const row = await this.repository.findStaff(tx, staffId)
    if (!row) {
      throw new NotFound('There is no staff member with that id in this force')
    }
    return toMember(row)
  }

  private async checkUnitAndUser(tx: ForceTransaction, values: StaffValues, staffId?: string): Promise<void> {
    const problems: FieldError[] = []
    if (!(await this.directory.unitIn(tx, values.unitId))) {
      problems.push({ field: 'unitId', message: 'Choose a unit from the directory' })
    }
    if (values.userId !== null) {
      const linked = await this.repository.staffLinkedTo(tx, values.userId, staffId)
      if (linked) {
        problems.push({ field: 'userId', message: `That Tally account already belongs to ${linked.name}` })
      }
    }
    throwIf(problems)
  }

  /**
   * The database has the last word on the account link: an account that does not exist in this force breaks a
   * foreign key, and two staff records racing for one account break a unique index. Either is a field error.
   */
  private async withUserLinkErrors<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work()
    } catch (error) {
      const code = databaseCode(error)
      if (code === '23503') {
        throw ValidationFailed.of('userId', 'Choose their Tally account from the list, or none')
      }
      if (isUniqueViolation(error, 'staff_member_user_key')) {
        throw ValidationFailed.of('userId', 'That Tally account already belongs to another staff member')
      }
      throw error
    }
  }
}

function toStaffValues(input: StaffInput): StaffValues {
  return {
    unitId: input.unitId,
    userId: input.userId ? input.userId : null,
    name: input.name.trim(),
    jobTitle: input.jobTitle.trim(),
    contractedHours: parseHours(input.contractedHours)!,
    workingDays: normaliseWorkingDays(input.workingDays),
    startedOn: input.startedOn,
    leftOn: input.leftOn ? input.leftOn : null,
  }
}

function refuseOverlap(overlapping: readonly Absence[], field: string): void {
  const clash = overlapping[0]
  if (clash) {
    const end = lastDayOf(clash)
    const what = `${ABSENCE_TYPES[clash.absenceType].toLowerCase()} absence from ${formatDate(clash.startsOn)}`
    throw ValidationFailed.of(
      field,
      end === null
        ? `This overlaps their ${what}, which has no end date: end that absence first`
        : `This overlaps their ${what} to ${formatDate(end)}`,
    )
  }
}
