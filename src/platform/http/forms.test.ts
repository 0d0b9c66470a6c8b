import { describe, expect, it } from 'vitest'
import { linkDateInputs, toFormErrors } from './forms.ts'

describe('form errors', () => {
  it('keeps one message per field and lists all of them in the summary, linked to the field', () => {
    const form = toFormErrors([
      { field: 'reportedAt', message: 'Enter the date reported' },
      { field: 'reportedAt', message: 'Date reported must be in the past' },
      { field: 'narrative', message: 'Enter what happened' },
    ])
    expect(form.fieldErrors).toEqual({
      reportedAt: { text: 'Enter the date reported' },
      narrative: { text: 'Enter what happened' },
    })
    expect(form.errors.map((error) => error.href)).toEqual(['#reportedAt', '#reportedAt', '#narrative'])
  })

  it('links a date input’s errors to its day box', () => {
    const form = linkDateInputs(
      toFormErrors([
        { field: 'dateOfBirth', message: 'Enter a real date' },
        { field: 'name', message: 'Enter a name' },
      ]),
      ['dateOfBirth'],
    )
    expect(form.errors.map((error) => error.href)).toEqual(['#dateOfBirth-day', '#name'])
  })
})
