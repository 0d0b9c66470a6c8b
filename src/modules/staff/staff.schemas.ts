import { Type, type Static } from 'typebox'

// ---------------------------------------------------------------------------------------------------------------
// Pages: what browsers post. Every field is an optional string; the service names any problem in words.

const text = () => Type.Optional(Type.String())
const csrf = { _csrf: text() }
const dateParts = (name: string) => ({ [`${name}-day`]: text(), [`${name}-month`]: text(), [`${name}-year`]: text() })

export const StaffParams = Type.Object({ staffId: Type.String({ format: 'uuid' }) })
export const AbsenceParams = Type.Object({
  staffId: Type.String({ format: 'uuid' }),
  absenceId: Type.String({ format: 'uuid' }),
})
export const BookingParams = Type.Object({
  staffId: Type.String({ format: 'uuid' }),
  bookingId: Type.String({ format: 'uuid' }),
})
export const SkillParams = Type.Object({
  staffId: Type.String({ format: 'uuid' }),
  skill: Type.String({ pattern: '^[a-z][a-z0-9_]{1,39}$' }),
})

/** ?unit= from the unit filter: blank for every unit. */
export const UnitFilterQuery = Type.Object({
  unit: Type.Optional(Type.Union([Type.Literal(''), Type.String({ format: 'uuid' })])),
})
export type UnitFilterQuery = Static<typeof UnitFilterQuery>

/** ?from-day=…&to-day=… from a period filter (GOV.UK date inputs). */
export const PeriodQuery = Type.Object({ ...dateParts('from'), ...dateParts('to') })
export type PeriodQuery = Static<typeof PeriodQuery>

export const StaffForm = Type.Object({
  name: text(),
  jobTitle: text(),
  unitId: text(),
  userId: text(),
  contractedHours: text(),
  workingDays: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])),
  ...dateParts('startedOn'),
  ...dateParts('leftOn'),
  version: text(),
  ...csrf,
})
export type StaffForm = Static<typeof StaffForm>

export const SkillForm = Type.Object({ skill: text(), level: text(), ...csrf })
export type SkillForm = Static<typeof SkillForm>

export const AbsenceForm = Type.Object({
  absenceType: text(),
  planned: text(),
  ...dateParts('startsOn'),
  ...dateParts('expectedEndOn'),
  hoursPerDay: text(),
  ...csrf,
})
export type AbsenceForm = Static<typeof AbsenceForm>

export const EndAbsenceForm = Type.Object({ ...dateParts('endedOn'), version: text(), ...csrf })
export type EndAbsenceForm = Static<typeof EndAbsenceForm>

export const TrainingForm = Type.Object({ course: text(), ...dateParts('completedOn'), ...csrf })
export type TrainingForm = Static<typeof TrainingForm>

export const BookingForm = Type.Object({ course: text(), ...dateParts('courseOn'), ...csrf })
export type BookingForm = Static<typeof BookingForm>

export const CancelBookingForm = Type.Object({
  reason: text(),
  detail: text(),
  decidedBy: text(),
  version: text(),
  ...csrf,
})
export type CancelBookingForm = Static<typeof CancelBookingForm>

export const VersionForm = Type.Object({ version: text(), ...csrf })

export const NewSkillForm = Type.Object({ skillCode: text(), label: text(), description: text(), ...csrf })
export type NewSkillForm = Static<typeof NewSkillForm>

export const NewCourseForm = Type.Object({
  courseCode: text(),
  title: text(),
  validityMonths: text(),
  requiredForControlRoom: text(),
  ...csrf,
})
export type NewCourseForm = Static<typeof NewCourseForm>

// ---------------------------------------------------------------------------------------------------------------
// API

const Day = (description: string) => Type.String({ description: `${description} (YYYY-MM-DD, Europe/London)` })
const OptionalDay = (description: string) => Type.Union([Day(description), Type.Null()])
const Skills = Type.Array(
  Type.Object({
    skill: Type.String(),
    level: Type.Integer({ minimum: 1, maximum: 3, description: '1 learning, 2 competent, 3 expert' }),
  }),
)
const Holder = Type.Object({ staffId: Type.String({ format: 'uuid' }), name: Type.String(), level: Type.Integer() })

