import type { Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** A calendar date: 'YYYY-MM-DD' both ways (the drivers are told not to make it a Date). */
type CalendarDate = string

export interface RetentionScheduleTable {
  forceId: ForceId
  category: string
  label: string
  description: Generated<string>
  reviewAfterYears: number
  rank: number
  version: Generated<number>
  updatedAt: Date
  updatedBy: string
}

export interface RetentionRecordTable {
  forceId: ForceId
  recordType: 'crime' | 'person'
  recordId: string
  reference: string
  category: string
  countsFrom: CalendarDate
  nextReviewOn: CalendarDate
  status: Generated<'retained' | 'disposed'>
  sourceVersion: number
  reviewedAt: Date | null
  reviewedBy: string | null
  disposedAt: Date | null
  version: Generated<number>
  createdAt: Date
  updatedAt: Date
}

export interface RetentionReviewTable {
  forceId: ForceId
  reviewId: string
  recordType: 'crime' | 'person'
  recordId: string
  decision: 'retain' | 'dispose'
  reason: string | null
  nextReviewOn: CalendarDate | null
  category: string
  reviewedAt: Date
  reviewedBy: string
  reviewedByName: string
}

export interface RetentionTables {
  retentionSchedule: RetentionScheduleTable
  retentionRecord: RetentionRecordTable
  retentionReview: RetentionReviewTable
}
