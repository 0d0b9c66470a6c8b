import { Type, type Static } from 'typebox'
import { LIST_CURSOR } from '../incidents/index.ts'

const NullableString = (options: Parameters<typeof Type.String>[0] = {}) =>
  Type.Union([Type.String(options), Type.Null()])
const DateTime = { format: 'date-time' } as const

const Location = Type.Object(
  {
    address: Type.String({ maxLength: 500 }),
    postcode: Type.Optional(Type.String({ maxLength: 10 })),
    latitude: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    longitude: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  },
  { additionalProperties: false },
)

const Person = Type.Object(
  {
    givenName: Type.String({ maxLength: 100 }),
    familyName: Type.String({ maxLength: 100 }),
    dateOfBirth: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  },
  { additionalProperties: false },
)

const IncidentSubmission = Type.Object(
  {
    sourceSystem: Type.String(),
    sourceReference: Type.String(),
    channel: Type.String(),
    receivedAt: Type.String(),
    location: Type.Optional(Location),
    reportingPerson: Type.Optional(Person),
    openingCategory: Type.String(),
    qualifiers: Type.Optional(Type.Array(Type.String(), { maxItems: 20 })),
    narrative: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false, description: 'The incident submission itself (idempotent with the crime)' },
)

export const RecordCrimeBody = Type.Object(
  {
    incidentId: Type.Optional(Type.String({ description: 'The incident the crime was reported in' })),
    incident: Type.Optional(IncidentSubmission),
    directReportChannel: Type.Optional(
      Type.String({ description: 'For a crime reported directly, with no incident: how it was reported (rule 1)' }),
    ),
    reportedAt: Type.Optional(
      Type.String({
        description: 'For a direct report: when it was reported (from an incident, its received-at time)',
      }),
    ),
    rapeReported: Type.Optional(
      Type.Boolean({
        description:
          'For a direct report: it discloses rape or attempted rape, so recorded as another offence it needs n100Reason (rule 8). From an incident this comes from its qualifiers.',
      }),
    ),
    victim: Type.Optional(Person),
    victimPersonId: Type.Optional(Type.String({ description: 'An existing person as the victim' })),
    offenceCode: Type.String({ description: 'Home Office offence code in the force’s current offence list' }),
    otherOffenceCodes: Type.Optional(
      Type.Array(Type.String(), {
        maxItems: 10,
        description: 'Other offences disclosed against the same victim; the principal crime rule decides',
      }),
    ),
    offenceFrom: Type.String({ description: 'When the offence happened (or began); ISO 8601 with offset' }),
    offenceTo: Type.Optional(Type.String({ description: 'When it ended, if over a period' })),
    location: Type.Optional(Location),
    summary: Type.Optional(Type.String({ maxLength: 20_000 })),
    domesticAbuse: Type.Optional(Type.Boolean()),
    hateCrime: Type.Optional(Type.Boolean()),
    vulnerableVictim: Type.Optional(Type.Boolean()),
    n100Reason: Type.Optional(
      Type.String({
        description: 'Why a report of rape is not recorded as rape (rule 8); refused where no N100 would be raised',
      }),
    ),
    acknowledgeDuplicates: Type.Optional(
      Type.Boolean({ description: 'Confirm a different crime after a possible-duplicate 409' }),
    ),
    sourceSystem: Type.Optional(Type.String()),
    sourceReference: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
)
export type RecordCrimeBody = Static<typeof RecordCrimeBody>

export const Crime = Type.Object({
  crimeId: Type.String(),
  crimeReference: Type.String(),
  incidentId: NullableString(),
  directReportChannel: NullableString(),
  status: Type.String(),
  statusChangedAt: Type.String(DateTime),
  reportedAt: Type.String(DateTime),
  recordedAt: Type.String(DateTime),
  recordingDelaySeconds: Type.Integer(),
  recordedLate: Type.Boolean({ description: 'Recorded more than 24 hours after the report (rule 2)' }),
  offenceFrom: Type.String(DateTime),
  offenceTo: NullableString(DateTime),
  locationId: NullableString(),
  offenceCode: Type.String(),
  offenceCodeVersion: Type.String(),
  offenceGroup: Type.String(),
  offenceCodeAtRecording: Type.String(),
  offenceCodeAtFiling: NullableString(),
  victimPersonId: NullableString(),
  summary: Type.String(),
  assignedUserId: NullableString(),
  assignedUnitId: NullableString(),
  domesticAbuse: Type.Boolean(),
  hateCrime: Type.Boolean(),
  vulnerableVictim: Type.Boolean(),
  outcomeType: Type.Union([Type.Integer(), Type.Null()]),
  closingSummary: NullableString(),
  reopenedAt: NullableString(DateTime),
  sourceSystem: NullableString(),
  sourceReference: NullableString(),
  version: Type.Integer(),
})

export const RecordCrimeResponse = Type.Object({
  crime: Crime,
  incidentId: NullableString(),
  incidentNumber: NullableString(),
  replayed: Type.Boolean({ description: 'True when this submission was already recorded: nothing new was made' }),
})

export const CrimeParams = Type.Object({ crimeId: Type.String() })

/** Rule 20: why the record is being viewed; needed for a restricted crime (one ever classified as rape, …). */
export const ViewAccessQuery = Type.Object({
  justification: Type.Optional(
    Type.String({
      maxLength: 500,
      description: 'One of the force’s reasons (GET /api/v1/view-justifications), or "other" with justificationText',
    }),
  ),
  justificationText: Type.Optional(Type.String({ maxLength: 500, description: 'A reason of your own, typed' })),
})

export const ViewJustifications = Type.Object({ reasons: Type.Array(Type.String()) })

export const CrimeListQuery = Type.Object(
  {
    status: Type.Optional(Type.String({ description: 'A status, or several separated by commas' })),
    reference: Type.Optional(Type.String({ maxLength: 60 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

export const CrimeList = Type.Object({
  crimes: Type.Array(
    Type.Object({
      crimeId: Type.String(),
      crimeReference: Type.String(),
      incidentId: NullableString(),
      status: Type.String(),
      statusChangedAt: Type.String(DateTime),
      reportedAt: Type.String(DateTime),
      recordedAt: Type.String(DateTime),
      recordedLate: Type.Boolean(),
      offenceCode: Type.String(),
      offenceLabel: Type.String(),
      offenceGroup: Type.String(),
      assignedUserId: NullableString(),
      assignedUnitId: NullableString(),
      outcomeType: Type.Union([Type.Integer(), Type.Null()]),
      version: Type.Integer(),
    }),
  ),
})

/** Every field any action may need; which ones matter is in crimes.workflow.ts `requires`. */
export const CrimeActionBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1, description: 'The version you read; a stale one is a 409' }),
    reason: Type.Optional(Type.String({ maxLength: 20_000 })),
    offenceCode: Type.Optional(Type.String()),
    assignedUserId: Type.Optional(NullableString()),
    assignedUnitId: Type.Optional(NullableString()),
    summary: Type.Optional(Type.String({ maxLength: 20_000 })),
    domesticAbuse: Type.Optional(Type.Boolean()),
    hateCrime: Type.Optional(Type.Boolean()),
    vulnerableVictim: Type.Optional(Type.Boolean()),
    offenceFrom: Type.Optional(Type.String()),
    offenceTo: Type.Optional(NullableString()),
    personId: Type.Optional(Type.String()),
    person: Type.Optional(Person),
    personRole: Type.Optional(Type.String({ description: 'victim, witness, suspect, offender or other' })),
    suspectStatus: Type.Optional(Type.String()),
    involvementId: Type.Optional(
      Type.String({ description: 'change_involvement: which of the crime’s people (their involvement id)' }),
    ),
    outcomeType: Type.Optional(Type.Integer()),
    closingSummary: Type.Optional(Type.String({ maxLength: 20_000 })),
    victimNonSupportStatement: Type.Optional(Type.String({ maxLength: 20_000 })),
    victimConsulted: Type.Optional(Type.Boolean()),
    offenderAccepted: Type.Optional(Type.Boolean()),
    publicInterestRationale: Type.Optional(Type.String({ maxLength: 20_000 })),
    victimNotified: Type.Optional(Type.Boolean()),
    checklist: Type.Optional(Type.Array(Type.String(), { maxItems: 10 })),
    cancellationCode: Type.Optional(Type.String()),
    rationale: Type.Optional(Type.String({ maxLength: 20_000 })),
    aviDescription: Type.Optional(Type.String({ maxLength: 20_000 })),
    victimInformed: Type.Optional(Type.Boolean()),
    victimNotInformedReason: Type.Optional(Type.String({ maxLength: 20_000 })),
    receivingForce: Type.Optional(Type.String({ maxLength: 200 })),
    receivingReference: Type.Optional(Type.String({ maxLength: 100 })),
    acceptedOn: Type.Optional(Type.String({ description: 'YYYY-MM-DD' })),
  },
  {
    additionalProperties: false,
    description:
      'victimInformed and victimNotInformedReason are asked when a crime is cancelled or its transfer accepted (rule 5)',
  },
)
export type CrimeActionBody = Static<typeof CrimeActionBody>

export const AllowedActions = Type.Object({
  crimeId: Type.String(),
  status: Type.String(),
  version: Type.Integer(),
  actions: Type.Array(
    Type.Object({
      action: Type.String(),
      label: Type.String(),
      path: Type.String({ description: 'Where to POST it' }),
      requires: Type.Array(Type.String()),
      fcrOverride: Type.Boolean(),
    }),
  ),
})

export const NonCrimeDecisionBody = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    reason: Type.String({ description: 'Why the recording test was not met (a non-crime reason code)' }),
    rationale: Type.String({ maxLength: 20_000 }),
    victimInformed: Type.Boolean(),
    victimNotInformedReason: Type.Optional(Type.String({ maxLength: 20_000 })),
  },
  { additionalProperties: false },
)

