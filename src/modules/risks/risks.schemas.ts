import { Type, type Static } from 'typebox'
import { RISK_STATUSES, TRIGGER_KINDS } from './risks.rules.ts'

const Field = Type.String({ default: '', maxLength: 10_000 })
const Optional = Type.Optional(Type.String({ maxLength: 10_000 }))

/** The create/edit form. The review date comes as day, month and year fields. */
export const RiskForm = Type.Object({
  title: Field,
  description: Field,
  ownerUserId: Field,
  likelihood: Field,
  impact: Field,
  mitigations: Field,
  status: Type.String({ default: 'open', maxLength: 20 }),
  'reviewDate-day': Field,
  'reviewDate-month': Field,
  'reviewDate-year': Field,
  reason: Optional,
  expectedVersion: Optional,
  _csrf: Optional,
})
export type RiskForm = Static<typeof RiskForm>

export const LinkForm = Type.Object({
  indicatorKey: Field,
  kind: Field,
  threshold: Optional,
  weeks: Optional,
  _csrf: Optional,
})

export const WatchForm = Type.Object({
  kind: Field,
  threshold: Optional,
  weeks: Optional,
  active: Optional,
  ownerUserId: Optional,
  expectedVersion: Field,
  _csrf: Optional,
})
export type WatchForm = Static<typeof WatchForm>

export const RiskParams = Type.Object({ riskId: Type.String({ format: 'uuid' }) })
export const LinkParams = Type.Object({
  riskId: Type.String({ format: 'uuid' }),
  linkId: Type.String({ format: 'uuid' }),
})
export const WatchParams = Type.Object({ linkId: Type.String({ format: 'uuid' }) })
export const NotificationParams = Type.Object({ notificationId: Type.String({ format: 'uuid' }) })
export const ListQuery = Type.Object({ closed: Type.Optional(Type.String({ maxLength: 10 })) })

// API

const Day = Type.String({ description: 'YYYY-MM-DD' })

export const RiskBody = Type.Object({
  title: Type.String(),
  description: Type.String(),
  ownerUserId: Type.String({ description: 'A user of this force' }),
  likelihood: Type.Integer({ description: '1 (rare) to 5 (almost certain)' }),
  impact: Type.Integer({ description: '1 (negligible) to 5 (severe)' }),
  mitigations: Type.Optional(Type.String()),
  status: Type.Optional(Type.String({ description: RISK_STATUSES.join(', ') })),
  reviewDate: Day,
})

export const RiskUpdateBody = Type.Intersect([
  RiskBody,
  Type.Object({
    expectedVersion: Type.Integer({ description: 'The version read; a stale version is a 409' }),
    reason: Type.Optional(Type.String({ description: 'Why it changed (kept in the risk’s history)' })),
  }),
])

export const LinkBody = Type.Object({
  indicatorKey: Type.String(),
  kind: Type.String({ description: TRIGGER_KINDS.join(', ') }),
  threshold: Type.Optional(Type.Number()),
  weeks: Type.Optional(Type.Integer()),
})

const Trigger = Type.Object({
  kind: Type.String(),
  threshold: Type.Optional(Type.Number()),
  weeks: Type.Optional(Type.Integer()),
})

export const Risk = Type.Object({
  riskId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  ownerUserId: Type.Union([Type.String(), Type.Null()]),
  ownerName: Type.Union([Type.String(), Type.Null()]),
  likelihood: Type.Integer(),
  impact: Type.Integer(),
  score: Type.Integer(),
  rating: Type.String(),
  mitigations: Type.String(),
  status: Type.String(),
  reviewDate: Day,
  reviewOverdue: Type.Boolean(),
  raisedBy: Type.String({ description: 'person, or indicator when Tally raised it' }),
  version: Type.Integer(),
})

export const RiskList = Type.Object({ risks: Type.Array(Risk) })

export const RiskDetail = Type.Object({
  risk: Risk,
  history: Type.Array(
    Type.Object({
      changedAt: Type.String(),
      kind: Type.String(),
      actorName: Type.String(),
      changes: Type.Record(Type.String(), Type.Object({ before: Type.Unknown(), after: Type.Unknown() })),
      reason: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  indicators: Type.Array(
    Type.Object({
      linkId: Type.String(),
      indicatorKey: Type.String(),
      label: Type.String(),
      trigger: Trigger,
      state: Type.String(),
      lastReading: Type.String(),
    }),
  ),
})

export const Created = Type.Object({ riskId: Type.String() })
export const LinkCreated = Type.Object({ linkId: Type.String() })

export const CheckResponse = Type.Object({
  date: Day,
  checkedAt: Type.String({ format: 'date-time' }),
  installed: Type.Integer({ description: 'Default watches this check started (a force’s first check installs them)' }),
  checked: Type.Integer(),
  raised: Type.Array(Type.Object({ riskId: Type.String(), title: Type.String(), reason: Type.String() })),
  escalated: Type.Array(Type.Object({ riskId: Type.String(), title: Type.String(), reason: Type.String() })),
  cleared: Type.Array(Type.Object({ riskId: Type.Union([Type.String(), Type.Null()]), reason: Type.String() })),
  unreadable: Type.Array(Type.String()),
})

const LastCheck = Type.Object({
  checkedAt: Type.String({ format: 'date-time' }),
  checkedFor: Day,
  requestedBy: Type.String(),
  installed: Type.Integer(),
  checked: Type.Integer(),
  raised: Type.Integer(),
  escalated: Type.Integer(),
  cleared: Type.Integer(),
  unreadable: Type.Array(Type.String()),
})

export const WatchList = Type.Object({
  lastCheck: Type.Union([LastCheck, Type.Null()], {
    description: 'The latest check of the watched indicators (null before the first: POST /api/v1/risks/check)',
  }),
  indicators: Type.Array(
    Type.Object({
      linkId: Type.String(),
      riskId: Type.Union([Type.String(), Type.Null()]),
      indicatorKey: Type.String(),
      label: Type.String(),
      trigger: Trigger,
      triggerText: Type.String(),
      active: Type.Boolean(),
      state: Type.String(),
      lastReading: Type.String(),
      lastCheckedOn: Type.Union([Day, Type.Null()]),
    }),
  ),
})
