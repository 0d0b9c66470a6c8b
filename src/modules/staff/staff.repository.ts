import { sql } from 'kysely'
import { jsonArrayFrom } from 'kysely/helpers/postgres'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { AbsenceType, CancellationReason, CalendarDay } from './staff.rules.ts'

export interface StaffValues {
  unitId: string
  userId: string | null
  name: string
  jobTitle: string
  contractedHours: number
  workingDays: number[]
  startedOn: CalendarDay
  leftOn: CalendarDay | null
}

export interface AbsenceValues {
  absenceId: string
  staffId: string
  absenceType: AbsenceType
  planned: boolean
  startsOn: CalendarDay
  expectedEndOn: CalendarDay | null
  hoursPerDay: number | null
  recordedAt: Date
}

const STAFF_COLUMNS = [
  'staffMember.staffId',
  'staffMember.unitId',
  'staffMember.userId',
  'staffMember.name',
  'staffMember.jobTitle',
  'staffMember.contractedHours',
  'staffMember.workingDays',
  'staffMember.startedOn',
  'staffMember.leftOn',
  'staffMember.version',
] as const

const ABSENCE_COLUMNS = [
  'absence.absenceId',
  'absence.staffId',
  'absence.absenceType',
  'absence.planned',
  'absence.startsOn',
  'absence.expectedEndOn',
  'absence.endedOn',
  'absence.hoursPerDay',
  'absence.version',
] as const

const BOOKING_COLUMNS = [
  'trainingBooking.bookingId',
  'trainingBooking.staffId',
  'trainingBooking.courseCode',
  'trainingBooking.courseOn',
  'trainingBooking.status',
  'trainingBooking.bookedAt',
  'trainingBooking.bookedByName',
  'trainingBooking.cancellationReason',
  'trainingBooking.cancellationDetail',
  'trainingBooking.decidedBy',
  'trainingBooking.cancelledAt',
  'trainingBooking.cancelledByName',
  'trainingBooking.version',
] as const

/** The staff module's tables. One query per method; the service holds the transaction. */
export class StaffRepository {
  // Skills (reference data)

  listSkills(tx: ForceTransaction) {
    return tx.selectFrom('skill').select(['skillCode', 'label', 'description']).orderBy('label').execute()
  }

  findSkill(tx: ForceTransaction, skillCode: string) {
    return tx
      .selectFrom('skill')
      .select(['skillCode', 'label', 'description'])
      .where('skillCode', '=', skillCode)
      .executeTakeFirst()
  }

  /** Adds skills; returns the codes actually added (a code the force already has is left alone). */
  async insertSkills(
    tx: ForceTransaction,
    skills: ReadonlyArray<{ skillCode: string; label: string; description: string | null }>,
    now: Date,
  ): Promise<string[]> {
    const rows = await tx
      .insertInto('skill')
      .values(skills.map((skill) => ({ ...skill, createdAt: now })))
      .onConflict((oc) => oc.columns(['forceId', 'skillCode']).doNothing())
      .returning('skillCode')
      .execute()
    return rows.map((row) => row.skillCode)
  }

  // Staff members, each with their skills

  private staffQuery(tx: ForceTransaction) {
    return tx
      .selectFrom('staffMember')
      .select(STAFF_COLUMNS)
      .select((eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('staffSkill')
            .select(['staffSkill.skillCode as skill', 'staffSkill.level'])
            .whereRef('staffSkill.staffId', '=', 'staffMember.staffId')
            .orderBy('staffSkill.skillCode'),
        ).as('skills'),
      )
  }

  listStaff(tx: ForceTransaction, filter: { unitId?: string | undefined; unitIds?: readonly string[] | undefined }) {
    return this.staffQuery(tx)
      .$if(filter.unitId !== undefined, (q) => q.where('staffMember.unitId', '=', filter.unitId!))
      .$if(filter.unitIds !== undefined, (q) =>
        filter.unitIds!.length === 0
          ? q.where(sql<boolean>`false`)
          : q.where('staffMember.unitId', 'in', filter.unitIds!),
      )
      .orderBy('staffMember.name')
      .orderBy('staffMember.staffId')
      .execute()
  }

