import { describe, expect, it } from 'vitest'
import { ukDate } from '../../platform/dates.ts'
import {
  ageOn,
  ASSESSMENT_KINDS,
  coordinateProblems,
  dateOfBirthProblem,
  displayName,
  INVOLVEMENT_ROLES,
  involvementProblem,
  isLsoaCode,
  isNamedSuspect,
  NAME_VARIANT_GROUPS,
  nameForms,
  nameQuery,
  nameSearchKeys,
  normaliseName,
  normalisePostcode,
  queryTokens,
  SUSPECT_STATUS_LABELS,
  SUSPECT_STATUSES,
  suspectStatusFor,
  tokensRequired,
  variantKeys,
} from './people.rules.ts'

describe('rule 22: role of each person', () => {
  it('lists the roles DOMAIN.md §9 rule 22 names, and no others', () => {
    expect([...INVOLVEMENT_ROLES].sort()).toEqual(
      ['victim', 'witness', 'suspect', 'offender', 'reporting_person', 'other'].sort(),
    )
  })

  it('lists the suspect sub-statuses of DOMAIN.md §7.1, each with a label', () => {
    expect(SUSPECT_STATUSES).toEqual(
      expect.arrayContaining([
        'interviewed',
        'not_interviewed',
        'eliminated',
        'insufficient_to_proceed',
        'prosecution_prevented',
        'no_action_evidential_difficulties',
        'no_action_time_limit_expired',
      ]),
    )
    for (const status of SUSPECT_STATUSES) {
      expect(SUSPECT_STATUS_LABELS[status]).toMatch(/^[A-Z]/)
    }
  })

  it.each([
    // role, suspect status given, problem field (or none), status stored
    ['victim', undefined, undefined, null],
    ['witness', '', undefined, null],
    ['reporting_person', undefined, undefined, null],
    ['offender', undefined, undefined, null],
    ['other', null, undefined, null],
    ['suspect', undefined, undefined, 'not_interviewed'],
    ['suspect', 'interviewed', undefined, 'interviewed'],
    ['suspect', 'eliminated', undefined, 'eliminated'],
    ['suspect', 'prosecution_prevented', undefined, 'prosecution_prevented'],
    ['suspect', 'arrested', 'suspectStatus', undefined],
    ['victim', 'interviewed', 'suspectStatus', undefined],
    ['offender', 'eliminated', 'suspectStatus', undefined],
    ['bystander', undefined, 'role', undefined],
    ['Victim', undefined, 'role', undefined],
  ] as const)('%s with status %s: problem %s, stored %s', (role, status, field, stored) => {
    const problem = involvementProblem(role, status)
    expect(problem?.field).toBe(field)
    if (!problem) {
      expect(suspectStatusFor(role as (typeof INVOLVEMENT_ROLES)[number], status)).toBe(stored)
    }
  })

  it.each([
    ['suspect', 'not_interviewed', true],
    ['suspect', 'interviewed', true],
    ['suspect', 'insufficient_to_proceed', true],
    ['suspect', 'eliminated', false],
    ['offender', null, true],
    ['victim', null, false],
    ['witness', null, false],
  ] as const)('a %s (%s) counts as a named suspect for outcomes 15, 16 and 21: %s', (role, status, named) => {
    expect(isNamedSuspect(role, status)).toBe(named)
  })

  it('keeps assessments (opinions) to their own kinds, apart from the facts', () => {
    expect(ASSESSMENT_KINDS).toEqual(['vulnerability', 'risk', 'other'])
  })
})

