import { Type, type Static } from 'typebox'
import { FLAG_NAMES, QUEUE_ACTIONS, QUEUE_KEYS } from './queues.rules.ts'

const StringOrList = Type.Union([Type.String(), Type.Array(Type.String())])

export const QueueParams = Type.Object({ queue: Type.String({ maxLength: 60 }) })
export type QueueParams = Static<typeof QueueParams>

export const ItemParams = Type.Object({
  queue: Type.String({ maxLength: 60 }),
  crimeId: Type.String({ maxLength: 60 }),
})
export type ItemParams = Static<typeof ItemParams>

/** A queue page's address: its filters, sort and position, as links and the filter form make them. */
export const QueueQuery = Type.Object({
  group: Type.Optional(Type.String({ maxLength: 100 })),
  unit: Type.Optional(Type.String({ maxLength: 60 })),
  holder: Type.Optional(Type.String({ maxLength: 60 })),
  age: Type.Optional(Type.String({ maxLength: 10 })),
  flags: Type.Optional(StringOrList),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
  size: Type.Optional(Type.String({ maxLength: 5 })),
  after: Type.Optional(Type.String({ maxLength: 200 })),
  before: Type.Optional(Type.String({ maxLength: 200 })),
})
export type QueueQuery = Static<typeof QueueQuery>

/** The export's address: the queue's filters and the justification asked first (rule 20). */
export const QueueExportQuery = Type.Object({
  ...QueueQuery.properties,
  justification: Type.Optional(Type.String({ maxLength: 500 })),
  justificationText: Type.Optional(Type.String({ maxLength: 500 })),
})

/** The queue page's bulk form and the action forms after it, as a browser posts them. */
export const BulkForm = Type.Object({
  items: Type.Optional(StringOrList),
  action: Type.Optional(Type.String({ maxLength: 40 })),
  reason: Type.Optional(Type.String({ maxLength: 10_000 })),
  assignedUserId: Type.Optional(Type.String({ maxLength: 60 })),
  assignedUnitId: Type.Optional(Type.String({ maxLength: 60 })),
  checklist: Type.Optional(StringOrList),
  candidateUnit: Type.Optional(Type.String({ maxLength: 60 })),
  back: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
})
export type BulkForm = Static<typeof BulkForm>

export const ThresholdForm = Type.Object({
  threshold: Type.String({ default: '', maxLength: 20 }),
  version: Type.Optional(Type.String({ maxLength: 10 })),
  _csrf: Type.Optional(Type.String()),
})
export type ThresholdForm = Static<typeof ThresholdForm>

// ---------------------------------------------------------------------------------------------------------------
// JSON API

const QueueKey = Type.Enum(QUEUE_KEYS)
const DateTime = Type.String({ format: 'date-time' })
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()])

export const ApiQueueParams = Type.Object({ queue: QueueKey })

const Bucket = Type.Object({ label: Type.String(), count: Type.Integer() })

export const QueueSummaryResponse = Type.Object({
  key: QueueKey,
  label: Type.String(),
  holds: Type.String(),
  recordType: Type.Union([Type.Literal('crime'), Type.Literal('incident')]),
  work: Type.Boolean({ description: 'Outstanding work (false for a list of finished work, such as recently filed)' }),
  deadlineHours: Nullable(Type.Integer()),
  count: Type.Integer(),
  oldest: Nullable(DateTime),
  overdue: Type.Integer(),
  buckets: Type.Array(Bucket),
})

export const QueueListResponse = Type.Object({ queues: Type.Array(QueueSummaryResponse) })

export const ApiQueueQuery = Type.Object(
  {
    group: Type.Optional(
      Type.String({ maxLength: 100, description: 'Offence group code (crimes) or opening category (incidents)' }),
    ),
    unit: Type.Optional(Type.String({ format: 'uuid' })),
    holder: Type.Optional(Type.String({ maxLength: 60, description: 'A user id, "me", or "none" for unallocated' })),
    age: Type.Optional(
      Type.String({ pattern: '^(\\d{1,2}|overdue)$', description: 'An ageing bucket index, or "overdue"' }),
    ),
    flags: Type.Optional(Type.Array(Type.Enum(FLAG_NAMES), { maxItems: 3 })),
    sort: Type.Optional(Type.Union([Type.Literal('deadline'), Type.Literal('newest')])),
    size: Type.Optional(Type.Union([Type.Literal(25), Type.Literal(50), Type.Literal(100)])),
    after: Type.Optional(Type.String({ maxLength: 200, description: 'The `next` cursor of the page before' })),
    before: Type.Optional(Type.String({ maxLength: 200, description: 'The `previous` cursor of the page after' })),
  },
  { additionalProperties: false },
)
export type ApiQueueQuery = Static<typeof ApiQueueQuery>