export const IncidentIdParams = Type.Object({ incidentId: Type.String() })

export const DayRangeQuery = Type.Object(
  {
    from: Type.String({ description: 'First day, YYYY-MM-DD (Europe/London)' }),
    to: Type.String({ description: 'Last day, YYYY-MM-DD, included' }),
  },
  { additionalProperties: false },
)

export const DailyFlows = Type.Object({
  flows: Type.Array(
    Type.Object({
      date: Type.String(),
      status: Type.String(),
      entered: Type.Integer(),
      left: Type.Integer(),
      leftBy: Type.Array(Type.Object({ changedBy: Type.String(), count: Type.Integer() })),
    }),
  ),
})

export const Timeliness = Type.Object({
  weeks: Type.Array(
    Type.Object({
      weekStarting: Type.String(),
      recorded: Type.Integer(),
      late: Type.Integer(),
      withinLimitPercent: Type.Union([Type.Number(), Type.Null()]),
    }),
  ),
})

export const N100Query = Type.Object(
  { status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('converted'), Type.Literal('closed')])) },
  { additionalProperties: false },
)

export const N100Params = Type.Object({ n100Id: Type.String() })

export const N100List = Type.Object({
  n100s: Type.Array(
    Type.Object({
      n100Id: Type.String(),
      incidentId: NullableString(),
      incidentNumber: NullableString(),
      crimeId: NullableString(),
      crimeReference: NullableString(),
      status: Type.String(),
      reason: Type.String(),
      createdAt: Type.String(DateTime),
      createdByName: Type.String(),
    }),
  ),
})

