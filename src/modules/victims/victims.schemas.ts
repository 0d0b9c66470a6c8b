import { Type, type Static } from 'typebox'

const TASK_KIND_VALUES = [
  'right3_information',
  'support_referral',
  'needs_assessment',
  'event_notification',
  'scheduled_update',
  'told_not_recorded',
  'told_cancelled',
  'transfer_update',
] as const
const TASK_STATUS_VALUES = ['open', 'done', 'not_possible', 'handed_over', 'withdrawn'] as const
const METHOD_VALUES = ['phone', 'email', 'letter', 'text_message', 'in_person', 'video_call'] as const

export const CareParams = Type.Object({ careId: Type.String({ format: 'uuid' }) })
export const CrimeParams = Type.Object({ crimeId: Type.String({ format: 'uuid' }) })
const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one is a 409' })

export const QueueQuery = Type.Object(
  {
    view: Type.Optional(
      Type.Enum(['overdue', 'today', 'open'], {
        description: 'overdue: open and past due; today: due today; open (default): every open task',
      }),
    ),
    officerUserId: Type.Optional(Type.String({ format: 'uuid', description: 'Only victims this officer looks after' })),
    unitId: Type.Optional(Type.String({ format: 'uuid', description: 'Only victims this unit looks after' })),
  },
  { additionalProperties: false },
)
export type QueueQuery = Static<typeof QueueQuery>

// The API takes plain strings and lets the service name any problem in words, as the pages do.
export const ContactBody = Type.Object(
  {
    contactedAt: Type.String({ format: 'date-time', description: 'When the victim was contacted' }),
    method: Type.String({ description: `How: one of ${METHOD_VALUES.join(', ')}` }),
    otherMethodReason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why, if not the agreed method' })),
    summary: Type.String({ maxLength: 4000, description: 'What was said' }),
    taskIds: Type.Array(Type.String({ format: 'uuid' }), { maxItems: 50, description: 'Open tasks it completes' }),
    referralConsent: Type.Optional(
      Type.String({ description: '"given" or "declined": needed when it completes the referral to victim support' }),
    ),
  },
  { additionalProperties: false },
)
export type ContactBody = Static<typeof ContactBody>

