import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { isUniqueViolation } from '../../platform/db/errors.ts'
import { Conflict, NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { AccountsService } from '../accounts/index.ts'
import { changedFields } from '../audit-trail/index.ts'
import type { Unit } from '../directory/index.ts'
import type { StaffValues } from './staff.repository.ts'
import {
  absenceLength,
  absentOn,
  availableHoursOn,
  backfillFor,
  contractedHoursOn,
  inPost,
  isLongTerm,
  isSkillLevel,
  lastDayOf,
  type CalendarDay,
} from './staff.rules.ts'
import { normaliseWorkingDays, parseHours, staffProblems, type StaffInput } from './staff.validation.ts'
import { groupBy } from '../../platform/collections.ts'
import type { StaffContext } from './staff.shared.ts'
import { requireDay, throwIf, toMember, type StaffMember } from './staff.shared.ts'

export type {
  Absence,
  DailyAvailability,
  LongTermAbsence,
  NotTrained,
  StaffMember,
  ThinSkill,
  TrainingCompliance,
} from './staff.shared.ts'

function databaseCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
}

/**
 * Staff members: who works in which unit, their hours, skills and Tally account, and each one's page. The rest of
 * the staff records are services beside this one: StaffReferenceData (skills and courses), StaffAbsences,
 * StaffTraining and StaffCover (availability, cover and the skills matrix). Every change is in the audit trail;
 * so is every view of a staff member's page (it shows sickness absence).
 */
export class StaffService {
  constructor(
    private readonly context: StaffContext,
    private readonly accounts: Pick<AccountsService, 'listUsers'>,
  ) {}

  /** Today in Europe/London, by the injected clock. */
  today(): CalendarDay {
    return this.context.today()
  }

  /** Units and user accounts to choose from on the add/edit staff form. */
  async formOptions(
    actor: Actor,
  ): Promise<{ units: Unit[]; users: Array<{ userId: string; displayName: string; username: string }> }> {
    actor.permissions.require('staff.manage')
    const users = await this.accounts.listUsers(actor)
    const units = await this.context.directory.listUnits(actor)
    return {
      units,
      users: users.map(({ userId, displayName, username }) => ({ userId, displayName, username })),
    }
  }

  /**
   * Everyone (optionally in one unit), with where they are on `date`: in post, away (and whether long-term), and
   * their hours that day.
   */
  async listStaff(actor: Actor, filter: { unitId?: string | undefined; date?: string | undefined } = {}) {
    // The allocation view filters candidates by unit from the staff records.
    actor.permissions.require('staff.view', 'queues.work')
    const day = filter.date === undefined ? this.today() : requireDay(filter.date)
    return this.context.db.withForce(actor.forceId, (tx) => this.staffOn(tx, day, filter.unitId))
  }

  /** The staff list page: everyone (or one unit's staff) today, and the units to filter by. */
  async staffPage(actor: Actor, filter: { unitId?: string | undefined } = {}) {
    actor.permissions.require('staff.view')
    const day = this.today()
    return this.context.db.withForce(actor.forceId, async (tx) => ({
      date: day,
      units: await this.context.directory.unitsIn(tx),
      skills: await this.context.repository.listSkills(tx),
      staff: await this.staffOn(tx, day, filter.unitId),
    }))
  }

  private async staffOn(tx: ForceTransaction, day: CalendarDay, unitId: string | undefined) {
    const staff = (await this.context.repository.listStaff(tx, { unitId })).map(toMember)
    const absences = groupBy(await this.context.repository.absencesBetween(tx, day, day), (absence) => absence.staffId)
    const units = await this.context.lookups.unitNames(tx)
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
    actor.permissions.require('staff.view')
    const row = await this.context.db.withForce(actor.forceId, (tx) => this.context.repository.findStaff(tx, staffId))
    if (!row) {
      throw new NotFound('There is no staff member with that id in this force')
    }
    return toMember(row)
  }

  /** What a form about one person needs: who they are, and the force's skills and courses to choose from. */
  async formContext(actor: Actor, staffId: string) {
    actor.permissions.require('staff.manage')
    return this.context.db.withForce(actor.forceId, async (tx) => ({
      member: await this.context.lookups.requireStaff(tx, staffId),
      skills: await this.context.repository.listSkills(tx),
      courses: await this.context.repository.listCourses(tx),
    }))
  }

