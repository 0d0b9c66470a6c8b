import type { ColumnType, Generated } from 'kysely'
import type { ForceId } from './platform.ts'

/** Calendar days are 'YYYY-MM-DD' strings on both drivers (see database.ts). */
type CalendarDay = string

export interface RiskTable {
  forceId: ForceId
  riskId: string
  title: string
  description: string
  ownerUserId: string | null
  likelihood: number
  impact: number
  /** likelihood × impact, computed by the database. */
  score: ColumnType<number, never, never>
  mitigations: string
  status: 'open' | 'treating' | 'tolerated' | 'closed'
  reviewDate: CalendarDay
  raisedBy: 'person' | 'indicator'
  version: Generated<number>
  createdAt: Date
  updatedAt: Date
}

export type RiskChangeKind =
  'created' | 'updated' | 'raised' | 'escalated' | 'indicator_cleared' | 'indicator_linked' | 'indicator_unlinked'

export interface RiskChangeTable {
  forceId: ForceId
  changeId: string
  riskId: string
  changedAt: Date
  actorType: 'user' | 'token' | 'system'
  actorId: string
  actorName: string
  kind: RiskChangeKind
  /** `{ field: { before, after } }`; written as JSON text. */
  changes: ColumnType<Record<string, { before: unknown; after: unknown }>, string, string>
  reason: string | null
}

export interface RiskTemplateJson {
  title: string
  description: string
  likelihood: number
  impact: number
  mitigations: string
}

export interface RiskIndicatorLinkTable {
  forceId: ForceId
  linkId: string
  riskId: string | null
  indicatorKey: string
  triggerKind: 'above' | 'below' | 'within-weeks'
  threshold: number | null
  weeks: number | null
  preset: string | null
  template: ColumnType<RiskTemplateJson | null, string | null, string | null>
  ownerUserId: string | null
  active: Generated<boolean>
  state: Generated<'clear' | 'triggered'>
  lastReading: ColumnType<{ value: number | string | null } | null, string | null, string | null>
  lastCheckedOn: CalendarDay | null
  triggeredOn: CalendarDay | null
  version: Generated<number>
  createdAt: Date
}

export interface RiskNotificationTable {
  forceId: ForceId
  notificationId: string
  riskId: string
  recipientUserId: string | null
  createdAt: Date
  message: string
  reason: string
}

/** One person having read one notification (a shared notification is read by each person separately). */
export interface RiskNotificationReadTable {
  forceId: ForceId
  notificationId: string
  userId: string
  readAt: Date
}

/** One check of the watched indicators, and what it found. */
export interface RiskCheckTable {
  forceId: ForceId
  checkId: string
  checkedAt: Date
  checkedFor: CalendarDay
  requestedBy: string
  watchesInstalled: number
  watchesChecked: number
  raised: number
  escalated: number
  cleared: number
  /** Indicator keys that could not be read; written as JSON text. */
  unreadable: ColumnType<string[], string, string>
}

export interface RisksTables {
  risk: RiskTable
  riskChange: RiskChangeTable
  riskIndicatorLink: RiskIndicatorLinkTable
  riskNotification: RiskNotificationTable
  riskNotificationRead: RiskNotificationReadTable
  riskCheck: RiskCheckTable
}
