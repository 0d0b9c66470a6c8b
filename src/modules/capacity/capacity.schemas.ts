import { Type, type Static } from 'typebox'
import { FORECAST_QUEUES } from './capacity.rules.ts'
import { PERCENTAGE_FLOOR } from './capacity.engine.ts'

const Text = Type.Optional(Type.String({ maxLength: 200 }))
const TextList = Type.Optional(
  Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })]),
)

/** The scenario form (a GET form: a what-if changes nothing). Dates come as day, month and year fields. */
export const ScenarioQuery = Type.Object({
  weeks: Text,
  presets: TextList,
  absentMostExperienced: Text,
  absentStaffIds: TextList,
  'absentFrom-day': Text,
  'absentFrom-month': Text,
  'absentFrom-year': Text,
  'absentTo-day': Text,
  'absentTo-month': Text,
  'absentTo-year': Text,
  joinerCount: Text,
  joinerProductivityPercent: Text,
  joinerRampWeeks: Text,
  'joinerFrom-day': Text,
  'joinerFrom-month': Text,
  'joinerFrom-year': Text,
  joinerHoursPerDay: Text,
})
export type ScenarioQuery = Static<typeof ScenarioQuery>

/** The settings form: flat fields named `thresholds.<queue>` and `skills.<queue>`. */
export const SettingsForm = Type.Object(
  {
    workloadNorm: Type.String({ default: '' }),
    historyWeeks: Type.String({ default: '' }),
    unitId: Type.Optional(Type.String()),
    expectedVersion: Type.String({ default: '0' }),
    _csrf: Type.Optional(Type.String()),
  },
  { additionalProperties: Type.String({ maxLength: 100 }) },
)
export type SettingsForm = Static<typeof SettingsForm>

// API

const Queue = Type.Enum(FORECAST_QUEUES)
const Day = Type.String({ format: 'date', description: 'YYYY-MM-DD' })

export const ScenarioBody = Type.Object({
  weeks: Type.Optional(Type.Integer({ description: 'Weeks to forecast, 1 to 26 (default 12)' })),
  presets: Type.Optional(
    Type.Array(Type.String(), { description: 'Named scenarios: experienced-absent, new-untrained', maxItems: 10 }),
  ),
  absentMostExperienced: Type.Optional(
    Type.Integer({ description: 'How many of the most experienced staff are absent' }),
  ),
  absentStaffIds: Type.Optional(Type.Array(Type.String(), { maxItems: 200, description: 'Named staff absent' })),
  absentFrom: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default the first forecast day' })),
  absentTo: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default three months after absentFrom' })),
  joinerCount: Type.Optional(Type.Integer({ description: 'How many new staff join' })),
  joinerProductivityPercent: Type.Optional(
    Type.Integer({ description: 'Their productivity while learning (default 30)' }),
  ),
  joinerRampWeeks: Type.Optional(Type.Integer({ description: 'Weeks before they count in full (default 8)' })),
  joinerFrom: Type.Optional(Type.String({ description: 'YYYY-MM-DD; default the first forecast day' })),
  joinerHoursPerDay: Type.Optional(Type.Number({ description: 'Hours a working day (default 7.5)' })),
})

export const ForecastQuery = Type.Object({ weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 26 })) })

const QueueSettingSchema = Type.Object({
  queue: Queue,
  skill: Type.Union([Type.String(), Type.Null()]),
  threshold: Type.Union([Type.Integer(), Type.Null()]),
})

const Week = Type.Object({
  weekCommencing: Day,
  weekEnding: Day,
  central: Type.Number({ description: 'Backlog at the end of the week if every day is an average day' }),
  low: Type.Number({ description: '10th percentile of simulated futures' }),
  high: Type.Number({ description: '90th percentile of simulated futures' }),
  expectedArrivals: Type.Number(),
  expectedCompletions: Type.Number(),
})

export const ForecastResponse = Type.Object({
  start: Day,
  end: Day,
  weeks: Type.Integer(),
  scenario: Type.Array(Type.String()),
  sourceProblems: Type.Array(Type.String()),
  queues: Type.Array(
    Type.Object({
      queue: Queue,
      label: Type.String(),
      setting: QueueSettingSchema,
      problem: Type.Union([Type.String(), Type.Null()]),
      forecast: Type.Union([
        Type.Object({
          startBacklog: Type.Number(),
          breachDate: Type.Union([Day, Type.Null()]),
          earliestBreachDate: Type.Union([Day, Type.Null()]),
          alreadyOverThreshold: Type.Boolean(),
          breachProbability: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()], {
            description: 'Chance of passing the threshold within warningWeeks, from the simulated futures',
          }),
          warningWeeks: Type.Integer(),
          extraStaffDaysPerWeek: Type.Union([Type.Number(), Type.Null()]),
          weeks: Type.Array(Week),
        }),
        Type.Null(),
      ]),
    }),
  ),
  welfare: Type.Array(
    Type.Object({
      weekCommencing: Day,
      openItems: Type.Number(),
      fte: Type.Number(),
      perHead: Type.Union([Type.Number(), Type.Null()]),
      norm: Type.Number(),
      overNorm: Type.Boolean(),
    }),
  ),
})

export const BacktestQuery = Type.Object({ weeks: Type.Optional(Type.Integer({ minimum: 1, maximum: 12 })) })

export const BacktestResponse = Type.Object({
  cutoff: Day,
  weeks: Type.Integer(),
  queues: Type.Array(
    Type.Object({
      queue: Queue,
      label: Type.String(),
      meanAbsoluteError: Type.Union([Type.Number(), Type.Null()]),
      meanAbsolutePercentageError: Type.Union([Type.Number(), Type.Null()], {
        description: `Over the weeks with at least ${PERCENTAGE_FLOOR} crimes waiting; null when none had that many`,
      }),
      points: Type.Array(Type.Object({ weekEnding: Day, forecast: Type.Number(), actual: Type.Number() })),
    }),
  ),
})

export const SettingsBody = Type.Object({
  workloadNorm: Type.Number(),
  historyWeeks: Type.Integer(),
  unitId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  queues: Type.Array(QueueSettingSchema, { maxItems: 6 }),
  expectedVersion: Type.Integer({ description: 'The version read (0 before the force first saves its own)' }),
})

export const SettingsResponse = Type.Object({
  workloadNorm: Type.Number(),
  historyWeeks: Type.Integer(),
  unitId: Type.Union([Type.String(), Type.Null()]),
  queues: Type.Array(QueueSettingSchema),
  version: Type.Integer(),
})