  /**
   * A staff member's page: details, skills (with who can backfill them), absences, training and bookings.
   * Recorded in the audit trail as STAFF_VIEWED, because it shows sickness absence.
   */
  async staffProfile(actor: Actor, staffId: string) {
    actor.permissions.require('staff.view')
    const day = this.today()
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const row = await this.context.repository.findStaff(tx, staffId)
      if (!row) {
        throw new NotFound('There is no staff member with that id in this force')
      }
      const member = toMember(row)
      const unit = await this.context.directory.unitIn(tx, member.unitId)
      const absences = await this.context.repository.absencesFor(tx, staffId)
      const training = await this.context.repository.trainingRecordsFor(tx, staffId)
      const bookings = await this.context.repository.bookingsFor(tx, staffId)
      const courses = await this.context.repository.listCourses(tx)
      const skills = await this.context.repository.listSkills(tx)
      const { people } = await this.context.lookups.peopleIn(tx, day, undefined)
      const person = people.find((entry) => entry.staffId === staffId)!
      this.context.auditTrail.record(tx, actor, { action: 'STAFF_VIEWED', recordType: 'staff', recordId: staffId })
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
    actor.permissions.require('staff.manage')
    throwIf(staffProblems(input))
    const values = toStaffValues(input)
    const staffId = newId()
    return this.withUserLinkErrors(() =>
      this.context.db.withForce(actor.forceId, async (tx) => {
        await this.checkUnitAndUser(tx, values)
        await this.context.repository.insertStaff(tx, { ...values, staffId }, this.context.clock.now())
        this.context.auditTrail.record(tx, actor, {
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
    actor.permissions.require('staff.manage')
    throwIf(staffProblems(input))
    const values = toStaffValues(input)
    return this.withUserLinkErrors(() =>
      this.context.db.withForce(actor.forceId, async (tx) => {
        const before = await this.context.repository.findStaff(tx, staffId)
        if (!before) {
          throw new NotFound('There is no staff member with that id in this force')
        }
        await this.checkUnitAndUser(tx, values, staffId)
        const updated = await this.context.repository.updateStaff(
          tx,
          staffId,
          input.expectedVersion,
          values,
          this.context.clock.now(),
        )
        if (!updated) {
          throw new Conflict(
            `${before.name}’s details were changed by someone else while you were editing them. Reload to see their changes, then make yours again.`,
          )
        }
        const { skills: _skills, version: _version, staffId: _id, ...previous } = toMember(before)
        this.context.auditTrail.record(tx, actor, {
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
    actor.permissions.require('staff.manage')
    const level = Number(input.level)
    const problems: FieldError[] = []
    if (input.skill.trim() === '') {
      problems.push({ field: 'skill', message: 'Choose a skill' })
    }
    if (!isSkillLevel(level)) {
      problems.push({ field: 'level', message: 'Choose a level: 1 learning, 2 competent or 3 expert' })
    }
    throwIf(problems)
    await this.context.db.withForce(actor.forceId, async (tx) => {
      const member = await this.context.lookups.requireStaff(tx, staffId)
      if (!(await this.context.repository.findSkill(tx, input.skill))) {
        throw ValidationFailed.of('skill', `Unknown skill: ${input.skill}. Choose one of this force’s skills`)
      }
      const before = member.skills.find((held) => held.skill === input.skill)?.level ?? null
      await this.context.repository.setSkill(tx, staffId, input.skill, level, this.context.clock.now())
      this.context.auditTrail.record(tx, actor, {
        action: 'STAFF_SKILL_SET',
        recordType: 'staff',
        recordId: staffId,
        changes: { [`skill:${input.skill}`]: { before, after: level } },
      })
    })
  }

  async removeSkill(actor: Actor, staffId: string, skill: string): Promise<void> {
    actor.permissions.require('staff.manage')
    await this.context.db.withForce(actor.forceId, async (tx) => {
      await this.context.lookups.requireStaff(tx, staffId)
      const removed = await this.context.repository.removeSkill(tx, staffId, skill)
      if (!removed) {
        throw new NotFound('They do not hold that skill')
      }
      this.context.auditTrail.record(tx, actor, {
        action: 'STAFF_SKILL_REMOVED',
        recordType: 'staff',
        recordId: staffId,
        changes: { [`skill:${skill}`]: { before: removed.level, after: null } },
      })
    })
  }

  private async checkUnitAndUser(tx: ForceTransaction, values: StaffValues, staffId?: string): Promise<void> {
    const problems: FieldError[] = []
    if (!(await this.context.directory.unitIn(tx, values.unitId))) {
      problems.push({ field: 'unitId', message: 'Choose a unit from the directory' })
    }
    if (values.userId !== null) {
      const linked = await this.context.repository.staffLinkedTo(tx, values.userId, staffId)
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
