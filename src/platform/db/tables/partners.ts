import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** Calendar days are 'YYYY-MM-DD' strings on both drivers (see database.ts). */
type CalendarDay = string

export type PartnerKind = 'school' | 'hospital' | 'charity' | 'housing' | 'social_care'
export type PartnerReportStatus = 'triage' | 'recorded_as_crime' | 'n100' | 'passed_to_agency' | 'closed'

export interface PartnerOrganisationTable {
  forceId: ForceId
  organisationId: string
  name: string
  kind: PartnerKind
  contact: string
  active: Generated<boolean>
  createdAt: Date
}

export interface PartnerMemberTable {
  forceId: ForceId
  memberId: string
  memberType: 'user' | 'token'
  organisationId: string
  addedAt: Date
}

export interface PartnerReportDraftTable {
  forceId: ForceId
  draftId: string
  memberId: string
  organisationId: string
  answers: ColumnType<Record<string, string>, string, string>
  updatedAt: Date
}

export interface PartnerReportTable {
  forceId: ForceId
  reportId: string
  organisationId: string
  acknowledgementReference: string
  partnerReference: string | null
  submissionHash: string
  incidentId: string
  submittedBy: string
  submittedById: string
  submittedAt: Date
  kind: string
  whatHappened: string
  happenedAt: Date
  address: string
  postcode: string | null
  anonymous: boolean
  victimGivenName: string | null
  victimFamilyName: string | null
  victimDateOfBirth: CalendarDay | null
  consentToShare: boolean
  wantsPoliceContact: boolean
  status: Generated<PartnerReportStatus>
  outcomeAgency: string | null
  outcomeRationale: string | null
  decidedBy: string | null
  decidedAt: Date | null
  version: Generated<number>
}

export interface PartnersTables {
  partnerOrganisation: PartnerOrganisationTable
  partnerMember: PartnerMemberTable
  partnerReportDraft: PartnerReportDraftTable
  partnerReport: PartnerReportTable
}
