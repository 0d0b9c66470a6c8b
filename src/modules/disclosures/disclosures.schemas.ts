import { Type, type Static } from 'typebox'

export const DisclosureParams = Type.Object({ crimeId: Type.String({ maxLength: 100 }) })

const Justification = {
  justification: Type.Optional(
    Type.String({
      maxLength: 500,
      description: 'One of the force’s reasons (GET /api/v1/view-justifications), or "other" with justificationText',
    }),
  ),
  justificationText: Type.Optional(Type.String({ maxLength: 500, description: 'A reason of your own, typed' })),
}

/** Every field optional in the schema, so a missing one is a 400 naming it in words, not a schema message. */
export const NewDisclosure = Type.Object(
  {
    recipientName: Type.Optional(Type.String({ maxLength: 1000, description: 'Who received the record' })),
    recipientOrganisation: Type.Optional(
      Type.String({ maxLength: 1000, description: 'Their organisation, e.g. Crown Prosecution Service' }),
    ),
    whatWasDisclosed: Type.Optional(Type.String({ maxLength: 5000, description: 'What they received' })),
    ...Justification,
  },
  { additionalProperties: false },
)
export type NewDisclosure = Static<typeof NewDisclosure>

export const DisclosureForm = Type.Object({
  recipientName: Type.Optional(Type.String({ maxLength: 1000 })),
  recipientOrganisation: Type.Optional(Type.String({ maxLength: 1000 })),
  whatWasDisclosed: Type.Optional(Type.String({ maxLength: 5000 })),
  ...Justification,
  _csrf: Type.Optional(Type.String()),
})
export type DisclosureForm = Static<typeof DisclosureForm>

export const Disclosure = Type.Object({
  disclosureId: Type.String(),
  crimeId: Type.String(),
  recipientName: Type.String(),
  recipientOrganisation: Type.String(),
  whatWasDisclosed: Type.String(),
  justification: Type.String(),
  disclosedAt: Type.String({ format: 'date-time' }),
  disclosedBy: Type.String(),
})

export const DisclosureList = Type.Object({ reference: Type.String(), disclosures: Type.Array(Disclosure) })

/** The justification an export asks for first (rule 20). */
export const ExportJustification = Type.Object(Justification)
export type ExportJustification = Static<typeof ExportJustification>
