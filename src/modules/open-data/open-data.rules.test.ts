import { describe, expect, it } from 'vitest'
import {
  CRIME_TYPES,
  crimeTypeFor,
  fileName,
  forceSlug,
  monthBounds,
  nearestPoint,
  OUTCOME_CATEGORIES,
  outcomeCategoryFor,
  policeUkCrimeId,
  summarise,
  type CrimeTypeMapping,
} from './open-data.rules.ts'
import { monthsUpTo } from './open-data.service.ts'
import { parseCrimeTypeMap, parseMapPoints, readBundled, BUNDLED_CRIME_TYPE_MAP } from './open-data.reference.ts'

describe('police.uk rules', () => {
  it.each([
    ['Northamptonshire Police', 'northamptonshire'],
    ['City of London Police', 'city-of-london'],
    ['Demo Constabulary', 'demo'],
    ['Police Service of Northern Ireland', 'northern-ireland'],
  ])('slugs %s as %s', (name, slug) => {
    expect(forceSlug(name)).toBe(slug)
  })

  it('names files YYYY-MM-<force>-street.csv and -outcomes.csv', () => {
    expect(fileName('2024-04', 'City of London Police', 'street')).toBe('2024-04-city-of-london-street.csv')
    expect(fileName('2024-04', 'City of London Police', 'outcomes')).toBe('2024-04-city-of-london-outcomes.csv')
  })

  it('rule 25: maps every Home Office outcome type 1–22 to a string of the §7.3 table, and none to a crime still open', () => {
    for (let type = 1; type <= 22; type++) {
      expect(OUTCOME_CATEGORIES).toContain(outcomeCategoryFor(type))
    }
    expect(outcomeCategoryFor(null)).toBe('Under investigation')
    expect(outcomeCategoryFor(18)).toBe('Investigation complete; no suspect identified')
    expect(() => outcomeCategoryFor(23)).toThrow(/no police.uk outcome category/)
  })

  it('rule 25: the shipped crime-type mapping uses only the 14 police.uk types (or blank: not published)', () => {
    const { entries, errors } = parseCrimeTypeMap(readBundled(BUNDLED_CRIME_TYPE_MAP.file))
    expect(errors).toEqual([])
    expect(CRIME_TYPES).toHaveLength(14)
    for (const entry of entries) {
      expect(entry.crimeType === null || CRIME_TYPES.includes(entry.crimeType)).toBe(true)
    }
  })

  const mapping: CrimeTypeMapping[] = [
    { matchKind: 'group', matchValue: 'theft-offences', crimeType: 'Other theft' },
    { matchKind: 'code', matchValue: '46', crimeType: 'Shoplifting' },
    { matchKind: 'group', matchValue: 'fraud-offences', crimeType: null },
  ]
  it.each([
    ['46', 'theft-offences', { crimeType: 'Shoplifting' }],
    ['49', 'theft-offences', { crimeType: 'Other theft' }],
    ['53C', 'fraud-offences', { crimeType: null }],
    ['8N', 'violence-with-injury', undefined],
  ])('offence %s (%s) → %j', (code, group, expected) => {
    expect(crimeTypeFor(mapping, code, group)).toEqual(expected)
  })

  it('rule 25: Crime IDs are 64 hex characters, stable for a crime, different between crimes and forces', () => {
    const id = policeUkCrimeId('NTH', '01900000-0000-7000-8000-000000000001')
    expect(id).toMatch(/^[0-9a-f]{64}$/)
    expect(policeUkCrimeId('NTH', '01900000-0000-7000-8000-000000000001')).toBe(id)
    expect(policeUkCrimeId('NTH', '01900000-0000-7000-8000-000000000002')).not.toBe(id)
    expect(policeUkCrimeId('LEI', '01900000-0000-7000-8000-000000000001')).not.toBe(id)
  })

  it('snaps a place to the nearest map point', () => {
    const points = [
      { longitude: -0.9, latitude: 52.24, location: 'On or near A', lsoaCode: 'E01000001', lsoaName: 'A 001A' },
      { longitude: -0.89, latitude: 52.25, location: 'On or near B', lsoaCode: 'E01000002', lsoaName: 'B 001A' },
    ]
    expect(nearestPoint(points, 52.2495, -0.8905)?.location).toBe('On or near B')
    expect(nearestPoint(points, 52.2401, -0.9)?.location).toBe('On or near A')
    expect(nearestPoint([], 52, 0)).toBeUndefined()
  })

  it('reads map points, naming the line and column of a bad one', () => {
    const csv =
      'longitude,latitude,location,lsoa_code,lsoa_name\n-0.9,52.2,On or near X,E01000001,X 001A\n-0.9,52.2,Somewhere,E01000001,X\n'
    expect(parseMapPoints(csv).errors).toEqual([
      { field: 'file', message: 'line 3, column "location": "Somewhere" does not read "On or near …"' },
    ])
  })

  it('months: bounds in UK time, and the months before', () => {
    expect(monthBounds('2024-04')).toEqual({
      from: new Date('2024-03-31T23:00:00Z'),
      to: new Date('2024-04-30T23:00:00Z'),
    })
    expect(monthBounds('2024-12').to).toEqual(new Date('2025-01-01T00:00:00Z'))
    expect(monthsUpTo('2024-02', 3)).toEqual(['2023-12', '2024-01', '2024-02'])
  })

  it('summarises rows as the summary command prints them', () => {
    expect(
      summarise([
        { crimeId: 'a', crimeType: 'Burglary', lastOutcomeCategory: 'Under investigation' },
        { crimeId: 'a', crimeType: 'Burglary', lastOutcomeCategory: 'Under investigation' },
        { crimeId: '', crimeType: 'Anti-social behaviour', lastOutcomeCategory: '' },
      ]),
    ).toEqual({
      rows: 3,
      blank_id: 1,
      distinct_ids: 1,
      by_type: { Burglary: 2, 'Anti-social behaviour': 1 },
      by_outcome: { 'Under investigation': 2, '': 1 },
    })
  })
})
