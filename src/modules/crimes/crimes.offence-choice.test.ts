import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { OffenceCodeRecord } from './crimes.repository.ts'
import { parseOffenceCodeList, pointedToByIncidentCategory } from './crimes.rules.ts'
import { offenceItems } from './crimes.views.ts'

/** The shipped Home Office list, as the offence page reads it. */
const LIST = parseOffenceCodeList(
  fs.readFileSync(path.join(import.meta.dirname, 'reference/home-office-offence-codes-2017-18.csv'), 'utf8'),
).rows
const codes = LIST.map((row) => ({ ...row, forceId: 1, version: '2017-18' })) as unknown as OffenceCodeRecord[]
const offence = (code: string) => LIST.find((row) => row.code === code)!

describe('the offences an incident’s category points to', () => {
  it.each([
    ['crime-theft', '49', true], // other theft
    ['crime-theft', '46', true], // shoplifting
    ['crime-theft', '28E', false], // burglary has its own category
    ['crime-theft', '45', false], // theft from a vehicle is vehicle crime
    ['crime-burglary', '28E', true],
    ['crime-vehicle', '45', true],
    ['crime-vehicle', '49', false],
    ['crime-violence', '105A', true],
    ['crime-violence', '8N', true],
    ['crime-sexual', '19C', true],
    ['crime-damage', '58C', true],
    ['crime-damage', '49', false],
    ['concern-for-safety', '49', false], // not a crime category: nothing first
    [null, '49', false],
  ] as const)('%s → offence %s: %s', (category, code, expected) => {
    expect(pointedToByIncidentCategory(category, offence(code))).toBe(expected)
  })

  it('every crime category of an incident points to at least one offence on the list', () => {
    for (const category of [
      'crime-violence',
      'crime-sexual',
      'crime-robbery',
      'crime-burglary',
      'crime-theft',
      'crime-vehicle',
      'crime-damage',
      'crime-fraud',
      'crime-drugs',
      'crime-weapons',
      'crime-public-order',
      'crime-other',
    ]) {
      expect(
        LIST.some((row) => row.isHomeOfficeCode && pointedToByIncidentCategory(category, row)),
        category,
      ).toBe(true)
    }
  })
})

describe('the offence list on the record-a-crime page', () => {
  it('offers the offences of the incident’s category first, then every other offence', () => {
    const items = offenceItems(codes, undefined, 'Choose the offence', 'crime-burglary')
    const divider = items.findIndex((item) => 'disabled' in item && item.disabled)
    expect(divider).toBeGreaterThan(1)
    const first = items.slice(1, divider).map((item) => item.value)
    expect(first).toContain('28E')
    expect(first.every((code) => pointedToByIncidentCategory('crime-burglary', offence(code)))).toBe(true)
    // Nothing is taken away: the same offences as without a category, in two parts.
    const all = offenceItems(codes).map((item) => item.value)
    expect(
      items
        .filter((item) => !('disabled' in item))
        .map((item) => item.value)
        .sort(),
    ).toEqual(all.sort())
  })

  it('is one list when the incident’s category points to no offence', () => {
    const items = offenceItems(codes, '49', 'Choose the offence', 'concern-for-safety')
    expect(items.some((item) => 'disabled' in item)).toBe(false)
    expect(items.find((item) => item.value === '49')).toMatchObject({ selected: true })
  })
})