export const RaiseN100Body = Type.Object(
  {
    incidentId: Type.Optional(Type.String()),
    crimeReference: Type.Optional(Type.String()),
    reason: Type.String({ maxLength: 20_000 }),
  },
  { additionalProperties: false },
)

export const ResolveN100Body = Type.Object(
  {
    expectedVersion: Type.Integer({ minimum: 1 }),
    outcome: Type.Union([Type.Literal('converted'), Type.Literal('closed')]),
    crimeReference: Type.Optional(Type.String()),
    rationale: Type.Optional(
      Type.String({
        maxLength: 20_000,
        description:
          'Closed: why without a crime of rape. Converted to a crime not recorded from this N100’s incident or crime: why it is the same report',
      }),
    ),
  },
  { additionalProperties: false },
)

export const N100 = Type.Object({
  n100Id: Type.String(),
  incidentId: NullableString(),
  crimeId: NullableString(),
  status: Type.String(),
  reason: Type.String(),
  convertedCrimeId: NullableString(),
  closureRationale: NullableString(),
  version: Type.Integer(),
})

export const OffenceCodesQuery = Type.Object(
  { version: Type.Optional(Type.String({ maxLength: 30 })) },
  { additionalProperties: false },
)

export const OffenceCodes = Type.Object({
  version: Type.String(),
  current: Type.Boolean(),
  codes: Type.Array(
    Type.Object({
      code: Type.String(),
      label: Type.String(),
      groupCode: NullableString(),
      groupLabel: NullableString(),
      categoryCode: NullableString(),
      categoryLabel: NullableString(),
      isHomeOfficeCode: Type.Boolean(),
    }),
  ),
})

