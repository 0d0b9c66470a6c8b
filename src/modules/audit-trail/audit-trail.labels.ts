import type { Permission, Permissions } from '../../platform/auth/permissions.ts'
import { codeInWords, sentenceCase } from '../../platform/views/format.ts'
/**
 * What the audit trail's pages call each event and each kind of record. The codes (CRIME_RECORDED, crime) stay
 * in the database and the JSON API; people reading the pages see these words. Every event type
 * a module records has a label here (audit-trail.labels.test.ts checks the source for new ones).
 */
export const AUDIT_EVENT_LABELS: Readonly<Record<string, string>> = {
  ABSENCE_ENDED: 'Absence ended',
  ABSENCE_RECORDED: 'Absence recorded',
  AUDIT_TRAIL_SEARCHED: 'Audit trail searched',
  CANCELLATION_CODE_ADDED: 'Cancellation reason added',
  CLASSIFICATION_CONFIRMED: 'Classification confirmed',
  COURSE_CREATED: 'Training course created',
  CRIME_ALLOCATED: 'Crime allocated',
  CRIME_CANCELLATION_AUTHORISED: 'Crime cancellation authorised',
  CRIME_CANCELLATION_REFUSED: 'Crime cancellation refused',
  CRIME_CANCELLATION_REQUESTED: 'Crime cancellation requested',
  CRIME_CANCELLED: 'Crime cancelled',
  CRIME_DISCLOSED: 'Crime record disclosed',
  CRIME_DRAFT_PURGED: 'Unfinished crime draft deleted',
  CRIME_DRAFT_STARTED: 'Crime draft started',
  CRIME_DRAFT_VICTIM_RECORDED: 'Victim added to a crime draft',
  CRIME_FILED: 'Crime filed',
  CRIME_INVOLVEMENT_CHANGED: 'How a person is involved in a crime changed',
  CRIME_OUTCOME_REVISED: 'Crime outcome revised',
  CRIME_PERSON_LINKED: 'Person added to a crime',
  CRIME_QUALITY_CHECK_STARTED: 'Quality check started',
  CRIME_RECLASSIFIED: 'Crime reclassified',
  CRIME_RECORDED: 'Crime recorded',
  CRIME_REINSTATED: 'Crime reinstated',
  CRIME_REOPENED: 'Crime reopened',
  CRIME_RETURNED_TO_OFFICER: 'Crime returned to the officer',
  CRIME_SETTINGS_CHANGED: 'Crime-recording settings changed',
  CRIME_SUBMITTED_FOR_FILING: 'Crime submitted for filing',
  CRIME_TRANSFERRED: 'Crime transferred to another force',
  CRIME_TRANSFER_REFUSED: 'Crime transfer refused',
  CRIME_TRANSFER_REQUESTED: 'Crime transfer requested',
  CRIME_UPDATED: 'Crime details updated',
  CRIME_VIEWED: 'Crime record viewed',
  DECISION_MAKER_DESIGNATED: 'Decision maker designated',
  DECISION_MAKER_REMOVED: 'Decision maker removed',
  FORCE_CREATED: 'Force set up',
  FORCE_SET_ASIDE: 'Force set aside',
  FORECAST_HISTORY_EXPORTED: 'Forecast history exported',
  FORECAST_SETTINGS_CHANGED: 'Forecast settings changed',
  INCIDENT_CLOSED: 'Incident closed',
  INCIDENT_CRIMED: 'Crime recorded from the incident',
  INCIDENT_LOGGED: 'Incident logged',
  INCIDENT_NON_CRIME_SENT_BACK: 'No-crime decision sent back',
  INCIDENT_NOT_CRIMED: 'Incident decided as no crime',
  INCIDENT_REOPENED: 'Incident reopened',
  INCIDENT_UPDATED: 'Incident updated',
  INCIDENT_VIEWED: 'Incident viewed',
  INTEGRITY_AUDIT_ACTION_ADDED: 'Integrity audit action added',
  INTEGRITY_AUDIT_DRAWN: 'Integrity audit sample drawn',
  INTEGRITY_AUDIT_VERDICT: 'Integrity audit verdict given',
  INTEGRITY_FINDING_VERDICT: 'Integrity finding verdict given',
  INTEGRITY_FINDING_VIEWED: 'Integrity finding viewed',
  INTEGRITY_REPORT_VIEWED: 'Integrity report viewed',
  INTEGRITY_SCAN_RUN: 'Integrity scan run',
  INVOLVEMENT_CHANGED: 'How a person is involved changed',
  LOCATION_CREATED: 'Location added',
  N100_CLOSED: 'N100 closed',
  N100_CONVERTED: 'N100 converted to a crime',
  N100_RAISED: 'N100 raised',
  N100_VIEWED: 'N100 viewed',
  NON_CRIME_CLOSURE_AGREED: 'No-crime closure agreed',
  NON_CRIME_CLOSURE_QUEUED: 'No-crime closure queued for review',
  NON_CRIME_CLOSURE_SENT_BACK: 'No-crime closure sent back',
  NON_CRIME_CLOSURE_VIEWED: 'No-crime closure viewed',
  OFFENCE_LIST_IMPORTED: 'Offence list imported',
  OFFENCE_LIST_MADE_CURRENT: 'Offence list made current',
  OPEN_DATA_CRIME_TYPE_MAP_IMPORTED: 'Open data crime types imported',
  OPEN_DATA_EXPORTED: 'Open data exported',
  OPEN_DATA_FILE_IMPORTED: 'Open data file imported',
  OPEN_DATA_FILE_REPLACED: 'Open data file replaced',
  OPEN_DATA_MAP_POINTS_REPLACED: 'Open data map points replaced',
  OPEN_DATA_POPULATION_SET: 'Open data population set',
  PARTNER_MEMBER_ADDED: 'Partner member added',
  PARTNER_MEMBER_REMOVED: 'Partner member removed',
  PARTNER_ORGANISATION_CREATED: 'Partner organisation added',
  PARTNER_REPORT_DISCLOSED: 'Partner report disclosed',
  PARTNER_REPORT_SUBMITTED: 'Partner report submitted',
  PARTNER_REPORT_TRIAGED: 'Partner report triaged',
  PARTNER_REPORT_VIEWED: 'Partner report viewed',
  PASSWORD_CHANGED: 'Password changed',
  PEOPLE_SEARCHED: 'People searched',
  PERSONAL_DATA_ERASED: 'Personal data erased',
  PERSON_ASSESSED: 'Person assessed',
  PERSON_CREATED: 'Person added',
  PERSON_LINKED: 'Person linked to a record',
  PERSON_LINKS_MERGED: 'Person’s records merged',
  PERSON_LINKS_UNMERGED: 'Person’s records separated again',
  PERSON_MERGED: 'People merged',
  PERSON_UNMERGED: 'People separated again',
  PERSON_UPDATED: 'Person updated',
  PERSON_VIEWED: 'Person viewed',
  QUEUE_BULK_ACTION: 'Action taken on several queue items',
  QUEUE_EXPORTED: 'Queue exported',
  QUEUE_THRESHOLD_CHANGED: 'Queue threshold changed',
  RECORD_DISPOSED: 'Record disposed of',
  RECORD_RETAINED: 'Record kept for longer',
  RETENTION_RECORD_VIEWED: 'Record viewed for retention review',
  RETENTION_SCHEDULED: 'Retention review scheduled',
  RETENTION_SCHEDULE_CHANGED: 'Retention schedule changed',
  RISK_CREATED: 'Risk added',
  RISK_ESCALATED: 'Risk escalated',
  RISK_INDICATOR_CLEARED: 'Risk warning cleared',
  RISK_INDICATOR_LINKED: 'Warning linked to a risk',
  RISK_INDICATOR_UNLINKED: 'Warning unlinked from a risk',
  RISK_RAISED: 'Risk raised by a check',
  RISK_UPDATED: 'Risk updated',
  RISK_WATCH_CHANGED: 'Risk check changed',
  RISK_WATCH_INSTALLED: 'Risk check set up',
  ROLE_SEPARATION_CHANGED: 'Role separation changed',
  SKILL_CREATED: 'Skill added',
  STAFF_CREATED: 'Staff member added',
  STAFF_SKILL_REMOVED: 'Skill removed from a staff member',
  STAFF_SKILL_SET: 'Skill recorded for a staff member',
  STAFF_UPDATED: 'Staff member updated',
  STAFF_VIEWED: 'Staff member viewed',
  TOKEN_CREATED: 'API token created',
  TOKEN_REVOKED: 'API token revoked',
  TRAINING_ATTENDED: 'Training attended',
  TRAINING_BOOKED: 'Training booked',
  TRAINING_CANCELLED: 'Training cancelled',
  TRAINING_RECORDED: 'Training recorded',
  UNIT_CREATED: 'Unit added',
  UNIT_UPDATED: 'Unit updated',
  USER_CREATED: 'User added',
  VICTIM_CARE_ASSIGNED: 'Victim care assigned',
  VICTIM_CARE_SETTINGS_CHANGED: 'Victim care settings changed',
  VICTIM_CARE_VIEWED: 'Victim care viewed',
  VICTIM_CONTACT_PLAN_SET: 'Victim contact plan set',
  VICTIM_CONTACT_RECORDED: 'Contact with the victim recorded',
  VICTIM_ENHANCED_RIGHTS_CHANGED: 'Victim’s enhanced rights changed',
  VICTIM_EVENT_RECORDED: 'Victim care event recorded',
  VICTIM_TASKS_CLOSED: 'Victim care tasks closed',
  VICTIM_TASKS_STARTED: 'Victim care tasks started',
  VICTIM_VPS_RECORDED: 'Victim personal statement recorded',
  VIEW_JUSTIFICATIONS_CHANGED: 'Reasons for viewing restricted crimes changed',
}

