import type { Actor } from '../../platform/auth/actor.ts'
import { addDays } from '../../platform/dates.ts'
import { Conflict, NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import { changedFields } from '../audit-trail/index.ts'
import { expiryOf, type CancellationReason } from './staff.rules.ts'
import { cancellationProblems, dateProblem, type CancellationInput } from './staff.validation.ts'
import type { StaffContext } from './staff.shared.ts'
import { requireDay, throwIf } from './staff.shared.ts'

/** Training: completions, bookings, cancellations (and who was not released), compliance and expiry. */
export class StaffTraining {
  constructor(private readonly context: StaffContext) {}

  /** One booking of one person, with its course (for the cancellation form). */
  async getBooking(actor: Actor, staffId: string, bookingId: string) {
    actor.permissions.require('staff.manage')
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const member = await this.context.lookups.requireStaff(tx, staffId)
      const booking = await this.context.repository.findBooking(tx, staffId, bookingId)
      if (!booking) {
        throw new NotFound('There is no such booking for this staff member')
      }
      const course = await this.context.repository.findCourse(tx, booking.courseCode)
      return { member, booking, courseTitle: course?.title ?? booking.courseCode }
    })
  }

  /** Records a completed course; it counts until the course's validity runs out. */
  async recordTraining(actor: Actor, staffId: string, input: { course: string; completedOn: string }) {
    actor.permissions.require('staff.manage')
    const problems: FieldError[] = []
    if (input.course.trim() === '') {
      problems.push({ field: 'course', message: 'Choose the course' })
    }
    if (dateProblem(problems, 'completedOn', input.completedOn, 'the date they completed the course', true)) {
      if (input.completedOn > this.context.today()) {
        problems.push({ field: 'completedOn', message: 'The completion date cannot be in the future' })
      }
    }
    throwIf(problems)
    return this.context.db.withForce(actor.forceId, async (tx) => {
      await this.context.lookups.requireStaff(tx, staffId)
      const course = await this.context.repository.findCourse(tx, input.course)
      if (!course) {
        throw ValidationFailed.of('course', `Unknown course: ${input.course}. Choose one of this force’s courses`)
      }
      const recordId = newId()
      const expiresOn = expiryOf(input.completedOn, course.validityMonths)
      await this.context.repository.insertTrainingRecord(tx, {
        recordId,
        staffId,
        courseCode: course.courseCode,
        completedOn: input.completedOn,
        expiresOn,
        bookingId: null,
        recordedAt: this.context.clock.now(),
      })
      this.context.auditTrail.record(tx, actor, {
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
    actor.permissions.require('staff.manage')
    const problems: FieldError[] = []
    if (input.course.trim() === '') {
      problems.push({ field: 'course', message: 'Choose the course' })
    }
    dateProblem(problems, 'courseOn', input.courseOn, 'the date of the course', true)
    throwIf(problems)
    return this.context.db.withForce(actor.forceId, async (tx) => {
      await this.context.lookups.requireStaff(tx, staffId)
      const course = await this.context.repository.findCourse(tx, input.course)
      if (!course) {
        throw ValidationFailed.of('course', `Unknown course: ${input.course}. Choose one of this force’s courses`)
      }
      const bookingId = newId()
      await this.context.repository.insertBooking(tx, {
        bookingId,
        staffId,
        courseCode: course.courseCode,
        courseOn: input.courseOn,
        bookedAt: this.context.clock.now(),
        bookedByName: actor.name,
      })
      this.context.auditTrail.record(tx, actor, {
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
    actor.permissions.require('staff.manage')
    throwIf(cancellationProblems(input))
    const reason = input.reason as CancellationReason
    const cancellation = {
      cancellationReason: reason,
      cancellationDetail: input.detail.trim() || null,
      decidedBy: reason === 'not_released' ? input.decidedBy.trim() : input.decidedBy.trim() || null,
      cancelledAt: this.context.clock.now(),
      cancelledById: actor.id,
      cancelledByName: actor.name,
    }
    await this.context.db.withForce(actor.forceId, async (tx) => {
      const booking = await this.context.repository.findBooking(tx, staffId, bookingId)
      if (!booking) {
        throw new NotFound('There is no such booking for this staff member')
      }
      if (booking.status !== 'booked') {
        throw new Conflict(`This booking is already ${booking.status}, so it cannot be cancelled.`)
      }
      if (!(await this.context.repository.cancelBooking(tx, bookingId, input.expectedVersion, cancellation))) {
        throw new Conflict('This booking was changed by someone else. Reload the page to see the change.')
      }
      this.context.auditTrail.record(tx, actor, {
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
    actor.permissions.require('staff.manage')
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const booking = await this.context.repository.findBooking(tx, staffId, bookingId)
      if (!booking) {
        throw new NotFound('There is no such booking for this staff member')
      }
      if (booking.status !== 'booked') {
        throw new Conflict(`This booking is already ${booking.status}.`)
      }
      if (booking.courseOn > this.context.today()) {
        throw new Conflict('The course has not happened yet: mark it attended on or after the course day.')
      }
      const course = (await this.context.repository.findCourse(tx, booking.courseCode))!
      if (!(await this.context.repository.markAttended(tx, bookingId, input.expectedVersion))) {
        throw new Conflict('This booking was changed by someone else. Reload the page to see the change.')
      }
      const recordId = newId()
      const expiresOn = expiryOf(booking.courseOn, course.validityMonths)
      await this.context.repository.insertTrainingRecord(tx, {
        recordId,
        staffId,
        courseCode: booking.courseCode,
        completedOn: booking.courseOn,
        expiresOn,
        bookingId,
        recordedAt: this.context.clock.now(),
      })
      this.context.auditTrail.record(tx, actor, {
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
    actor.permissions.require('staff.view')
    const day = options.date === undefined ? this.context.today() : requireDay(options.date)
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const controlRoom = await this.context.lookups.complianceIn(tx, day)
      const courses = await this.context.repository.listCourses(tx)
      const expiring = await this.context.repository.trainingExpiring(tx, day, addDays(day, options.withinDays ?? 60))
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
    actor.permissions.require('staff.view')
    const from = requireDay(range.from, 'from')
    const to = requireDay(range.to, 'to')
    if (to < from) {
      throw ValidationFailed.of('to', 'The end of the period must be the same as or after its start')
    }
    return this.context.db.withForce(actor.forceId, async (tx) => {
      const rows = await this.context.repository.notReleased(tx, from, to)
      const units = await this.context.lookups.unitNames(tx)
      return rows.map((row) => ({ ...row, unitName: units.get(row.unitId) ?? '' }))
    })
  }
}