  /** Staff in post at some time between `from` and `to` (both days included). */
  staffInPostBetween(tx: ForceTransaction, from: CalendarDay, to: CalendarDay) {
    return this.staffQuery(tx)
      .where('staffMember.startedOn', '<=', to)
      .where((eb) => eb.or([eb('staffMember.leftOn', 'is', null), eb('staffMember.leftOn', '>=', from)]))
      .orderBy('staffMember.name')
      .orderBy('staffMember.staffId')
      .execute()
  }

  staffForUsers(tx: ForceTransaction, userIds: readonly string[]) {
    return this.staffQuery(tx).where('staffMember.userId', 'in', userIds).execute()
  }

  findStaff(tx: ForceTransaction, staffId: string) {
    return this.staffQuery(tx).where('staffMember.staffId', '=', staffId).executeTakeFirst()
  }

  /**
   * Locks a staff member's row until the transaction ends, so changes to their absences are made one at a time
   * (an overlap check and the write it allows cannot interleave with another's). Undefined if there is none.
   */
  lockStaff(tx: ForceTransaction, staffId: string) {
    return tx.selectFrom('staffMember').select('staffId').where('staffId', '=', staffId).forUpdate().executeTakeFirst()
  }

  /** The staff member already linked to this user account, if any (other than `exceptStaffId`). */
  staffLinkedTo(tx: ForceTransaction, userId: string, exceptStaffId?: string) {
    return tx
      .selectFrom('staffMember')
      .select(['staffId', 'name'])
      .where('userId', '=', userId)
      .$if(exceptStaffId !== undefined, (q) => q.where('staffId', '<>', exceptStaffId!))
      .executeTakeFirst()
  }

  async insertStaff(tx: ForceTransaction, staff: StaffValues & { staffId: string }, now: Date): Promise<void> {
    await tx
      .insertInto('staffMember')
      .values({ ...staff, createdAt: now, updatedAt: now })
      .execute()
  }

  updateStaff(tx: ForceTransaction, staffId: string, expectedVersion: number, values: StaffValues, now: Date) {
    return tx
      .updateTable('staffMember')
      .set((eb) => ({ ...values, updatedAt: now, version: eb('version', '+', 1) }))
      .where('staffId', '=', staffId)
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst()
  }

  /** Sets one person's level in one skill, adding it if they did not hold it. */
  async setSkill(tx: ForceTransaction, staffId: string, skillCode: string, level: number, now: Date): Promise<void> {
    await tx
      .insertInto('staffSkill')
      .values({ staffId, skillCode, level, updatedAt: now })
      .onConflict((oc) => oc.columns(['forceId', 'staffId', 'skillCode']).doUpdateSet({ level, updatedAt: now }))
      .execute()
  }

  removeSkill(tx: ForceTransaction, staffId: string, skillCode: string) {
    return tx
      .deleteFrom('staffSkill')
      .where('staffId', '=', staffId)
      .where('skillCode', '=', skillCode)
      .returning('level')
      .executeTakeFirst()
  }

  // Absences

  /** Absences that cover any day from `from` to `to` (an open-ended one covers every day after it starts). */
  absencesBetween(tx: ForceTransaction, from: CalendarDay, to: CalendarDay, staffId?: string) {
    return tx
      .selectFrom('absence')
      .select(ABSENCE_COLUMNS)
      .where('absence.startsOn', '<=', to)
      .where(sql<boolean>`coalesce(absence.ended_on, absence.expected_end_on, 'infinity'::date) >= ${from}::date`)
      .$if(staffId !== undefined, (q) => q.where('absence.staffId', '=', staffId!))
      .orderBy('absence.startsOn')
      .execute()
  }

  absencesFor(tx: ForceTransaction, staffId: string) {
    return tx
      .selectFrom('absence')
      .select(ABSENCE_COLUMNS)
      .where('absence.staffId', '=', staffId)
      .orderBy('absence.startsOn', 'desc')
      .execute()
  }

