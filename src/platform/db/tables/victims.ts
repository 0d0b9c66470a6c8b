import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** Calendar days are 'YYYY-MM-DD' strings on both drivers (see database.ts). */
type CalendarDay = string
type Computed<T> = ColumnType<T, never, never>

export type ContactMethod = 'phone' | 'email' | 'letter' | 'text_message' | 'in_person' | 'video_call'
export type VictimTaskKind =
  | 'right3_information'
  | 'support_referral'
  | 'needs_assessment'
  | 'event_notification'
  | 'scheduled_update'
  | 'told_not_recorded'
  | 'told_cancelled'
  | 'transfer_update'
export type VictimTaskStatus = 'open' | 'done' | 'not_possible' | 'handed_over' | 'withdrawn'
export type VictimEventKind =
  | 'arrest'
  | 'interview_under_caution'
  | 'released_without_charge'
  | 'bail'
  | 'released_under_investigation'
  | 'bail_changed'
  | 'not_investigated'
  | 'outcome'

export interface VictimCareSettingTable {
  forceId: ForceId
  needsAssessmentDays: Generated<number>
  vpsRequiredForCharge: Generated<boolean>
  calendarRegion: Generated<string>
  extraDaysOff: ColumnType<CalendarDay[], CalendarDay[] | undefined, CalendarDay[]>
  version: Generated<number>
  updatedAt: Date
  updatedBy: string
}

export interface VictimCareTable {
  forceId: ForceId
  careId: string
  crimeId: string | null
  incidentId: string | null
  reference: string
  reportedAt: Date
  offenceFrom: Date | null
  victimPersonId: string | null
  automaticGrounds: ColumnType<string[], string[] | undefined, string[]>
  manualGrounds: ColumnType<string[], string[] | undefined, string[]>
  manualReason: string | null
  enhanced: Computed<boolean>
  officerUserId: string | null
  unitId: string | null
  referralConsent: 'given' | 'declined' | null
  vpsOfferedOn: CalendarDay | null
  vpsOfferedBy: string | null
  vpsResponse: 'accepted' | 'declined' | null
  vpsLink: string | null
  updateEveryDays: number | null
  preferredMethod: ContactMethod | null
  planAgreedOn: CalendarDay | null
  handedOverTo: string | null
  version: Generated<number>
  createdAt: Date
  updatedAt: Date
}

export interface VictimEventTable {
  forceId: ForceId
  eventId: string
  careId: string
  kind: VictimEventKind
  occurredOn: CalendarDay
  details: Generated<string>
  recordedAt: Date
  recordedBy: string
  recordedByName: string
}

export interface VictimContactTable {
  forceId: ForceId
  contactId: string
  careId: string
  contactedAt: Date
  contactedBy: string
  contactedByName: string
  method: ContactMethod | null
  otherMethodReason: string | null
  summary: string
  recordedWith: 'cancellation' | 'transfer' | 'non_crime' | null
  recordedAt: Date
}

export interface VictimTaskTable {
  forceId: ForceId
  taskId: string
  careId: string
  kind: VictimTaskKind
  eventId: string | null
  startsOn: CalendarDay
  standardDays: number
  enhancedDays: number
  dayKind: 'working' | 'calendar'
  dueOn: CalendarDay
  status: Generated<VictimTaskStatus>
  contactId: string | null
  closedAt: Date | null
  closedBy: string | null
  closedByName: string | null
  closingNote: string | null
  createdAt: Date
}

export interface VictimsTables {
  victimCareSetting: VictimCareSettingTable
  victimCare: VictimCareTable
  victimEvent: VictimEventTable
  victimContact: VictimContactTable
  victimTask: VictimTaskTable
}
