import { Type } from 'typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

export const ReviewParams = Type.Object({ reviewId: Type.String() })
export const FindingParams = Type.Object({ findingId: Type.String() })
export const AuditParams = Type.Object({ auditId: Type.String() })
export const AuditItemParams = Type.Object({ auditId: Type.String(), itemId: Type.String() })

export const StatusQuery = Type.Object({
  status: Type.Optional(Type.Union([Type.Literal('awaiting'), Type.Literal('open'), Type.Literal('reviewed')])),
})

/** A page form: every field optional here so the service can name each missing one. */
export const ReviewForm = Type.Object({
  expectedVersion: Type.Optional(Type.String()),
  decision: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})

export const VerdictForm = Type.Object({
  expectedVersion: Type.Optional(Type.String()),
  verdict: Type.Optional(Type.String()),
  note: Type.Optional(Type.String()),
  crimeReference: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})

export const CsrfOnly = Type.Object({ _csrf: Type.Optional(Type.String()) })

export const ReviewBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    decision: Type.Union([Type.Literal('agree'), Type.Literal('send_back')]),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
  },
  { additionalProperties: false },
)

export const VerdictBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    verdict: Type.Union([
      Type.Literal('crime_recorded'),
      Type.Literal('not_a_crime'),
      Type.Literal('recorded_elsewhere'),
    ]),
    note: Type.Optional(Type.String({ maxLength: 4000 })),
    crimeReference: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const AssessBody = Type.Object(
  {
    text: Type.String({ maxLength: 20000 }),
    category: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
)

export const Assessment = Type.Object({
  crimeIndicative: Type.Boolean(),
  score: Type.Number({ minimum: 0, maximum: 1 }),
  offenceGroup: Nullable(Type.String()),
  reasons: Type.Array(Type.String()),
})

export const NonCrimeReview = Type.Object({
  reviewId: Type.String(),
  incidentId: Type.String(),
  incidentNumber: Type.String(),
  closedAt: Type.String({ format: 'date-time' }),
  closedBy: Type.String(),
  nonCrimeReason: Type.String(),
  nonCrimeRationale: Type.String(),
  victimInformed: Type.Union([Type.Boolean(), Type.Null()]),
  status: Type.String(),
  reviewedAt: Nullable(Type.String({ format: 'date-time' })),
  reviewedBy: Nullable(Type.String()),
  reviewNote: Nullable(Type.String()),
  version: Type.Integer(),
})
export const NonCrimeReviewList = Type.Object({ closures: Type.Array(NonCrimeReview) })

export const Finding = Type.Object({
  findingId: Type.String(),
  incidentId: Type.String(),
  incidentNumber: Type.String(),
  foundAt: Type.String({ format: 'date-time' }),
  score: Type.Number(),
  offenceGroup: Nullable(Type.String()),
  reasons: Type.Array(Type.String()),
  status: Type.String(),
  verdictNote: Nullable(Type.String()),
  crimeId: Nullable(Type.String()),
  crimeReference: Nullable(Type.String()),
  verdictBy: Nullable(Type.String()),
  verdictAt: Nullable(Type.String({ format: 'date-time' })),
  version: Type.Integer(),
})
export const FindingList = Type.Object({ findings: Type.Array(Finding) })
export const ScanResult = Type.Object({ scanned: Type.Integer(), flagged: Type.Integer() })
