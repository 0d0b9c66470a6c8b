/**
 * Victims' Code care (DOMAIN.md §5; rules 5, 7, 15–19): each victim's tasks with due days on the force's working
 * calendar (Right 3 information, referral to victim support, needs assessment, investigation decisions, agreed
 * updates, and the victim told of a cancellation, a no-crime decision or a transfer), the contact log that
 * closes them, enhanced rights, the Victim Personal Statement offer and the contact plan; the victim-care queues
 * and their counts; and each crime's compliance for the IMU quality check.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

/** The service: queues, views, contacts, events, enhanced rights, VPS, contact plan, settings. */
export { VictimsService, type CareView, type QueueFilter, type QueueView } from './victims.service.ts'
/** What the crimes service calls in its own transaction (wired in deps.ts). */
export { VictimCareHooks, type CrimeForVictimCare } from './victims.hooks.ts'
export { VictimsRepository } from './victims.repository.ts'
export { DEFAULT_SETTINGS, type VictimCareSettings } from './victims.tasks.ts'
export { TASK_KINDS, EVENT_KINDS, CONTACT_METHODS, type Compliance } from './victims.rules.ts'
/** Pages (mounted at /victim-care) and the JSON API (mounted at /api/v1/victim-care). */
export { victimsPages } from './victims.pages.ts'
export { victimsApi } from './victims.api.ts'

export const navigation: NavigationItem[] = [
  { text: 'Victim care', href: '/victim-care', permission: 'victims.view', order: 32 },
]
/** Retention review (rule 21): what was written about a victim, removed when their crime is disposed of. */
export { VictimCareRetention } from './victims.retention.ts'
