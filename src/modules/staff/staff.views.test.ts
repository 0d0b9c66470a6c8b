import { describe, expect, it } from 'vitest'
import { dateInput, datePartsOf as partsOf } from '../../platform/views/govuk.ts'
import { absenceTag, dayOf, staffInput, staffNavigation, versionOf, workingDaysText } from './staff.views.ts'

describe('staff pages: reading dates from the form’s three boxes', () => {
  it('reads each box by its name, blank when missing, and joins them into a day the services check', () => {
    const body = { 'startsOn-day': '6', 'startsOn-month': '1', 'startsOn-year': '2020', 'other-day': 3 }
    expect(partsOf(body, 'startsOn')).toEqual({ day: '6', month: '1', year: '2020' })
    expect(partsOf(body, 'other')).toEqual({ day: '', month: '', year: '' })
    expect(dayOf(body, 'startsOn')).toBe('2020-01-06')
    expect(dayOf(body, 'missing')).toBe('')
  })

  it('builds a GOV.UK date input showing what was typed, marking every box when the date is wrong', () => {
    const parts = { day: '31', month: '2', year: '2026' }
    const plain = dateInput({ id: 'startsOn', legend: 'First day', parts })
    expect(plain.items.map((item) => [item.name, item.value, item.classes])).toEqual([
      ['day', '31', 'govuk-input--width-2'],
      ['month', '2', 'govuk-input--width-2'],
      ['year', '2026', 'govuk-input--width-4'],
    ])
    expect(plain).not.toHaveProperty('errorMessage')
    const wrong = dateInput({ id: 'startsOn', legend: 'First day', parts, error: { text: 'Enter a real date' } })
    expect(wrong.errorMessage).toEqual({ text: 'Enter a real date' })
    expect(wrong.items.every((item) => item.classes.endsWith(' govuk-input--error'))).toBe(true)
  })
})

describe('staff pages: what the lists and forms show', () => {
  it('marks the current part of the staff area in its sub-navigation', () => {
    expect(
      staffNavigation('training')
        .filter((item) => item.active)
        .map((item) => item.href),
    ).toEqual(['/staff/training'])
  })

  it('says a working pattern in words, and tags long-term absence apart from a short one', () => {
    expect(workingDaysText([1, 2, 3, 4, 5])).toBe('Monday to Friday')
    expect(workingDaysText([1, 2, 3, 4, 5, 6, 7])).toBe('Every day')
    expect(absenceTag(undefined)).toBeUndefined()
    expect(absenceTag({ absenceType: 'sickness', longTerm: true })?.classes).toBe('govuk-tag--red')
    expect(absenceTag({ absenceType: 'sickness', longTerm: false })?.classes).toBe('govuk-tag--orange')
  })

  it('turns the staff form into the service’s input, and a missing or tampered version into none', () => {
    const input = staffInput({
      name: 'Sam',
      jobTitle: 'Decision maker',
      unitId: 'u',
      contractedHours: '37',
      workingDays: '1',
      'startedOn-day': '6',
      'startedOn-month': '1',
      'startedOn-year': '2020',
    } as Parameters<typeof staffInput>[0])
    expect(input).toMatchObject({ name: 'Sam', userId: '', workingDays: ['1'], startedOn: '2020-01-06', leftOn: '' })
    expect(versionOf('3')).toBe(3)
    expect(versionOf(undefined)).toBe(0)
    expect(versionOf('x')).toBe(0)
  })
})