  findAbsence(tx: ForceTransaction, staffId: string, absenceId: string) {
    return tx
      .selectFrom('absence')
      .select(ABSENCE_COLUMNS)
      .where('absence.staffId', '=', staffId)
      .where('absence.absenceId', '=', absenceId)
      .executeTakeFirst()
  }

  async insertAbsence(tx: ForceTransaction, absence: AbsenceValues): Promise<void> {
    await tx.insertInto('absence').values(absence).execute()
  }

  endAbsence(tx: ForceTransaction, absenceId: string, expectedVersion: number, endedOn: CalendarDay) {
    return tx
      .updateTable('absence')
      .set((eb) => ({ endedOn, version: eb('version', '+', 1) }))
      .where('absenceId', '=', absenceId)
      .where('version', '=', expectedVersion)
      .returning('version')
      .executeTakeFirst()
  }

  // Courses, completions and bookings

  listCourses(tx: ForceTransaction) {
    return tx
      .selectFrom('trainingCourse')
      .select(['courseCode', 'title', 'validityMonths', 'requiredForControlRoom'])
      .orderBy('title')
      .execute()
  }

  findCourse(tx: ForceTransaction, courseCode: string) {
    return tx
      .selectFrom('trainingCourse')
      .select(['courseCode', 'title', 'validityMonths', 'requiredForControlRoom'])
      .where('courseCode', '=', courseCode)
      .executeTakeFirst()
  }

  async insertCourses(
    tx: ForceTransaction,
    courses: ReadonlyArray<{
      courseCode: string
      title: string
      validityMonths: number | null
      requiredForControlRoom: boolean
    }>,
    now: Date,
  ): Promise<string[]> {
    const rows = await tx
      .insertInto('trainingCourse')
      .values(courses.map((course) => ({ ...course, createdAt: now })))
      .onConflict((oc) => oc.columns(['forceId', 'courseCode']).doNothing())
      .returning('courseCode')
      .execute()
    return rows.map((row) => row.courseCode)
  }

  async insertTrainingRecord(
    tx: ForceTransaction,
    record: {
      recordId: string
      staffId: string
      courseCode: string
      completedOn: CalendarDay
      expiresOn: CalendarDay | null
      bookingId: string | null
      recordedAt: Date
    },
  ): Promise<void> {
    await tx.insertInto('trainingRecord').values(record).execute()
  }

  trainingRecordsFor(tx: ForceTransaction, staffId: string) {
    return tx
      .selectFrom('trainingRecord')
      .innerJoin('trainingCourse', (join) =>
        join
          .onRef('trainingCourse.forceId', '=', 'trainingRecord.forceId')
          .onRef('trainingCourse.courseCode', '=', 'trainingRecord.courseCode'),
      )
      .select([
        'trainingRecord.recordId',
        'trainingRecord.courseCode',
        'trainingCourse.title',
        'trainingRecord.completedOn',
        'trainingRecord.expiresOn',
      ])
      .where('trainingRecord.staffId', '=', staffId)
      .orderBy('trainingRecord.completedOn', 'desc')
      .execute()
  }

  /** Every completion of these courses by these people (for compliance). */
  trainingRecordsOf(tx: ForceTransaction, staffIds: readonly string[], courseCodes: readonly string[]) {
    return tx
      .selectFrom('trainingRecord')
      .select(['staffId', 'courseCode', 'completedOn', 'expiresOn'])
      .where('staffId', 'in', staffIds)
      .where('courseCode', 'in', courseCodes)
      .execute()
  }

  /** Completions whose expiry falls from `from` to `to`, with who and what (for "expiring soon"). */
  trainingExpiring(tx: ForceTransaction, from: CalendarDay, to: CalendarDay) {
    return tx
      .selectFrom('trainingRecord')
      .innerJoin('staffMember', (join) =>
        join
          .onRef('staffMember.forceId', '=', 'trainingRecord.forceId')
          .onRef('staffMember.staffId', '=', 'trainingRecord.staffId'),
      )
      .select([
        'trainingRecord.staffId',
        'staffMember.name',
        'trainingRecord.courseCode',
        'trainingRecord.completedOn',
        'trainingRecord.expiresOn',
      ])
      .where('trainingRecord.expiresOn', '>=', from)
      .where('trainingRecord.expiresOn', '<=', to)
      .orderBy('trainingRecord.expiresOn')
      .execute()
  }