/** An event type in words; one with no label yet reads as words rather than as its code. */
export function eventLabel(action: string): string {
  const label = AUDIT_EVENT_LABELS[action]
  if (label) {
    return label
  }
  return codeInWords(action)
}

/** What each kind of record is called, and where its page is (when it has one) with who may open it. */
const RECORD_TYPES: Readonly<
  Record<string, { label: string; page?: { href: (id: string) => string; permission: Permission } }>
> = {
  crime: { label: 'Crime', page: { href: (id) => `/crimes/${id}`, permission: 'crimes.view' } },
  incident: { label: 'Incident', page: { href: (id) => `/incidents/${id}`, permission: 'incidents.view' } },
  person: { label: 'Person', page: { href: (id) => `/people/${id}`, permission: 'people.view' } },
  n100: { label: 'N100', page: { href: (id) => `/n100s/${id}`, permission: 'n100.manage' } },
  risk: { label: 'Risk', page: { href: (id) => `/risks/${id}`, permission: 'risks.view' } },
  staff: { label: 'Staff member', page: { href: (id) => `/staff/${id}`, permission: 'staff.view' } },
  user: { label: 'User' },
  victim_care: { label: 'Victim care' },
  'crime-draft': { label: 'Crime draft' },
  'partner-report': { label: 'Partner report' },
  'partner-organisation': { label: 'Partner organisation' },
}

/** A record's kind in words: crime-draft → "Crime draft". */
export function recordTypeLabel(recordType: string): string {
  const known = RECORD_TYPES[recordType]?.label
  if (known) {
    return known
  }
  return sentenceCase(recordType.replace(/[-_]/g, ' '))
}

/** The key a record's name is looked up by. */
export function recordKey(recordType: string, recordId: string): string {
  return `${recordType}:${recordId}`
}

/**
 * The record column: its kind and its reference or name (a crime reference, an incident number, a person's or
 * user's name), linking to its page where it has one the reader may open (an auditor reads the staff trail but
 * may not open a staff record); a record with no name known shows its kind only.
 */
export function recordCell(
  recordType: string,
  recordId: string,
  names: ReadonlyMap<string, string>,
  reader: Pick<Permissions, 'can'>,
): { text: string; href?: string } {
  const name = names.get(recordKey(recordType, recordId))
  const page = RECORD_TYPES[recordType]?.page
  const text = name ? `${recordTypeLabel(recordType)} ${name}` : recordTypeLabel(recordType)
  return page && name && reader.can(page.permission) ? { text, href: page.href(recordId) } : { text }
}
