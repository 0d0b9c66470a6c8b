import { Type, type Static } from 'typebox'

export const AuditEventQuery = Type.Object(
  {
    recordType: Type.Optional(Type.String({ maxLength: 50, description: 'e.g. crime, incident, user' })),
    recordId: Type.Optional(Type.String({ maxLength: 100 })),
    actorId: Type.Optional(Type.String({ maxLength: 100, description: 'A user id, token id or "system"' })),
    action: Type.Optional(
      Type.String({ maxLength: 60, pattern: '^[A-Z][A-Z0-9_]*$', description: 'e.g. CRIME_RECORDED' }),
    ),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Events before this sequence number (next page)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)
export type AuditEventQuery = Static<typeof AuditEventQuery>

export const AuditEvent = Type.Object({
  seq: Type.Integer(),
  occurredAt: Type.String({ format: 'date-time' }),
  actorType: Type.Union([Type.Literal('user'), Type.Literal('token'), Type.Literal('system')]),
  actorId: Type.String(),
  actorName: Type.String(),
  action: Type.String(),
  recordType: Type.String(),
  recordId: Type.String(),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  reason: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  hash: Type.String(),
})

export const AuditEventPage = Type.Object({
  events: Type.Array(AuditEvent),
  next: Type.Union([Type.Integer(), Type.Null()], {
    description: 'Pass as `before` for the next page; null at the end',
  }),
})
