import { Type, type Static } from 'typebox'
import { ASSESSMENT_KINDS, INVOLVEMENT_ROLES, SUSPECT_STATUSES } from './people.rules.ts'

// Pages --------------------------------------------------------------------------------------------------------

/** The search form (GET): a name, and a date of birth in the GOV.UK date input's three boxes. */
export const PersonSearchQuery = Type.Object({
  name: Type.Optional(Type.String({ maxLength: 500 })),
  'dateOfBirth-day': Type.Optional(Type.String({ maxLength: 20 })),
  'dateOfBirth-month': Type.Optional(Type.String({ maxLength: 20 })),
  'dateOfBirth-year': Type.Optional(Type.String({ maxLength: 20 })),
})
export type PersonSearchQuery = Static<typeof PersonSearchQuery>

// Every field is optional: a browser leaves out a radio group nobody chose, and the handler must re-show the form
// naming it rather than fail validation.
export const PersonForm = Type.Object({
  givenName: Type.Optional(Type.String({ maxLength: 1000 })),
  familyName: Type.Optional(Type.String({ maxLength: 1000 })),
  aliases: Type.Optional(Type.String({ maxLength: 10_000 })),
  'dateOfBirth-day': Type.Optional(Type.String({ maxLength: 20 })),
  'dateOfBirth-month': Type.Optional(Type.String({ maxLength: 20 })),
  'dateOfBirth-year': Type.Optional(Type.String({ maxLength: 20 })),
  version: Type.Optional(Type.String({ maxLength: 20 })),
  _csrf: Type.Optional(Type.String()),
})
export type PersonForm = Static<typeof PersonForm>

export const AssessmentForm = Type.Object({
  kind: Type.Optional(Type.String({ maxLength: 50 })),
  assessment: Type.Optional(Type.String({ maxLength: 10_000 })),
  _csrf: Type.Optional(Type.String()),
})
export type AssessmentForm = Static<typeof AssessmentForm>

export const InvolvementForm = Type.Object({
  role: Type.Optional(Type.String({ maxLength: 50 })),
  suspectStatus: Type.Optional(Type.String({ maxLength: 50 })),
  version: Type.Optional(Type.String({ maxLength: 20 })),
  _csrf: Type.Optional(Type.String()),
})
export type InvolvementForm = Static<typeof InvolvementForm>

export const PersonPageParams = Type.Object({ personId: Type.String({ maxLength: 100 }) })
export const InvolvementPageParams = Type.Object({
  personId: Type.String({ maxLength: 100 }),
  involvementId: Type.String({ maxLength: 100 }),
})

// API ----------------------------------------------------------------------------------------------------------

const CalendarDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' })

export const PeopleQuery = Type.Object(
  {
    name: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'Given name, family name or alias, in any order; misspelt and variant forms are found too',
      }),
    ),
    dateOfBirth: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD: only people born that day' })),
  },
  { additionalProperties: false },
)
export type PeopleQuery = Static<typeof PeopleQuery>

export const PersonParams = Type.Object({ personId: Type.String({ format: 'uuid' }) })

export const PersonMatch = Type.Object({
  personId: Type.String({ format: 'uuid' }),
  givenName: Type.String(),
  familyName: Type.String(),
  aliases: Type.Array(Type.String()),
  dateOfBirth: Type.Union([CalendarDate, Type.Null()]),
  score: Type.Number({ minimum: 0, maximum: 1, description: 'How closely the name matches, 1 being exact' }),
})

export const PeopleSearchResult = Type.Object({
  people: Type.Array(PersonMatch, { description: 'Best match first, at most 50' }),
  limited: Type.Boolean({ description: 'True when there are more matches than were returned: narrow the search' }),
})

export const NewPerson = Type.Object(
  {
    givenName: Type.String({ maxLength: 1000 }),
    familyName: Type.String({ maxLength: 1000 }),
    aliases: Type.Optional(Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 })),
    dateOfBirth: Type.Optional(Type.String({ maxLength: 10, description: 'YYYY-MM-DD' })),
  },
  { additionalProperties: false },
)
export type NewPerson = Static<typeof NewPerson>

export const PersonCreated = Type.Object({ personId: Type.String({ format: 'uuid' }) })

export const Person = Type.Object({
  personId: Type.String({ format: 'uuid' }),
  givenName: Type.String(),
  familyName: Type.String(),
  aliases: Type.Array(Type.String()),
  dateOfBirth: Type.Union([CalendarDate, Type.Null()]),
  version: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  involvements: Type.Array(
    Type.Object({
      involvementId: Type.String({ format: 'uuid' }),
      recordType: Type.Union([Type.Literal('incident'), Type.Literal('crime')]),
      recordId: Type.String(),
      role: Type.Enum(INVOLVEMENT_ROLES),
      suspectStatus: Type.Union([Type.Enum(SUSPECT_STATUSES), Type.Null()]),
      version: Type.Integer(),
      linkedAt: Type.String({ format: 'date-time' }),
    }),
  ),
  assessments: Type.Array(
    Type.Object({
      assessmentId: Type.String({ format: 'uuid' }),
      kind: Type.Enum(ASSESSMENT_KINDS),
      assessment: Type.String(),
      assessedAt: Type.String({ format: 'date-time' }),
      assessedBy: Type.String(),
    }),
    { description: 'Opinions about the person, kept apart from the facts above (DOMAIN.md §9 rule 22)' },
  ),
})
