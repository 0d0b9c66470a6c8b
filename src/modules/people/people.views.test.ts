import { describe, expect, it } from 'vitest'
import { Permissions } from '../../platform/auth/permissions.ts'
import type { PersonRecord } from './people.types.ts'
import { dateOfBirthInput, personInput, storedPersonValues, toPersonView } from './people.views.ts'

const at = new Date('2026-03-01T10:00:00Z')

function person(overrides: Partial<PersonRecord> = {}): PersonRecord {
  return {
    personId: '0b5c4f6e-1a2b-4c3d-8e9f-000000000001',
    givenName: 'Ann',
    familyName: 'O’Neill',
    displayName: 'Ann O’Neill',
    aliases: ['Annie <b>'],
    dateOfBirth: '1990-03-07',
    age: 35,
    version: 2,
    createdAt: at,
    createdBy: 'Olu Adeyemi',
    updatedAt: at,
    updatedBy: 'Olu Adeyemi',
    involvements: [
      {
        involvementId: 'i-crime',
        recordType: 'crime',
        recordId: 'c-1',
        reference: 'CR-2026-000123',
        role: 'victim',
        suspectStatus: null,
        version: 1,
        createdAt: at,
      },
      {
        involvementId: 'i-incident',
        recordType: 'incident',
        recordId: 'n-1',
        reference: null,
        role: 'suspect',
        suspectStatus: 'not_interviewed',
        version: 1,
        createdAt: at,
      },
    ],
    assessments: [],
    ...overrides,
  }
}

const path = (recordType: string, recordId: string, involvementId: string) =>
  `/${recordType}/${recordId}/${involvementId}`

describe('the person page’s view', () => {
  it('offers Change links on facts and involvements only to those who may manage people', () => {
    const officer = toPersonView(person(), new Permissions(['officer']), path)
    expect(officer.facts.every((row) => 'actions' in row)).toBe(true)
    expect(officer.involvementHead).toHaveLength(5)
    expect(officer.involvementRows.every((row) => row.length === 5)).toBe(true)

    const auditor = toPersonView(person(), new Permissions(['auditor']), path)
    expect(auditor.facts.some((row) => 'actions' in row)).toBe(false)
    expect(auditor.involvementHead).toHaveLength(4)
    expect(auditor.involvementRows.every((row) => row.length === 4)).toBe(true)
  })

  it('names each record by its reference, and links a crime’s change to the crime only for those who may update crimes', () => {
    const operator = toPersonView(person(), new Permissions(['control_room_operator']), path)
    const [crime, incident] = operator.involvementRows
    expect((crime![0] as { html: string }).html).toContain('Crime CR-2026-000123')
    expect(crime![4]).toEqual({ text: '' })
    expect((incident![0] as { html: string }).html).toContain('Incident n-1')
    expect((incident![4] as { html: string }).html).toContain('href="/incident/n-1/i-incident"')
    expect(incident![2]).toEqual({ text: 'Not interviewed' })
  })

  it('escapes what people typed', () => {
    const view = toPersonView(person(), new Permissions(['officer']), path)
    expect(view.facts[2]!.value).toEqual({ html: '<ul class="govuk-list"><li>Annie &lt;b&gt;</li></ul>' })
  })
})

describe('the person form', () => {
  it('shows a stored date of birth in its boxes without leading zeros, and reads other names one a line', () => {
    expect(storedPersonValues(person())).toMatchObject({ day: '7', month: '3', year: '1990', aliases: 'Annie <b>' })
    expect(personInput({ familyName: 'Smith', aliases: 'Smudge\r\nSmithy' }, undefined)).toEqual({
      givenName: '',
      familyName: 'Smith',
      aliases: ['Smudge', 'Smithy'],
    })
  })

  it('marks all three date boxes when the date of birth is wrong', () => {
    const input = dateOfBirthInput({ day: '31', month: '2' }, 'For example', { text: 'Not a real date' })
    expect(input.errorMessage).toEqual({ text: 'Not a real date' })
    expect(input.items.map((item) => [item.id, item.value, item.classes.includes('govuk-input--error')])).toEqual([
      ['dateOfBirth-day', '31', true],
      ['dateOfBirth-month', '2', true],
      ['dateOfBirth-year', '', true],
    ])
  })
})