/** The export's query: the queue's filters and, required, why it is being exported (rule 20). */
export const ApiQueueExportQuery = Type.Object(
  {
    group: ApiQueueQuery.properties.group,
    unit: ApiQueueQuery.properties.unit,
    holder: ApiQueueQuery.properties.holder,
    age: ApiQueueQuery.properties.age,
    flags: ApiQueueQuery.properties.flags,
    sort: ApiQueueQuery.properties.sort,
    justification: Type.Optional(
      Type.String({
        maxLength: 500,
        description:
          'Required: one of the force’s reasons (GET /api/v1/view-justifications), or "other" with justificationText. Kept with the export in the audit trail.',
      }),
    ),
    justificationText: Type.Optional(Type.String({ maxLength: 500, description: 'A reason of your own, typed' })),
  },
  { additionalProperties: false },
)

export const QueueItemResponse = Type.Object({
  recordType: Type.Union([Type.Literal('crime'), Type.Literal('incident')]),
  id: Type.String({ format: 'uuid' }),
  reference: Type.String(),
  enteredAt: DateTime,
  deadline: Nullable(DateTime),
  overdue: Type.Boolean(),
  offence: Type.String(),
  group: Type.String(),
  allocatedToUserId: Nullable(Type.String()),
  allocatedToName: Nullable(Type.String()),
  unitId: Nullable(Type.String()),
  flags: Type.Array(Type.String()),
  version: Type.Integer({ description: 'Send back as expectedVersion when acting on the item' }),
})

export const QueuePageResponse = Type.Object({
  queue: QueueSummaryResponse,
  matching: Type.Integer({ description: 'Items matching the filters' }),
  items: Type.Array(QueueItemResponse),
  next: Nullable(Type.String()),
  previous: Nullable(Type.String()),
})

export const BulkBody = Type.Object(
  {
    action: Type.Enum(QUEUE_ACTIONS),
    items: Type.Array(
      Type.Object(
        { crimeId: Type.String({ format: 'uuid' }), expectedVersion: Type.Integer({ minimum: 1 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 200 },
    ),
    reason: Type.Optional(Type.String({ maxLength: 10_000 })),
    assignedUserId: Type.Optional(Type.String({ format: 'uuid' })),
    assignedUnitId: Type.Optional(Type.String({ format: 'uuid' })),
    checklist: Type.Optional(Type.Array(Type.String({ maxLength: 60 }), { maxItems: 10 })),
  },
  { additionalProperties: false },
)
export type BulkBody = Static<typeof BulkBody>

export const BulkResponse = Type.Object({
  action: Type.Enum(QUEUE_ACTIONS),
  done: Type.Array(Type.Object({ crimeId: Type.String(), crimeReference: Type.String() })),
  notDone: Type.Array(
    Type.Object({
      crimeId: Type.String(),
      crimeReference: Type.String(),
      reason: Type.String(),
      conflict: Type.Boolean({ description: 'Someone else changed the crime first (reload and decide again)' }),
    }),
  ),
})

export const DashboardResponse = Type.Object({
  asAt: DateTime,
  queues: Type.Array(Type.Intersect([QueueSummaryResponse, Type.Object({ weekAgo: Nullable(Type.Integer()) })])),
  awaitingFiling: Type.Object({
    count: Type.Integer(),
    threshold: Type.Integer(),
    alert: Type.Boolean({ description: 'Rule 14: above the force’s threshold' }),
  }),
  trend: Type.Array(Type.Object({ day: Type.String(), queue: QueueKey, size: Type.Integer(), live: Type.Boolean() })),
  recordingByWeek: Type.Array(
    Type.Object({
      weekCommencing: Type.String(),
      recorded: Type.Integer(),
      onTime: Type.Integer(),
      percent: Nullable(Type.Number()),
    }),
  ),
  holders: Type.Array(Type.Object({ userId: Type.String(), name: Type.String(), open: Type.Integer() })),
})
