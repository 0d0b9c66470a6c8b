/**
 * Incidents: every report received (999, 101, online, front counter, officer generated, partner, other) as an
 * auditable incident with its NSIR category, qualifiers, narrative and closing category; idempotent intake for
 * command-and-control systems; closing a crime-related incident only with a crime or a recorded reason why not.
 * The crimes module records crimes from incidents through `IncidentsService`'s `…In(tx, …)` methods.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

/** The incidents service, and what it takes and gives. */
export {
  IncidentsService,
  locationFor,
  personFor,
  type IncidentDetailsInput,
  type IncidentHooks,
  type IncidentSummary,
  type IncidentInput,
  type IncidentSubmission,
  type IncidentView,
  type LocationInput,
  type NonCrimeDecisionInput,
  type PersonDetails,
} from './incidents.service.ts'
/** The incident lifecycle table (its sibling, the crime lifecycle, is in the crimes module). */
export {
  INCIDENT_ACTIONS,
  INCIDENT_STATUSES,
  INCIDENT_WORKFLOW,
  allowedIncidentActions,
  type IncidentAction,
  type IncidentFacts,
  type IncidentField,
  type IncidentStatus,
  type IncidentTransition,
} from './incidents.workflow.ts'
/** The `incident` table's queries. */
export { IncidentsRepository, type IncidentRow, type NewIncidentRow } from './incidents.repository.ts'
export { IncidentWorklists, type IncidentWorklist, type WorklistIncident } from './incidents.worklists.ts'
/** Anti-social behaviour incidents for police.uk's ASB rows (rule 25). */
export { IncidentPublication } from './incidents.publication.ts'
/** Channels, NSIR categories and qualifiers, non-crime reasons, and UK clock helpers for form times. */
export {
  CATEGORY_CODES,
  CHANNELS,
  CHANNEL_VALUES,
  INCIDENT_CATEGORIES,
  NON_CRIME_REASONS,
  NSIR_CHAPTERS,
  QUALIFIERS,
  QUALIFIER_CODES,
  incidentNumber,
  isChannel,
  isCrimeRelated,
  isRapeReport,
  submissionHash,
  toInstant,
  ukInstant,
  ukLocalTime,
  type Channel,
  type IncidentCategoryCode,
  type UkLocalTime,
} from './incidents.rules.ts'

export const navigation: NavigationItem[] = [
  { text: 'Incidents', href: '/incidents', permission: 'incidents.view', order: 10 },
]
/** Pages (mounted at /incidents) and the JSON API (mounted at /api/v1/incidents). */
export { incidentsPages, type IncidentsPagesOptions } from './incidents.pages.ts'
export { incidentsApi, toApiIncident } from './incidents.api.ts'
/** A list page's keyset cursor pattern ("<milliseconds>_<id>"), for the crime list too. */
export { LIST_CURSOR } from './incidents.schemas.ts'
/** Form and view helpers shared with the crime pages (date-and-time inputs, labels). */
export {
  categoryLabel,
  channelLabel,
  dateTimeItems,
  formInstant,
  instantInput,
  nonCrimeReasonItems,
  paragraphs,
  qualifierLabels,
  type FormInstant,
} from './incidents.views.ts'
/** Retention review (rule 21): an incident's narrative, removed with the only crime recorded from it. */
export { IncidentRetention } from './incidents.retention.ts'
