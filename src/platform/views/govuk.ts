/**
 * Parameters for GOV.UK Frontend components that pages would otherwise build by hand, each slightly differently:
 * date inputs, select items and error summaries. Modules pass their own words (legends, labels); the shapes are
 * GOV.UK's.
 */

/** What was typed (or is stored) in a date input's three boxes. */
export interface DateParts {
  day: string
  month: string
  year: string
}

/** The three boxes of a date posted as `<name>-day`, `<name>-month` and `<name>-year`; blank when not posted. */
export function datePartsOf(body: Readonly<Record<string, unknown>>, name: string): DateParts {
  const part = (suffix: string) => {
    const value = body[`${name}-${suffix}`]
    return typeof value === 'string' ? value : ''
  }
  return { day: part('day'), month: part('month'), year: part('year') }
}

/**
 * A GOV.UK date input's items: day, month and year boxes with ids `<id>-day` and so on (where the error summary
 * links), each marked in error when the date is.
 */
export function dateInputItems(id: string, parts: DateParts, hasError: boolean) {
  const error = hasError ? ' govuk-input--error' : ''
  return [
    { name: 'day', id: `${id}-day`, label: 'Day', classes: `govuk-input--width-2${error}`, value: parts.day },
    { name: 'month', id: `${id}-month`, label: 'Month', classes: `govuk-input--width-2${error}`, value: parts.month },
    { name: 'year', id: `${id}-year`, label: 'Year', classes: `govuk-input--width-4${error}`, value: parts.year },
  ]
}

/** A whole GOV.UK date input's parameters, showing what was typed (or stored) and any error. */
export function dateInput(options: {
  id: string
  legend: string
  hint?: string
  parts: DateParts
  error?: { text: string } | undefined
  legendClasses?: string
}) {
  return {
    id: options.id,
    namePrefix: options.id,
    fieldset: { legend: { text: options.legend, classes: options.legendClasses ?? 'govuk-fieldset__legend--s' } },
    ...(options.hint ? { hint: { text: options.hint } } : {}),
    ...(options.error ? { errorMessage: options.error } : {}),
    items: dateInputItems(options.id, options.parts, Boolean(options.error)),
  }
}

/** A GOV.UK select's items, the chosen one selected, with a first blank choice when `blank` names it. */
export function selectItems(
  options: ReadonlyArray<{ value: string; text: string }>,
  selected: string | undefined,
  blank?: string,
) {
  return [
    ...(blank === undefined ? [] : [{ value: '', text: blank }]),
    ...options.map((option) => ({ value: option.value, text: option.text, selected: option.value === selected })),
  ]
}

/** A form's errors as GOV.UK components want them: a summary list linking to each field, and a message per field. */
export interface FormErrors {
  errors: Array<{ text: string; href: string }>
  fieldErrors: Record<string, { text: string }>
}

/**
 * The error summary and the message for each field. A date's error links to its day box (`#<field>-day`): the
 * date input's wrapper is nowhere a keyboard can land.
 */
export function errorSummary(
  errors: ReadonlyArray<{ field: string; message: string }>,
  dateFields: readonly string[] = [],
): FormErrors {
  const fieldErrors: Record<string, { text: string }> = {}
  for (const error of errors) {
    // One message per field in the field itself (the first); the summary lists them all.
    fieldErrors[error.field] ??= { text: error.message }
  }
  return {
    errors: errors.map((error) => ({
      text: error.message,
      href: dateFields.includes(error.field) ? `#${error.field}-day` : `#${error.field}`,
    })),
    fieldErrors,
  }
}
