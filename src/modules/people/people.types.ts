import type { AssessmentKind, InvolvementRole, SuspectStatus } from './people.rules.ts'
import type { PersonMatch } from './people.repository.ts'

export type RecordType = 'incident' | 'crime'

export interface PersonInput {
  givenName: string
  familyName: string
  aliases?: string[]
  /** YYYY-MM-DD */
  dateOfBirth?: string
}

export interface LinkInput {
  personId: string
  recordType: RecordType
  recordId: string
  role: InvolvementRole
  suspectStatus?: string
}

/** Who a person is, as the facts record them: what identifies a victim for one crime per victim (rule 11). */
export interface PersonIdentity {
  personId: string
  givenName: string
  familyName: string
  dateOfBirth: string | null
}

/** A change to how someone is involved in a record (rule 22). */
export interface InvolvementChange {
  role: string
  suspectStatus?: string | undefined
  /** The involvement's version the change was made from; omitted by a caller holding the record's lock. */
  version?: number | undefined
}

export interface ChangedInvolvement {
  involvementId: string
  personId: string
  recordType: RecordType
  recordId: string
  before: { role: InvolvementRole; suspectStatus: SuspectStatus | null }
  after: { role: InvolvementRole; suspectStatus: SuspectStatus | null }
}

export interface Involvement {
  involvementId: string
  personId: string
  displayName: string
  role: string
  suspectStatus: string | null
  dateOfBirth: string | null
}

export interface LocationInput {
  address: string
  postcode?: string
  latitude?: number
  longitude?: number
  lsoaCode?: string
  lsoaName?: string
}

export interface Location {
  locationId: string
  address: string
  postcode: string | null
  latitude: number | null
  longitude: number | null
  lsoaCode: string | null
  lsoaName: string | null
}

export interface PersonSearch {
  name?: string | undefined
  dateOfBirth?: string | undefined
}

export interface PersonSearchResult {
  people: Array<PersonMatch & { displayName: string; age: number | null }>
  /** True when there may be more matches than were returned: narrow the search. */
  limited: boolean
}

/** A person with everything the person page shows: facts, involvements and (separately) assessments. */
export interface PersonRecord {
  personId: string
  givenName: string
  familyName: string
  displayName: string
  aliases: string[]
  dateOfBirth: string | null
  /** Age in whole years today (UK date), when the date of birth is known. */
  age: number | null
  version: number
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
  involvements: Array<{
    involvementId: string
    recordType: RecordType
    recordId: string
    /** The crime reference or incident number. */
    reference: string | null
    role: InvolvementRole
    suspectStatus: SuspectStatus | null
    version: number
    createdAt: Date
  }>
  assessments: Array<{
    assessmentId: string
    kind: AssessmentKind
    assessment: string
    assessedAt: Date
    assessedById: string
    assessedByName: string
  }>
}
