/**
 * The audit trail: every change and every view of a crime record or person, append-only and tamper-evident.
 * Every module records through `AuditTrailService.record(tx, actor, event)` in the transaction of its change.
 */
export {
  AuditTrailService,
  type AnchorCheck,
  type AuditEventInput,
  type ForceVerification,
} from './audit-trail.service.ts'
export { AuditTrailRepository, type AuditEventRow } from './audit-trail.repository.ts'
export { auditTrailPages } from './audit-trail.pages.ts'
/** How the pages word each event's changes: app.ts hands in the label maps of the modules that own the codes. */
export { type ChangeVocabulary, type CodeWords } from './audit-trail.changes.ts'
export { auditTrailApi } from './audit-trail.api.ts'
/** Rule 20: the search by person, user and record, for the audit roles. */
export { AuditTrailSearch, type AuditSearchSources } from './audit-trail.search.ts'
export { auditTrailSearchApi } from './audit-trail.search.api.ts'
export { auditTrailSearchPages } from './audit-trail.search.pages.ts'
export { changedFields, ChainKeyring, storableJson, toJson, type ChainedEvent } from './audit-trail.rules.ts'
export { AnchorDirectory, readAnchor, type Anchor } from './audit-trail.anchors.ts'
import type { NavigationItem } from '../../platform/views/navigation.ts'

export const navigation: NavigationItem[] = [
  { text: 'Audit trail', href: '/audit-trail', permission: 'audit-trail.view', order: 90 },
]