export const EventBody = Type.Object(
  {
    kind: Type.String({
      description:
        'arrest, interview_under_caution, released_without_charge, bail, released_under_investigation, bail_changed, not_investigated, outcome',
    }),
    occurredOn: Type.String({ description: 'YYYY-MM-DD' }),
    details: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
)

export const EnhancedRightsBody = Type.Object(
  {
    grounds: Type.Array(Type.String(), {
      maxItems: 3,
      description: 'Grounds set by hand: persistently_targeted, vulnerable, intimidated (empty to clear them)',
    }),
    reason: Type.String({ maxLength: 2000 }),
    expectedVersion: Version,
  },
  { additionalProperties: false },
)

export const VpsBody = Type.Object(
  {
    offeredOn: Type.String({ description: 'YYYY-MM-DD' }),
    offeredBy: Type.String({ maxLength: 200 }),
    response: Type.Optional(
      Type.String({ description: '"accepted" or "declined"; leave out until the victim answers' }),
    ),
    link: Type.Optional(Type.String({ maxLength: 500, description: 'Where the statement is, if made' })),
    expectedVersion: Version,
  },
  { additionalProperties: false },
)

export const ContactPlanBody = Type.Object(
  {
    updateEveryDays: Type.Integer({ description: 'Agreed frequency of updates, in days (1–90)' }),
    preferredMethod: Type.String({ description: `One of ${METHOD_VALUES.join(', ')}` }),
    expectedVersion: Version,
  },
  { additionalProperties: false },
)

export const AssignmentBody = Type.Object(
  {
    officerUserId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    unitId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
    expectedVersion: Version,
  },
  { additionalProperties: false },
)

export const SettingsBody = Type.Object(
  {
    needsAssessmentDays: Type.Integer({ description: 'Working days to complete the needs assessment' }),
    vpsRequiredForCharge: Type.Boolean({ description: 'Block filing a charged case until a VPS has been offered' }),
    region: Type.String({ description: 'Whose bank holidays: ENG (England and Wales), WLS, SCT, NIR' }),
    extraDaysOff: Type.Array(Type.String(), { maxItems: 366, description: 'Further days off, YYYY-MM-DD' }),
  },
  { additionalProperties: false },
)

export const SettingsResponse = Type.Object({
  needsAssessmentDays: Type.Integer(),
  vpsRequiredForCharge: Type.Boolean(),
  region: Type.String(),
  extraDaysOff: Type.Array(Type.String()),
})

const Task = Type.Object({
  taskId: Type.String({ format: 'uuid' }),
  careId: Type.String({ format: 'uuid' }),
  kind: Type.Enum(TASK_KIND_VALUES),
  what: Type.String(),
  dueOn: Type.String(),
  status: Type.Enum(TASK_STATUS_VALUES),
  overdue: Type.Boolean(),
  closedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  closedByName: Type.Union([Type.String(), Type.Null()]),
  closingNote: Type.Union([Type.String(), Type.Null()]),
  contactId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
})

export const QueueResponse = Type.Object({
  tasks: Type.Array(
    Type.Object({
      ...Task.properties,
      reference: Type.String(),
      crimeId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
      incidentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
      enhanced: Type.Boolean(),
      officerName: Type.Union([Type.String(), Type.Null()]),
      unitName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})

const Count = Type.Object({ open: Type.Integer(), overdue: Type.Integer(), dueToday: Type.Integer() })
export const CountsResponse = Type.Object({
  total: Count,
  byHolder: Type.Array(
    Type.Object({
      ...Count.properties,
      officerUserId: Type.Union([Type.String(), Type.Null()]),
      officerName: Type.Union([Type.String(), Type.Null()]),
      unitId: Type.Union([Type.String(), Type.Null()]),
      unitName: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})

export const CareResponse = Type.Object({
  careId: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  crimeId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  incidentId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  enhanced: Type.Boolean(),
  automaticGrounds: Type.Array(Type.String()),
  manualGrounds: Type.Array(Type.String()),
  officerUserId: Type.Union([Type.String(), Type.Null()]),
  unitId: Type.Union([Type.String(), Type.Null()]),
  referralConsent: Type.Union([Type.String(), Type.Null()]),
  vps: Type.Object({
    offeredOn: Type.Union([Type.String(), Type.Null()]),
    offeredBy: Type.Union([Type.String(), Type.Null()]),
    response: Type.Union([Type.String(), Type.Null()]),
    link: Type.Union([Type.String(), Type.Null()]),
  }),
  contactPlan: Type.Object({
    updateEveryDays: Type.Union([Type.Integer(), Type.Null()]),
    preferredMethod: Type.Union([Type.String(), Type.Null()]),
    agreedOn: Type.Union([Type.String(), Type.Null()]),
  }),
  handedOverTo: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  tasks: Type.Array(Task),
  contacts: Type.Array(
    Type.Object({
      contactId: Type.String({ format: 'uuid' }),
      contactedAt: Type.String({ format: 'date-time' }),
      contactedByName: Type.String(),
      method: Type.Union([Type.String(), Type.Null()]),
      otherMethodReason: Type.Union([Type.String(), Type.Null()]),
      summary: Type.String(),
      recordedWith: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  events: Type.Array(
    Type.Object({
      eventId: Type.String({ format: 'uuid' }),
      kind: Type.String(),
      occurredOn: Type.String(),
      details: Type.String(),
      recordedByName: Type.String(),
    }),
  ),
  compliance: Type.Object({
    total: Type.Integer(),
    open: Type.Integer(),
    overdue: Type.Integer(),
    onTime: Type.Integer(),
    late: Type.Integer(),
    notPossible: Type.Integer(),
    compliant: Type.Boolean(),
  }),
})

export const ContactCreated = Type.Object({
  contactId: Type.String({ format: 'uuid' }),
  closed: Type.Array(Type.String({ format: 'uuid' })),
})
export const EventCreated = Type.Object({
  eventId: Type.String({ format: 'uuid' }),
  taskId: Type.String({ format: 'uuid' }),
})