  bookingsFor(tx: ForceTransaction, staffId: string) {
    return tx
      .selectFrom('trainingBooking')
      .select(BOOKING_COLUMNS)
      .where('trainingBooking.staffId', '=', staffId)
      .orderBy('trainingBooking.courseOn', 'desc')
      .execute()
  }

  /** Bookings still open (booked, not yet attended or cancelled) for these people. */
  openBookingsOf(tx: ForceTransaction, staffIds: readonly string[]) {
    return tx
      .selectFrom('trainingBooking')
      .select(BOOKING_COLUMNS)
      .where('trainingBooking.staffId', 'in', staffIds)
      .where('trainingBooking.status', '=', 'booked')
      .orderBy('trainingBooking.courseOn')
      .execute()
  }

  findBooking(tx: ForceTransaction, staffId: string, bookingId: string) {
    return tx
      .selectFrom('trainingBooking')
      .select(BOOKING_COLUMNS)
      .where('trainingBooking.staffId', '=', staffId)
      .where('trainingBooking.bookingId', '=', bookingId)
      .executeTakeFirst()
  }

  async insertBooking(
    tx: ForceTransaction,
    booking: {
      bookingId: string
      staffId: string
      courseCode: string
      courseOn: CalendarDay
      bookedAt: Date
      bookedByName: string
    },
  ): Promise<void> {
    await tx
      .insertInto('trainingBooking')
      .values({ ...booking, status: 'booked' })
      .execute()
  }

  cancelBooking(
    tx: ForceTransaction,
    bookingId: string,
    expectedVersion: number,
    cancellation: {
      cancellationReason: CancellationReason
      cancellationDetail: string | null
      decidedBy: string | null
      cancelledAt: Date
      cancelledById: string
      cancelledByName: string
    },
  ) {
    return tx
      .updateTable('trainingBooking')
      .set((eb) => ({ ...cancellation, status: 'cancelled' as const, version: eb('version', '+', 1) }))
      .where('bookingId', '=', bookingId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'booked')
      .returning('version')
      .executeTakeFirst()
  }

  markAttended(tx: ForceTransaction, bookingId: string, expectedVersion: number) {
    return tx
      .updateTable('trainingBooking')
      .set((eb) => ({ status: 'attended' as const, version: eb('version', '+', 1) }))
      .where('bookingId', '=', bookingId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'booked')
      .returning('version')
      .executeTakeFirst()
  }

  /**
   * Bookings cancelled because the person was not released, with the course on `from` to `to`: who, which
   * course, why, who decided and who recorded it. Served by a partial index.
   */
  notReleased(tx: ForceTransaction, from: CalendarDay, to: CalendarDay) {
    return tx
      .selectFrom('trainingBooking')
      .innerJoin('staffMember', (join) =>
        join
          .onRef('staffMember.forceId', '=', 'trainingBooking.forceId')
          .onRef('staffMember.staffId', '=', 'trainingBooking.staffId'),
      )
      .innerJoin('trainingCourse', (join) =>
        join
          .onRef('trainingCourse.forceId', '=', 'trainingBooking.forceId')
          .onRef('trainingCourse.courseCode', '=', 'trainingBooking.courseCode'),
      )
      .select([...BOOKING_COLUMNS, 'staffMember.name', 'staffMember.unitId', 'trainingCourse.title as courseTitle'])
      .where('trainingBooking.cancellationReason', '=', 'not_released')
      .where('trainingBooking.courseOn', '>=', from)
      .where('trainingBooking.courseOn', '<=', to)
      .orderBy('trainingBooking.courseOn', 'desc')
      .execute()
  }
}