export const OffenceListImportBody = Type.Object(
  {
    version: Type.String({ description: 'A new version name, e.g. 2026-27' }),
    source: Type.String({ description: 'Publisher and document the list comes from' }),
    licence: Type.String(),
    csv: Type.String({ description: 'The list as CSV: code,label,parent_code,parent_label,is_home_office_code' }),
    makeCurrent: Type.Boolean(),
    rapeGroups: Type.Optional(
      Type.Array(Type.String(), {
        description:
          'The list’s offence groups of rape (N100s and the rape cancellation controls follow them, rules 6 and 8). Needed when the current list’s names are not in this one.',
      }),
    ),
    principalRanking: Type.Optional(
      Type.Array(Type.String(), {
        description: 'Offence codes or groups, most serious first (the principal crime rule, rule 11)',
      }),
    ),
  },
  { additionalProperties: false },
)

export const OutcomeTypes = Type.Array(
  Type.Object({
    outcomeType: Type.Integer({ minimum: 1, maximum: 22 }),
    label: Type.String(),
    needs: Type.Array(
      Type.Union([
        Type.Literal('named_suspect_or_offender'),
        Type.Literal('no_suspect'),
        Type.Literal('victim_non_support_statement'),
        Type.Literal('victim_consulted_and_offender_accepted'),
        Type.Literal('public_interest_rationale'),
        Type.Literal('victim_notified'),
        Type.Literal('not_domestic_abuse_or_hate_crime'),
      ]),
      {
        description:
          'What filing with this outcome needs (rules 12 and 13): named_suspect_or_offender — someone linked to the crime as suspect or offender and not eliminated; no_suspect — nobody so linked; the rest are fields of the submit-for-filing action',
      },
    ),
  }),
)

export const OffenceListImported = Type.Object({ version: Type.String(), codeCount: Type.Integer() })

export const NonCrimeDecisionResult = Type.Object({
  incidentId: Type.String(),
  recordingDecision: Type.String(),
  version: Type.Integer(),
})

export const N100Created = Type.Object({ n100Id: Type.String() })

/** A page form as posted: every field a string, checkbox groups a string or a list. */
export const PageForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))
export type PageForm = Static<typeof PageForm>

export const DraftParams = Type.Object({ draftId: Type.String() })

export const CrimeListPageQuery = Type.Object({
  view: Type.Optional(Type.String()),
  reference: Type.Optional(Type.String()),
  before: Type.Optional(Type.String({ pattern: LIST_CURSOR })),
})

/** An action page may be opened for one of the crime's people (the person page's "Change" link). */
export const InvolvementQuery = Type.Object({ involvementId: Type.Optional(Type.String({ maxLength: 36 })) })

export const N100PageQuery = Type.Object({ status: Type.Optional(Type.String()) })

export const VersionQuery = Type.Object({ version: Type.Optional(Type.String()) })

export const VersionParams = Type.Object({ version: Type.String() })

export const UserParams = Type.Object({ userId: Type.String() })
