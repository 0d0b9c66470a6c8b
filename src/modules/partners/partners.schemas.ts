import { Type, type Static } from 'typebox'

const PARTNER_KIND_VALUES = ['school', 'hospital', 'charity', 'housing', 'social_care'] as const
const STATUS_VALUES = ['triage', 'recorded_as_crime', 'n100', 'passed_to_agency', 'closed'] as const

export const OrganisationParams = Type.Object({ organisationId: Type.String({ format: 'uuid' }) })
export const MemberParams = Type.Object({
  organisationId: Type.String({ format: 'uuid' }),
  memberId: Type.String({ format: 'uuid' }),
})
export const ReportParams = Type.Object({ reportId: Type.String({ format: 'uuid' }) })
export const StepParams = Type.Object({
  draftId: Type.String({ format: 'uuid' }),
  step: Type.String({ maxLength: 20 }),
})

/** Any page's form as a browser posts it; each route reads the fields it asks for. */
export const PageForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))
export type PageForm = Static<typeof PageForm>

export const NewOrganisationBody = Type.Object(
  {
    name: Type.String({ maxLength: 200, description: 'e.g. St Anne’s Primary School' }),
    kind: Type.String({ description: `One of: ${PARTNER_KIND_VALUES.join(', ')}` }),
    contact: Type.String({ maxLength: 500, description: 'How the force reaches the organisation' }),
  },
  { additionalProperties: false },
)

export const Organisation = Type.Object({
  organisationId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  kind: Type.Enum(PARTNER_KIND_VALUES),
  contact: Type.String(),
  active: Type.Boolean(),
  members: Type.Optional(
    Type.Array(
      Type.Object({
        memberId: Type.String({ format: 'uuid' }),
        memberType: Type.Union([Type.Literal('user'), Type.Literal('token')]),
        name: Type.String(),
      }),
    ),
  ),
})
export const OrganisationList = Type.Object({ organisations: Type.Array(Organisation) })
export const OrganisationCreated = Type.Object({ organisationId: Type.String({ format: 'uuid' }) })
export const AddMemberBody = Type.Object(
  {
    memberId: Type.String({ description: 'A partner agency reporter’s user id, or a partner_reporter API token’s id' }),
  },
  { additionalProperties: false },
)

export const PartnerReportBody = Type.Object(
  {
    organisationId: Type.String({ description: 'Your organisation’s id in Tally (the one your token belongs to)' }),
    partnerReference: Type.Optional(
      Type.String({ description: 'Your own case reference: sending the same report again returns the same report' }),
    ),
    kind: Type.String({ description: 'violence, sexual, theft, damage, online, hate or other' }),
    whatHappened: Type.String({ maxLength: 20_000 }),
    happenedAt: Type.String({ format: 'date-time', description: 'When it happened (best estimate)' }),
    address: Type.String({ maxLength: 500, description: 'Where it happened' }),
    postcode: Type.Optional(Type.String({ maxLength: 10 })),
    anonymous: Type.Boolean({ description: 'The victim wants to stay anonymous: no name is kept' }),
    victim: Type.Optional(
      Type.Object(
        {
          givenName: Type.String({ maxLength: 100 }),
          familyName: Type.String({ maxLength: 100 }),
          dateOfBirth: Type.Optional(Type.String({ format: 'date' })),
        },
        { additionalProperties: false },
      ),
    ),
    consentToShare: Type.Boolean({
      description: 'The victim consents to the report being shared with the police (required)',
    }),
    wantsPoliceContact: Type.Boolean({ description: 'The victim wants the police to contact them' }),
  },
  { additionalProperties: false },
)
export type PartnerReportBody = Static<typeof PartnerReportBody>

/** What a partner is told of its report: its reference, the status and the outcome it may know. */
export const PartnerReportReceipt = Type.Object({
  reportId: Type.String({ format: 'uuid' }),
  acknowledgementReference: Type.String({ description: 'Quote this to the force' }),
  partnerReference: Type.Union([Type.String(), Type.Null()]),
  submittedAt: Type.String({ format: 'date-time' }),
  status: Type.Enum(STATUS_VALUES),
  outcome: Type.String({ description: 'The outcome in words, e.g. "Recorded as a crime"' }),
})
export const PartnerReportList = Type.Object({ reports: Type.Array(PartnerReportReceipt) })

export const TriageList = Type.Object({
  reports: Type.Array(
    Type.Object({
      reportId: Type.String({ format: 'uuid' }),
      acknowledgementReference: Type.String(),
      organisationName: Type.String(),
      kind: Type.String(),
      submittedAt: Type.String({ format: 'date-time' }),
      wantsPoliceContact: Type.Boolean(),
    }),
  ),
})

export const DecisionBody = Type.Object(
  {
    decision: Type.String({ description: 'recorded_as_crime, n100, passed_to_agency or closed' }),
    agency: Type.Optional(Type.String({ maxLength: 200, description: 'For passed_to_agency: which agency' })),
    rationale: Type.Optional(Type.String({ maxLength: 4000, description: 'Why (required to pass on or close)' })),
    expectedVersion: Type.Integer({ minimum: 1, description: 'The version you read; a stale one is a 409' }),
  },
  { additionalProperties: false },
)
