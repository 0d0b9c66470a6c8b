import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import type { StaffRepository } from './staff.repository.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import { courseProblems, parseHours, skillProblems, STANDARD_COURSES, STANDARD_SKILLS } from './staff.rules.ts'
import { throwIf } from './staff.shared.ts'

/** The force's skills and training courses, which staff hold and attend. */
export class StaffReferenceData {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: StaffRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  async listSkills(actor: Actor) {
    actor.permissions.require('staff.view', 'forecast.view')
    return this.db.withForce(actor.forceId, (tx) => this.repository.listSkills(tx))
  }

  async addSkill(actor: Actor, input: { skillCode: string; label: string; description?: string | undefined }) {
    actor.permissions.require('staff.manage')
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
    actor.permissions.require('staff.manage')
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

  async listCourses(actor: Actor) {
    actor.permissions.require('staff.view')
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
    actor.permissions.require('staff.manage')
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
    actor.permissions.require('staff.manage')
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
}
