import { describe, expect, it } from 'vitest'
import { dateInput, dateInputItems, datePartsOf, errorSummary, selectItems } from './govuk.ts'

describe('GOV.UK date inputs', () => {
  it.each([
    {
      case: 'all three boxes posted',
      body: { 'startsOn-day': '6', 'startsOn-month': '1', 'startsOn-year': '2020' },
      parts: { day: '6', month: '1', year: '2020' },
    },
    { case: 'nothing posted', body: {}, parts: { day: '', month: '', year: '' } },
    {
      case: 'a box that is not text, or another field’s',
      body: { 'startsOn-day': 3, 'other-month': '4', 'startsOn-year': '2021' },
      parts: { day: '', month: '', year: '2021' },
    },
  ])('reads the boxes of a date: $case', ({ body, parts }) => {
    expect(datePartsOf(body, 'startsOn')).toEqual(parts)
  })

  it.each([
    { hasError: false, classes: ['govuk-input--width-2', 'govuk-input--width-2', 'govuk-input--width-4'] },
    {
      hasError: true,
      classes: [
        'govuk-input--width-2 govuk-input--error',
        'govuk-input--width-2 govuk-input--error',
        'govuk-input--width-4 govuk-input--error',
      ],
    },
  ])('gives each box its id, label and width, marked in error: $hasError', ({ hasError, classes }) => {
    const items = dateInputItems('courseOn', { day: '14', month: '1', year: '2027' }, hasError)
    expect(items.map((item) => [item.name, item.id, item.label, item.value])).toEqual([
      ['day', 'courseOn-day', 'Day', '14'],
      ['month', 'courseOn-month', 'Month', '1'],
      ['year', 'courseOn-year', 'Year', '2027'],
    ])
    expect(items.map((item) => item.classes)).toEqual(classes)
  })

  it.each([
    {
      case: 'plain',
      options: {},
      expected: { fieldset: { legend: { text: 'First day', classes: 'govuk-fieldset__legend--s' } } },
      absent: ['hint', 'errorMessage'],
    },
    {
      case: 'with a hint, a larger legend and an error',
      options: { hint: 'For example, 6 1 2020', legendClasses: 'govuk-fieldset__legend--m', error: { text: 'Bad' } },
      expected: {
        fieldset: { legend: { text: 'First day', classes: 'govuk-fieldset__legend--m' } },
        hint: { text: 'For example, 6 1 2020' },
        errorMessage: { text: 'Bad' },
      },
      absent: [],
    },
  ])('builds a whole date input: $case', ({ options, expected, absent }) => {
    const input = dateInput({
      id: 'startsOn',
      legend: 'First day',
      parts: { day: '', month: '', year: '' },
      ...options,
    })
    expect(input).toMatchObject({ id: 'startsOn', namePrefix: 'startsOn', ...expected })
    for (const key of absent) {
      expect(input).not.toHaveProperty(key)
    }
  })
})

describe('GOV.UK select items', () => {
  const units = [
    { value: 'u1', text: 'IMU North' },
    { value: 'u2', text: 'IMU South' },
  ]
  it.each([
    {
      case: 'a chosen option and a blank first choice',
      selected: 'u2',
      blank: 'All units',
      expected: [
        { value: '', text: 'All units' },
        { value: 'u1', text: 'IMU North', selected: false },
        { value: 'u2', text: 'IMU South', selected: true },
      ],
    },
    {
      case: 'nothing chosen and no blank choice',
      selected: undefined,
      blank: undefined,
      expected: [
        { value: 'u1', text: 'IMU North', selected: false },
        { value: 'u2', text: 'IMU South', selected: false },
      ],
    },
  ])('$case', ({ selected, blank, expected }) => {
    expect(selectItems(units, selected, blank)).toEqual(expected)
  })
})

describe('GOV.UK error summaries', () => {
  it.each([
    {
      case: 'one message per field, every message in the summary',
      errors: [
        { field: 'reportedAt', message: 'Enter the date reported' },
        { field: 'reportedAt', message: 'Date reported must be in the past' },
        { field: 'narrative', message: 'Enter what happened' },
      ],
      dateFields: [],
      hrefs: ['#reportedAt', '#reportedAt', '#narrative'],
      fieldErrors: { reportedAt: { text: 'Enter the date reported' }, narrative: { text: 'Enter what happened' } },
    },
    {
      case: 'a date’s error linked to its day box',
      errors: [
        { field: 'dateOfBirth', message: 'Enter a real date' },
        { field: 'name', message: 'Enter a name' },
      ],
      dateFields: ['dateOfBirth'],
      hrefs: ['#dateOfBirth-day', '#name'],
      fieldErrors: { dateOfBirth: { text: 'Enter a real date' }, name: { text: 'Enter a name' } },
    },
    { case: 'no errors', errors: [], dateFields: ['from'], hrefs: [], fieldErrors: {} },
  ])('$case', ({ errors, dateFields, hrefs, fieldErrors }) => {
    const summary = errorSummary(errors, dateFields)
    expect(summary.errors.map((error) => error.href)).toEqual(hrefs)
    expect(summary.errors.map((error) => error.text)).toEqual(errors.map((error) => error.message))
    expect(summary.fieldErrors).toEqual(fieldErrors)
  })
})
