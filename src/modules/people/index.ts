/**
 * People and places (POLE persons and locations): persons with their names, aliases and date of birth; how each
 * is involved in incidents and crimes (victim, witness, suspect with a suspect status, offender, reporting
 * person, other: DOMAIN.md §9 rule 22); assessments kept apart from facts; locations with postcode, coordinates
 * and LSOA; and a person search that finds misspelt and variant names.
 *
 * Other modules add and link people through `PeopleService` inside their own transaction
 * (`addPerson(tx, actor, …)`, `linkPerson(tx, actor, …)`, `involvementsFor(tx, …)`, `addLocation`, `getLocation`).
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export {
  PeopleService,
  type ChangedInvolvement,
  type Involvement,
  type InvolvementChange,
  type LinkInput,
  type Location,
  type LocationInput,
  type PersonIdentity,
  type PersonInput,
  type PersonRecord,
  type PersonSearchResult,
  type RecordType,
} from './people.service.ts'
export { PeopleRepository } from './people.repository.ts'
export { peoplePages } from './people.pages.ts'
export { peopleApi } from './people.api.ts'
/** Merging duplicate person records, reversibly (rule 20). */
export { PersonMerges, type PersonMerge } from './people.merge.ts'
export { PersonMergeRepository } from './people.merge.repository.ts'
export { personMergePages } from './people.merge.pages.ts'
export { personMergesApi } from './people.merge.api.ts'
export {
  ASSESSMENT_KIND_LABELS,
  INVOLVEMENT_ROLES,
  ROLE_LABELS as INVOLVEMENT_ROLE_LABELS,
  SUSPECT_STATUSES,
  SUSPECT_STATUS_LABELS,
  involvementProblem,
  isInvolvementRole,
  isNamedSuspect,
  nameForms,
  nameSearchKeys,
  normaliseName,
  type InvolvementRole,
  type SuspectStatus,
} from './people.rules.ts'

export const navigation: NavigationItem[] = [{ text: 'People', href: '/people', permission: 'people.view', order: 30 }]
/** Retention review (rule 21): people read for the schedule, and their personal data removed on disposal. */
export { PersonRetention, REMOVED_NAME, type PersonForRetentionReview } from './people.retention.ts'
