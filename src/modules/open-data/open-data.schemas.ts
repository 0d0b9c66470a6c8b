import { Type, type Static } from 'typebox'

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', description: 'YYYY-MM', examples: ['2024-04'] })
const Count = Type.Integer({ minimum: 0 })

export const Summary = Type.Object(
  {
    rows: Count,
    blank_id: Count,
    distinct_ids: Count,
    by_type: Type.Record(Type.String(), Count, { description: 'Rows by police.uk crime type' }),
    by_outcome: Type.Record(Type.String(), Count, { description: 'Rows by last outcome category ("" for blank)' }),
  },
  { additionalProperties: false },
)

export const SummaryQuery = Type.Object({
  month: Month,
  fallsWithin: Type.String({ minLength: 1, maxLength: 200, description: 'The force as police.uk names it' }),
})
export type SummaryQuery = Static<typeof SummaryQuery>

export const ComparisonQuery = Type.Object({
  month: Month,
  peer: Type.Optional(
    Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 10 })]),
  ),
})
export type ComparisonQuery = Static<typeof ComparisonQuery>

export const Comparison = Type.Object({
  month: Type.String(),
  months: Type.Array(Type.String()),
  series: Type.Array(
    Type.Object({
      name: Type.String(),
      own: Type.Boolean(),
      population: Type.Union([Type.Integer(), Type.Null()]),
      byMonth: Type.Record(Type.String(), Summary),
    }),
  ),
  available: Type.Object({ forces: Type.Array(Type.String()), months: Type.Array(Type.String()) }),
})

/** The comparison page's query: month and peers (checkboxes post one value or several). */
export const ComparisonPageQuery = Type.Object({
  month: Type.Optional(Type.String({ maxLength: 20 })),
  peer: Type.Optional(Type.Union([Type.String({ maxLength: 200 }), Type.Array(Type.String({ maxLength: 200 }))])),
})
export type ComparisonPageQuery = Static<typeof ComparisonPageQuery>

export const ExportForm = Type.Object({
  month: Type.String({ default: '', maxLength: 20 }),
  file: Type.String({ default: '', maxLength: 20 }),
  _csrf: Type.Optional(Type.String({ maxLength: 200 })),
})
export type ExportForm = Static<typeof ExportForm>
