/**
 * Retention review under MoPI and DPA 2018 Part 3 (DOMAIN.md §6.1; rule 21): each crime's and person's
 * retention category and next review date from the force's schedule, the review queue, review decisions
 * (retain with a reason and a new date, or dispose) and disposal that removes personal data and keeps the
 * counting record, all in the audit trail (rule 20).
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export { RetentionService, QUEUE_PAGE_SIZE, type RetentionRecord, type ReviewOutcome } from './retention.service.ts'
export { RetentionRepository } from './retention.repository.ts'
export { DEFAULT_SCHEDULES, RETENTION_CATEGORIES, crimeCategory, type RetentionCategory } from './retention.rules.ts'
/** Pages (mounted at /retention) and the JSON API (mounted at /api/v1/retention). */
export { retentionPages } from './retention.pages.ts'
export { retentionApi } from './retention.api.ts'
/** The nightly run over every force. */
export { scheduleAllForces } from './retention.jobs.ts'

export const navigation: NavigationItem[] = [
  { text: 'Retention review', href: '/retention', permission: 'retention.view', order: 88 },
  { text: 'Retention periods', href: '/retention/schedules', permission: 'retention.manage', order: 98 },
]
