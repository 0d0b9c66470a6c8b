import type { Actor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { changedFields } from '../audit-trail/index.ts'
import { STANDARD_COURSES, STANDARD_SKILLS } from './staff.rules.ts'
import { courseProblems, parseHours, skillProblems } from './staff.validation.ts'
import { throwIf, type StaffContext } from './staff.shared.ts'

/** The force's skills and training courses, which staff hold and attend. */
export class StaffReferenceData {
  constructor(private readonly context: StaffContext) {}

  async listSkills(actor: Actor) {
    actor.permissions.require('staff.view', 'forecast.view')
    return this.context.db.withForce(actor.forceId, (tx) => this.context.repository.listSkills(tx))
  }

  async addSkill(actor: Actor, input: { skillCode: string; label: string; description?: string | undefined }) {
    actor.permissions.require('staff.manage')
    const skill = {
      skillCode: input.skillCode.trim(),
      label: input.label.trim(),
      description: input.description?.trim() || null,
    }
    throwIf(skillProblems(skill))
    await this.context.db.withForce(actor.forceId, async (tx) => {
      const added = await this.context.repository.insertSkills(tx, [skill], this.context.clock.now())
      if (added.length === 0) {
        throw ValidationFailed.of('skillCode', `This force already has a skill with the code ${skill.skillCode}`)
      }
      this.context.auditTrail.record(tx, actor, {
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
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const added = await this.context.repository.insertSkills(tx, STANDARD_SKILLS, this.context.clock.now())
      for (const skillCode of added) {
        const skill = STANDARD_SKILLS.find((standard) => standard.skillCode === skillCode)!
        this.context.auditTrail.record(tx, actor, {
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
    return this.context.db.withForce(actor.forceId, (tx) => this.context.repository.listCourses(tx))
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
    await this.context.db.withForce(actor.forceId, async (tx) => {
      const added = await this.context.repository.insertCourses(tx, [course], this.context.clock.now())
      if (added.length === 0) {
        throw ValidationFailed.of('courseCode', `This force already has a course with the code ${course.courseCode}`)
      }
      this.context.auditTrail.record(tx, actor, {
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
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const added = await this.context.repository.insertCourses(tx, STANDARD_COURSES, this.context.clock.now())
      for (const courseCode of added) {
        const course = STANDARD_COURSES.find((standard) => standard.courseCode === courseCode)!
        this.context.auditTrail.record(tx, actor, {
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
