import type { Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** Calendar days are 'YYYY-MM-DD' strings on both drivers (see database.ts). */
type CalendarDay = string

export interface SkillTable {
  forceId: ForceId
  skillCode: string
  label: string
  description: string | null
  createdAt: Date
}

export interface StaffMemberTable {
  forceId: ForceId
  staffId: string
  unitId: string
  userId: string | null
  name: string
  jobTitle: string
  contractedHours: number
  workingDays: number[]
  startedOn: CalendarDay
  leftOn: CalendarDay | null
  version: Generated<number>
  createdAt: Date
  updatedAt: Date
}

export interface StaffSkillTable {
  forceId: ForceId
  staffId: string
  skillCode: string
  level: number
  updatedAt: Date
}

export type AbsenceType = 'sickness' | 'leave' | 'training' | 'secondment' | 'other'

export interface AbsenceTable {
  forceId: ForceId
  absenceId: string
  staffId: string
  absenceType: AbsenceType
  planned: boolean
  startsOn: CalendarDay
  expectedEndOn: CalendarDay | null
  endedOn: CalendarDay | null
  hoursPerDay: number | null
  version: Generated<number>
  recordedAt: Date
}

export interface TrainingCourseTable {
  forceId: ForceId
  courseCode: string
  title: string
  validityMonths: number | null
  requiredForControlRoom: Generated<boolean>
  createdAt: Date
}

export type BookingStatus = 'booked' | 'attended' | 'cancelled'
export type CancellationReason = 'not_released' | 'course_cancelled' | 'person_unavailable' | 'other'

export interface TrainingBookingTable {
  forceId: ForceId
  bookingId: string
  staffId: string
  courseCode: string
  courseOn: CalendarDay
  status: BookingStatus
  bookedAt: Date
  bookedByName: string
  cancellationReason: CancellationReason | null
  cancellationDetail: string | null
  decidedBy: string | null
  cancelledAt: Date | null
  cancelledById: string | null
  cancelledByName: string | null
  version: Generated<number>
}

export interface TrainingRecordTable {
  forceId: ForceId
  recordId: string
  staffId: string
  courseCode: string
  completedOn: CalendarDay
  expiresOn: CalendarDay | null
  bookingId: string | null
  recordedAt: Date
}

export interface StaffTables {
  skill: SkillTable
  staffMember: StaffMemberTable
  staffSkill: StaffSkillTable
  absence: AbsenceTable
  trainingCourse: TrainingCourseTable
  trainingBooking: TrainingBookingTable
  trainingRecord: TrainingRecordTable
}
