import { Type, type Static } from 'typebox'

export const RecordParams = Type.Object({
  recordType: Type.Enum(['crime', 'person'], { description: 'crime or person' }),
  recordId: Type.String({ format: 'uuid' }),
})
export type RecordParams = Static<typeof RecordParams>

export const CategoryParams = Type.Object({ category: Type.String({ pattern: '^[a-z0-9_]{1,40}$' }) })

export const QueueQuery = Type.Object(
  { page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, description: 'Page of 50, from 1' })) },
  { additionalProperties: false },
)

export const LookupQuery = Type.Object({ reference: Type.String({ default: '', maxLength: 100 }) })

/** The review form as a browser posts it: every field a string, missing ones empty. */
export const ReviewForm = Type.Object({
  decision: Type.String({ default: '' }),
  reason: Type.String({ default: '', maxLength: 10_000 }),
  'nextReviewOn-day': Type.String({ default: '' }),
  'nextReviewOn-month': Type.String({ default: '' }),
  'nextReviewOn-year': Type.String({ default: '' }),
  version: Type.String({ default: '' }),
  _csrf: Type.Optional(Type.String()),
})
export type ReviewForm = Static<typeof ReviewForm>

export const ScheduleForm = Type.Object({
  reviewAfterYears: Type.String({ default: '' }),
  version: Type.String({ default: '' }),
  _csrf: Type.Optional(Type.String()),
})
export type ScheduleForm = Static<typeof ScheduleForm>

// The API takes plain strings and lets the service name any problem in words, as the pages do.
export const ReviewBody = Type.Object(
  {
    decision: Type.String({ description: 'retain or dispose: a review cannot complete without one (rule 21)' }),
    reason: Type.Optional(
      Type.String({ maxLength: 4000, description: 'Why the record is still needed (required to retain)' }),
    ),
    nextReviewOn: Type.Optional(
      Type.String({ description: 'YYYY-MM-DD, after today and within 100 years (required to retain)' }),
    ),
    version: Type.Integer({ minimum: 1, description: 'The version you read; a stale one is a 409' }),
  },
  { additionalProperties: false },
)
export type ReviewBody = Static<typeof ReviewBody>

const RetentionRecordResponse = Type.Object({
  recordType: Type.String(),
  recordId: Type.String({ format: 'uuid' }),
  reference: Type.String({ description: 'The crime reference; for a person, the crimes they are linked to' }),
  category: Type.String(),
  categoryLabel: Type.String(),
  countsFrom: Type.String({ description: 'YYYY-MM-DD: the day the retention period counts from' }),
  nextReviewOn: Type.String({ description: 'YYYY-MM-DD' }),
  status: Type.String({ description: 'retained or disposed' }),
  due: Type.Boolean(),
  reviewedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  reviewedBy: Type.Union([Type.String(), Type.Null()]),
  disposedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  version: Type.Integer(),
})

export const QueueResponse = Type.Object({
  today: Type.String(),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  records: Type.Array(RetentionRecordResponse),
})

export const RecordResponse = Type.Object({
  record: RetentionRecordResponse,
  reviews: Type.Array(
    Type.Object({
      reviewId: Type.String({ format: 'uuid' }),
      decision: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      nextReviewOn: Type.Union([Type.String(), Type.Null()]),
      category: Type.String(),
      reviewedAt: Type.String({ format: 'date-time' }),
      reviewedByName: Type.String(),
    }),
  ),
})

export const ReviewResponse = Type.Object({
  decision: Type.String(),
  nextReviewOn: Type.Union([Type.String(), Type.Null()]),
  disposal: Type.Union([
    Type.Object({
      removed: Type.Array(Type.String(), { description: 'Categories of data removed (never the data itself)' }),
      peopleRemoved: Type.Integer(),
      peopleKept: Type.Integer({ description: 'People kept because another crime they are linked to is retained' }),
    }),
    Type.Null(),
  ]),
})

export const ScheduleList = Type.Object({
  schedules: Type.Array(
    Type.Object({
      category: Type.String(),
      label: Type.String(),
      description: Type.String(),
      reviewAfterYears: Type.Integer(),
      version: Type.Integer(),
    }),
  ),
})