export const StaffListQuery = Type.Object(
  { unitId: Type.Optional(Type.String({ format: 'uuid' })) },
  { additionalProperties: false },
)

export const StaffBody = Type.Object(
  {
    name: Type.String({ maxLength: 200 }),
    jobTitle: Type.String({ maxLength: 200, description: 'Their role, e.g. crime-recording decision maker' }),
    unitId: Type.String({ description: 'A unit id from /api/v1/units' }),
    userId: Type.Optional(Type.Union([Type.String(), Type.Null()], { description: 'Their Tally user id, if any' })),
    contractedHours: Type.Number({ description: 'Contracted hours a week' }),
    workingDays: Type.Array(Type.Integer(), {
      maxItems: 7,
      description: 'ISO weekdays worked, 1 Monday to 7 Sunday; weekly hours are spread evenly over them',
    }),
    startedOn: Day('First day in the unit'),
    leftOn: Type.Optional(Type.Union([Day('Last day in post'), Type.Null()])),
  },
  { additionalProperties: false },
)
export type StaffBody = Static<typeof StaffBody>

export const UpdateStaffBody = Type.Object(
  { ...StaffBody.properties, expectedVersion: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
)
export type UpdateStaffBody = Static<typeof UpdateStaffBody>

export const StaffMemberResponse = Type.Object({
  staffId: Type.String({ format: 'uuid' }),
  unitId: Type.String({ format: 'uuid' }),
  userId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
  name: Type.String(),
  jobTitle: Type.String(),
  contractedHours: Type.Number(),
  workingDays: Type.Array(Type.Integer()),
  startedOn: Type.String(),
  leftOn: Type.Union([Type.String(), Type.Null()]),
  version: Type.Integer(),
  skills: Skills,
})

export const StaffList = Type.Object({ staff: Type.Array(StaffMemberResponse) })

const AbsenceResponse = Type.Object({
  absenceId: Type.String({ format: 'uuid' }),
  absenceType: Type.String(),
  planned: Type.Boolean(),
  startsOn: Type.String(),
  expectedEndOn: Type.Union([Type.String(), Type.Null()]),
  endedOn: Type.Union([Type.String(), Type.Null()]),
  hoursPerDay: Type.Union([Type.Number(), Type.Null()]),
  longTerm: Type.Boolean({ description: '28 calendar days or more' }),
  version: Type.Integer(),
})

export const StaffProfileResponse = Type.Object({
  ...StaffMemberResponse.properties,
  absences: Type.Array(AbsenceResponse),
  training: Type.Array(
    Type.Object({
      courseCode: Type.String(),
      completedOn: Type.String(),
      expiresOn: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
  bookings: Type.Array(
    Type.Object({
      bookingId: Type.String({ format: 'uuid' }),
      courseCode: Type.String(),
      courseOn: Type.String(),
      status: Type.String(),
      cancellationReason: Type.Union([Type.String(), Type.Null()]),
      version: Type.Integer(),
    }),
  ),
})

export const StaffCreated = Type.Object({ staffId: Type.String({ format: 'uuid' }) })

export const SetSkillBody = Type.Object(
  { level: Type.Integer({ description: '1 learning, 2 competent, 3 expert' }) },
  { additionalProperties: false },
)
export const SkillApiParams = Type.Object({
  staffId: Type.String({ format: 'uuid' }),
  skill: Type.String({ maxLength: 40 }),
})

export const AbsenceBody = Type.Object(
  {
    absenceType: Type.String({ description: 'sickness, leave, training, secondment or other' }),
    planned: Type.Boolean(),
    startsOn: Day('First day absent'),
    expectedEndOn: Type.Optional(Type.Union([Day('Expected last day'), Type.Null()])),
    hoursPerDay: Type.Optional(
      Type.Union([Type.Number(), Type.Null()], {
        description: 'Hours absent each day for part-day absence; omit for whole days',
      }),
    ),
  },
  { additionalProperties: false },
)
export type AbsenceBody = Static<typeof AbsenceBody>

export const EndAbsenceBody = Type.Object(
  { endedOn: Day('Last day absent'), expectedVersion: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
)

export const AbsenceCreated = Type.Object({ absenceId: Type.String({ format: 'uuid' }) })

export const TrainingRecordBody = Type.Object(
  { course: Type.String({ description: 'A course code, e.g. crime-recording' }), completedOn: Day('Day completed') },
  { additionalProperties: false },
)
export const TrainingRecorded = Type.Object({
  recordId: Type.String({ format: 'uuid' }),
  expiresOn: Type.Union([Type.String(), Type.Null()]),
})

export const BookingBody = Type.Object(
  { course: Type.String({ description: 'A course code' }), courseOn: Day('Day of the course') },
  { additionalProperties: false },
)
export const BookingCreated = Type.Object({ bookingId: Type.String({ format: 'uuid' }) })

export const CancelBookingBody = Type.Object(
  {
    reason: Type.String({ description: 'not_released, course_cancelled, person_unavailable or other' }),
    detail: Type.Optional(Type.String({ maxLength: 4000, description: 'Why; required when not released or other' })),
    decidedBy: Type.Optional(Type.String({ maxLength: 400, description: 'Who decided they could not be released' })),
    expectedVersion: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)
export type CancelBookingBody = Static<typeof CancelBookingBody>

export const AttendedBody = Type.Object(
  { expectedVersion: Type.Integer({ minimum: 1 }) },
  { additionalProperties: false },
)

export const RangeQuery = Type.Object({ from: Day('First day'), to: Day('Last day') }, { additionalProperties: false })
export const DateQuery = Type.Object(
  { date: Type.Optional(Day('The day (default today)')) },
  { additionalProperties: false },
)

export const AvailabilityResponse = Type.Object({
  days: Type.Array(
    Type.Object({
      date: Type.String(),
      staffId: Type.String({ format: 'uuid' }),
      userId: Type.Union([Type.String({ format: 'uuid' }), Type.Null()]),
      unitId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      hours: Type.Number({ description: 'Contracted hours that day less absence' }),
      skills: Skills,
    }),
  ),
})

export const IndicatorsResponse = Type.Object({
  date: Type.String(),
  skillsWithFewerThanTwoAvailable: Type.Array(
    Type.Object({
      skill: Type.String(),
      label: Type.String(),
      available: Type.Integer(),
      holders: Type.Array(Holder),
      away: Type.Array(Holder),
    }),
  ),
  longTermAbsences: Type.Array(
    Type.Object({
      absenceId: Type.String({ format: 'uuid' }),
      staffId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      unitId: Type.String({ format: 'uuid' }),
      unitName: Type.String(),
      absenceType: Type.String(),
      planned: Type.Boolean(),
      startsOn: Type.String(),
      expectedEndOn: Type.Union([Type.String(), Type.Null()]),
      endedOn: Type.Union([Type.String(), Type.Null()]),
      days: Type.Integer(),
    }),
  ),
  controlRoomTrainingCompliance: Type.Object({
    trained: Type.Integer(),
    total: Type.Integer(),
    percent: Type.Union([Type.Number(), Type.Null()]),
    requiredCourses: Type.Array(Type.Object({ courseCode: Type.String(), title: Type.String() })),
    overdue: Type.Array(
      Type.Object({
        staffId: Type.String({ format: 'uuid' }),
        name: Type.String(),
        unitId: Type.String({ format: 'uuid' }),
        unitName: Type.String(),
        status: Type.Union([Type.Literal('expired'), Type.Literal('never_trained')]),
        expiredOn: OptionalDay('When their last completion stopped counting'),
        nextBookingOn: OptionalDay('Their next booked course'),
      }),
    ),
  }),
})

export const NotReleasedResponse = Type.Object({
  bookings: Type.Array(
    Type.Object({
      bookingId: Type.String({ format: 'uuid' }),
      staffId: Type.String({ format: 'uuid' }),
      name: Type.String(),
      unitName: Type.String(),
      courseCode: Type.String(),
      courseTitle: Type.String(),
      courseOn: Type.String(),
      reason: Type.Union([Type.String(), Type.Null()]),
      decidedBy: Type.Union([Type.String(), Type.Null()]),
      cancelledByName: Type.Union([Type.String(), Type.Null()]),
      cancelledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
})

export const SkillsResponse = Type.Object({
  skills: Type.Array(
    Type.Object({
      skillCode: Type.String(),
      label: Type.String(),
      description: Type.Union([Type.String(), Type.Null()]),
    }),
  ),
})
