import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** A calendar date: 'YYYY-MM-DD' both ways (the drivers are told not to make it a Date). */
type CalendarDate = string

export interface PersonTable {
  forceId: ForceId
  personId: string
  givenName: string
  familyName: string
  aliases: ColumnType<string[], string[] | undefined, string[]>
  dateOfBirth: CalendarDate | null
  nameForms: string[]
  version: Generated<number>
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
}

export interface PersonNameKeyTable {
  forceId: ForceId
  key: string
  personId: string
}

export interface PersonInvolvementTable {
  forceId: ForceId
  involvementId: string
  personId: string
  recordType: 'incident' | 'crime'
  recordId: string
  role: string
  suspectStatus: string | null
  version: Generated<number>
  createdAt: Date
  createdBy: string
  updatedAt: Date
  updatedBy: string
}

export interface PersonAssessmentTable {
  forceId: ForceId
  assessmentId: string
  personId: string
  kind: string
  assessment: string
  assessedAt: Date
  assessedById: string
  assessedByName: string
}

export interface LocationTable {
  forceId: ForceId
  locationId: string
  address: string
  postcode: string | null
  latitude: number | null
  longitude: number | null
  lsoaCode: string | null
  lsoaName: string | null
  createdAt: Date
  createdBy: string
}

/** A merge of a duplicate person into the surviving one, with every link it moved (rule 20: reversible). */
export interface PersonMergeTable {
  forceId: ForceId
  mergeId: string
  survivingPersonId: string
  duplicatePersonId: string
  reason: string
  /** JSON written and read by people.merge.ts (MovedLinks). */
  moved: ColumnType<unknown, string, string>
  mergedAt: Date
  mergedBy: string
  unmergedAt: Date | null
  unmergedBy: string | null
}

export interface PeopleTables {
  person: PersonTable
  personNameKey: PersonNameKeyTable
  personInvolvement: PersonInvolvementTable
  personAssessment: PersonAssessmentTable
  location: LocationTable
  personMerge: PersonMergeTable
}
