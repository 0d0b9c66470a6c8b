import type { Actor } from '../../platform/auth/actor.ts'
import type { AuditEventRow } from '../audit-trail/index.ts'

/** Consultations, not changes: views and searches (rule 20) are for audit roles to see. */
const CONSULTATION = /_(VIEWED|SEARCHED)$/

/**
 * A record's history as this person may see it: every change; consultations (views, searches) only for those
 * who may read the audit trail (rule 20: DPA s.62 logs are for audit and professional-standards roles).
 */
export function changesFor(actor: Actor, events: AuditEventRow[]): AuditEventRow[] {
  return actor.permissions.can('audit-trail.view') ? events : events.filter((event) => !CONSULTATION.test(event.action))
}