describe('names', () => {
  it.each([
    ["O'Neill", 'oneill'],
    ['O’Neill', 'oneill'],
    ['ONeil', 'oneil'],
    ['Zoë', 'zoe'],
    ['Sinéad Ní Bhriain', 'sinead ni bhriain'],
    ['Nguyễn', 'nguyen'],
    ['Wójcik', 'wojcik'],
    ['Smith-Jones', 'smith jones'],
    ['  MacDonald   ', 'macdonald'],
    ['Strauß', 'strauss'],
    ['Łukasz', 'lukasz'],
    ['Søren', 'soren'],
    ['12 34', ''],
  ])('normalises %s as "%s"', (name, normalised) => {
    expect(normaliseName(name)).toBe(normalised)
  })

  it('makes search keys from every name, joins names in several words, and adds variant groups', () => {
    expect(nameSearchKeys('Bill', 'Du Bois', ['Abdul Rahman'])).toEqual({
      tokens: ['bill', 'du', 'bois', 'abdul', 'rahman'],
      joinedTokens: ['dubois', 'abdulrahman'],
      variantKeys: ['v:william'],
    })
  })

  it('looks a query up word by word and by neighbouring words joined', () => {
    expect(queryTokens(['abdul', 'rahman'])).toEqual([
      { token: 'abdul', position: 1, joined: false },
      { token: 'rahman', position: 2, joined: false },
      { token: 'abdulrahman', position: 1, joined: true },
      { token: 'abdulrahman', position: 2, joined: true },
    ])
  })

  it.each([
    [1, 1],
    [2, 2],
    [3, 2],
    [4, 3],
  ])('a query of %i words needs %i of them matched', (words, required) => {
    expect(tokensRequired(words)).toBe(required)
  })

  it('builds the repository’s query from what was typed', () => {
    expect(nameQuery("Jon O'Neil", '1990-01-01', 51)).toMatchObject({
      wordCount: 2,
      text: 'jon oneil',
      tokensRequired: 2,
      dateOfBirth: '1990-01-01',
      limit: 51,
      variantKeys: [
        { position: 1, key: 'v:john' },
        { position: 1, key: 'v:jonathan' },
      ],
    })
  })

  it('puts a short form in every group it belongs to, and every group has a distinct key', () => {
    expect(variantKeys('jon')).toEqual(['v:john', 'v:jonathan'])
    expect(variantKeys('bill')).toEqual(['v:william'])
    expect(variantKeys('zebedee')).toEqual([])
    const keys = NAME_VARIANT_GROUPS.map((group) => group[0])
    expect(new Set(keys).size).toBe(keys.length)
    for (const group of NAME_VARIANT_GROUPS) {
      for (const name of group) {
        expect(normaliseName(name)).toBe(name)
      }
    }
  })

  it('ranks by the main name and each alias, without repeats', () => {
    expect(nameForms('Mo', 'Farah', ['Mo Farah', 'Mohamed Farah'])).toEqual(['mo farah', 'mohamed farah'])
  })

  it('shows given name then family name, or the one name a person has', () => {
    expect(displayName({ givenName: 'Kathryn', familyName: 'Smyth' })).toBe('Kathryn Smyth')
    expect(displayName({ givenName: '', familyName: 'Madonna' })).toBe('Madonna')
  })
})

describe('facts’ formats', () => {
  it.each([
    ['1990-03-27', undefined],
    ['2026-11-26', undefined],
    ['1900-01-01', undefined],
    ['2026-11-27', 'Date of birth must be today or in the past'],
    ['1899-12-31', 'Date of birth must be after 1 January 1900'],
    ['2023-02-29', 'Date of birth must be a real date, like 1990-03-27'],
    ['2024-02-29', undefined],
    ['27/03/1990', 'Date of birth must be a real date, like 1990-03-27'],
  ])('date of birth %s: %s', (value, problem) => {
    expect(dateOfBirthProblem(value, '2026-11-26')).toBe(problem)
  })

  it('takes "today" for a date of birth in UK time, whatever the server’s zone (the platform’s ukDate)', () => {
    expect(ukDate(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01')
    expect(ukDate(new Date('2026-12-31T23:30:00Z'))).toBe('2026-12-31')
  })

  it.each([
    ['1990-03-27', '2026-03-26', 35],
    ['1990-03-27', '2026-03-27', 36],
    ['2008-02-29', '2026-02-28', 17],
  ])('born %s is aged %i on %s', (born, on, age) => {
    expect(ageOn(born, on)).toBe(age)
  })

  it.each([
    ['nn1 1dn', 'NN1 1DN'],
    ['NN11DN', 'NN1 1DN'],
    ['sw1a 1aa', 'SW1A 1AA'],
    ['EC1A1BB', 'EC1A 1BB'],
    ['M1 1AE', 'M1 1AE'],
    ['NN1', undefined],
    ['NOT A POSTCODE', undefined],
  ])('postcode %s is %s', (value, normalised) => {
    expect(normalisePostcode(value)).toBe(normalised)
  })

  it.each([
    ['E01027992', true],
    ['W01001234', true],
    ['S01001234', false],
    ['E0102799', false],
    ['e01027992', false],
  ])('LSOA code %s is valid: %s', (code, valid) => {
    expect(isLsoaCode(code)).toBe(valid)
  })

  it.each([
    [undefined, undefined, []],
    [52.24, -0.89, []],
    [52.24, undefined, ['longitude']],
    [undefined, -0.89, ['latitude']],
    [-0.89, 52.24, ['latitude', 'longitude']],
    [Number.NaN, -0.89, ['latitude']],
  ])('latitude %s, longitude %s: problems with %j', (latitude, longitude, fields) => {
    expect(coordinateProblems(latitude, longitude).map((problem) => problem.field)).toEqual(fields)
  })
})
