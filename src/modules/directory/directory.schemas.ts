import { Type, type Static } from 'typebox'

const UNIT_TYPE_VALUES = [
  'control_room',
  'investigation_management',
  'investigation',
  'response',
  'safeguarding',
  'victim_care',
  'other',
] as const

export const UnitParams = Type.Object({ unitId: Type.String({ format: 'uuid' }) })

/** The add/edit unit form as a browser posts it (checkboxes arrive as a string or an array). */
export const UnitForm = Type.Object({
  name: Type.String({ default: '' }),
  unitType: Type.String({ default: '' }),
  function: Type.String({ default: '' }),
  location: Type.String({ default: '' }),
  hours: Type.String({ default: '' }),
  contact: Type.String({ default: '' }),
  whatToSend: Type.String({ default: '' }),
  takesWork: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  active: Type.Optional(Type.String()),
  version: Type.Optional(Type.String()),
  _csrf: Type.Optional(Type.String()),
})
export type UnitForm = Static<typeof UnitForm>

// The API takes plain strings and lets the service name any problem in words, as the pages do.
const unitFields = {
  name: Type.String({ maxLength: 200, description: 'e.g. Investigation Management Unit (IMU)' }),
  unitType: Type.String({ description: `One of: ${UNIT_TYPE_VALUES.join(', ')}` }),
  function: Type.String({ maxLength: 4000, description: 'What the unit does' }),
  location: Type.String({ maxLength: 1000, description: 'Where it is: building, floor, room' }),
  hours: Type.String({ maxLength: 1000, description: 'When it works, in words' }),
  contact: Type.String({ maxLength: 1000, description: 'Telephone, email or radio channel' }),
  whatToSend: Type.String({ maxLength: 4000, description: 'What work to send it, and how' }),
  takesWork: Type.Array(Type.String(), {
    maxItems: 2,
    description: 'Which work to route to it from incident and crime pages: "incident", "crime"',
  }),
}

export const NewUnitBody = Type.Object(
  { ...unitFields, active: Type.Optional(Type.Boolean({ default: true })) },
  { additionalProperties: false },
)
export type NewUnitBody = Static<typeof NewUnitBody>

export const UpdateUnitBody = Type.Object(
  {
    ...unitFields,
    active: Type.Boolean(),
    expectedVersion: Type.Integer({ minimum: 1, description: 'The version you read; a stale one is a 409' }),
  },
  { additionalProperties: false },
)
export type UpdateUnitBody = Static<typeof UpdateUnitBody>

export const UnitListQuery = Type.Object(
  {
    work: Type.Optional(
      Type.Union([Type.Literal('incident'), Type.Literal('crime')], {
        description: 'Only the open units that take this kind of work (the routing panel)',
      }),
    ),
    unitType: Type.Optional(Type.Enum(UNIT_TYPE_VALUES, { description: 'Only units of this kind' })),
  },
  { additionalProperties: false },
)

export const UnitResponse = Type.Object({
  unitId: Type.String({ format: 'uuid' }),
  name: Type.String(),
  unitType: Type.Enum(UNIT_TYPE_VALUES),
  function: Type.String(),
  location: Type.String(),
  hours: Type.String(),
  contact: Type.String(),
  whatToSend: Type.String(),
  takesWork: Type.Array(Type.Union([Type.Literal('incident'), Type.Literal('crime')])),
  active: Type.Boolean(),
  version: Type.Integer(),
  updatedAt: Type.String({ format: 'date-time' }),
})

export const UnitList = Type.Object({ units: Type.Array(UnitResponse) })

export const UnitCreated = Type.Object({ unitId: Type.String({ format: 'uuid' }) })
