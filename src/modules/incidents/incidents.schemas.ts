import { Type, type Static } from 'typebox'

const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()])

export const LocationBody = Type.Object(
  {
    address: Type.String({ maxLength: 500, description: 'Where it happened (or where the caller is)' }),
    postcode: Type.Optional(Type.String({ maxLength: 10 })),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
)

export const PersonBody = Type.Object(
  {
    givenName: Type.String({ maxLength: 100 }),
    familyName: Type.String({ maxLength: 100 }),
    dateOfBirth: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  },
  { additionalProperties: false },
)

export const IncidentSubmissionBody = Type.Object(
  {
    sourceSystem: Type.String({ description: 'The submitting system, e.g. STORM' }),
    sourceReference: Type.String({
      description: 'The submitting system’s own reference. The same submission again returns the same incident.',
    }),
    channel: Type.String({ description: '999, 101, online, front_counter, officer_generated, partner or other' }),
    receivedAt: Type.String({ description: 'When the report was received (ISO 8601 with offset); not in the future' }),
    location: Type.Optional(LocationBody),
    reportingPerson: Type.Optional(PersonBody),
    openingCategory: Type.String({ description: 'NSIR opening category code (see the incident form for the list)' }),
    qualifiers: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
)
export type IncidentSubmissionBody = Static<typeof IncidentSubmissionBody>

export const IncidentParams = Type.Object({ incidentId: Type.String() })

export const IncidentListQuery = Type.Object(
  {
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    decisionDue: Type.Optional(
      Type.Boolean({ description: 'Only open, crime-related incidents with no recording decision' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

export const IncidentUpdateBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    qualifiers: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
    location: Type.Optional(LocationBody),
  },
  { additionalProperties: false },
)

export const IncidentCloseBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    closingCategory: Type.String(),
    closingRationale: Type.String({ maxLength: 20_000 }),
  },
  { additionalProperties: false },
)

export const IncidentReopenBody = Type.Object(
  { expectedVersion: Type.Integer({ minimum: 1 }), reason: Type.String({ maxLength: 20_000 }) },
  { additionalProperties: false },
)

export const Incident = Type.Object({
  incidentId: Type.String(),
  incidentNumber: Type.String(),
  channel: Type.String(),
  receivedAt: Type.String({ format: 'date-time' }),
  locationId: Nullable(Type.String()),
  reportingPersonId: Nullable(Type.String()),
  openingCategory: Type.String(),
  qualifiers: Type.Array(Type.String()),
  narrative: Type.String(),
  crimeRelated: Type.Boolean(),
  rapeReported: Type.Boolean(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  closingCategory: Nullable(Type.String()),
  closingRationale: Nullable(Type.String()),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  recordingDecision: Type.Union([Type.Literal('crimed'), Type.Literal('not_crimed'), Type.Null()]),
  recordingDecisionAt: Nullable(Type.String({ format: 'date-time' })),
  nonCrimeReason: Nullable(Type.String()),
  nonCrimeRationale: Nullable(Type.String()),
  decisionDueBy: Type.String({ format: 'date-time', description: '24 hours after the report was received' }),
  sourceSystem: Nullable(Type.String()),
  sourceReference: Nullable(Type.String()),
  version: Type.Integer(),
})

export const IncidentIntakeResponse = Type.Object({
  incident: Incident,
  replayed: Type.Boolean({ description: 'True when this submission was already received: nothing new was made' }),
})

export const IncidentList = Type.Object({
  incidents: Type.Array(
    Type.Object({
      incidentId: Type.String(),
      incidentNumber: Type.String(),
      channel: Type.String(),
      receivedAt: Type.String({ format: 'date-time' }),
      openingCategory: Type.String(),
      crimeRelated: Type.Boolean(),
      status: Type.String(),
      recordingDecision: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})

/** The incident form as posted: dates as day/month/year/hour/minute fields, checkboxes as strings. */
export const IncidentForm = Type.Object({
  channel: Type.Optional(Type.String()),
  'receivedAt-day': Type.Optional(Type.String()),
  'receivedAt-month': Type.Optional(Type.String()),
  'receivedAt-year': Type.Optional(Type.String()),
  'receivedAt-hour': Type.Optional(Type.String()),
  'receivedAt-minute': Type.Optional(Type.String()),
  address: Type.Optional(Type.String()),
  postcode: Type.Optional(Type.String()),
  reportingGivenName: Type.Optional(Type.String()),
  reportingFamilyName: Type.Optional(Type.String()),
  openingCategory: Type.Optional(Type.String()),
  qualifiers: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  narrative: Type.Optional(Type.String()),
  expectedVersion: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})
export type IncidentForm = Static<typeof IncidentForm>

export const IncidentCloseForm = Type.Object({
  expectedVersion: Type.Optional(Type.String()),
  closingCategory: Type.Optional(Type.String()),
  closingRationale: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})

/** A list page's keyset cursor: the last row's time in milliseconds and its id, as the "Older" link writes it. */
export const LIST_CURSOR = '^[0-9]{1,15}_[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

export const IncidentListPageQuery = Type.Object({
  status: Type.Optional(Type.String()),
  view: Type.Optional(Type.String()),
  before: Type.Optional(Type.String({ pattern: LIST_CURSOR })),
  after: Type.Optional(Type.String({ pattern: LIST_CURSOR })),
})
