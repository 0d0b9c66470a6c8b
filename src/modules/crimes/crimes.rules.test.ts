import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import {
  cancellationProblems,
  canAuthoriseCancellation,
  DEFAULT_AUTHORISATION_GROUPS,
  filingChecklistProblems,
  FILING_CHECKS,
  formatCrimeReference,
  HOME_OFFICE_CANCELLATION_CODES,
  involvementChangeProblems,
  isPossibleDuplicate,
  locationKey,
  offenceDateProblems,
  OUTCOME_NUMBERS,
  outcomeProblems,
  parseOffenceCodeList,
  principalCrime,
  recordingClock,
  recordingProblems,
  referenceFormatProblems,
  transferAcceptanceProblems,
  victimKey,
  withinLimitPercent,
  type DuplicateCandidate,
  type OutcomeEvidence,
} from './crimes.rules.ts'

const HOUR = 3600_000
const fields = (problems: Array<{ field: string }>) => problems.map((problem) => problem.field)

describe('rule 2: 24-hour crime recording clock', () => {
  const reported = new Date('2026-11-25T09:00:00Z')
  it.each([
    ['recorded at once', 0, false],
    ['recorded after 23 hours 59 minutes', 24 * HOUR - 60_000, false],
    ['recorded after exactly 24 hours', 24 * HOUR, false],
    ['recorded one minute late', 24 * HOUR + 60_000, true],
    ['recorded three days later', 72 * HOUR, true],
  ])('%s', (_name, delay, breached) => {
    const clock = recordingClock(reported, new Date(reported.getTime() + delay))
    expect(clock.elapsedMs).toBe(delay)
    expect(clock.breached).toBe(breached)
    expect(clock.dueBy.toISOString()).toBe('2026-11-26T09:00:00.000Z')
  })

  it.each([
    [100, 6, 94],
    [1000, 63, 93.7],
    [3, 1, 66.7],
    [0, 0, null],
  ])('%i crimes, %i late → %s%% within 24 hours', (total, late, percent) => {
    expect(withinLimitPercent(total, late)).toBe(percent)
  })
})

describe('rule 23: date validation', () => {
  const now = new Date('2026-11-26T09:00:00Z')
  const at = (iso: string) => new Date(iso)
  it.each([
    [
      'a valid report',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: at('2026-11-25T22:00Z'), offenceTo: at('2026-11-25T23:00Z') },
      [],
    ],
    [
      'no end time',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: at('2026-11-25T22:00Z'), offenceTo: undefined },
      [],
    ],
    [
      'a moment-long offence',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: at('2026-11-26T08:00Z'), offenceTo: at('2026-11-26T08:00Z') },
      [],
    ],
    [
      'a report time in the future',
      { reportedAt: at('2026-11-26T10:00Z'), offenceFrom: at('2026-11-25T22:00Z'), offenceTo: undefined },
      ['reportedAt'],
    ],
    [
      'no report time',
      { reportedAt: undefined, offenceFrom: at('2026-11-25T22:00Z'), offenceTo: undefined },
      ['reportedAt'],
    ],
    [
      'an unreal report time',
      { reportedAt: new Date('nonsense'), offenceFrom: at('2026-11-25T22:00Z'), offenceTo: undefined },
      ['reportedAt'],
    ],
    [
      'no offence start',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: undefined, offenceTo: undefined },
      ['offenceFrom'],
    ],
    [
      'an offence starting after the report',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: at('2026-11-26T08:30Z'), offenceTo: undefined },
      ['offenceFrom'],
    ],
    [
      'an offence ending before it started',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: at('2026-11-25T22:00Z'), offenceTo: at('2026-11-25T21:59Z') },
      ['offenceTo'],
    ],
    [
      'an offence ending after the report',
      { reportedAt: at('2026-11-26T08:00Z'), offenceFrom: at('2026-11-25T22:00Z'), offenceTo: at('2026-11-26T08:01Z') },
      ['offenceTo'],
    ],
  ])('%s', (_name, input, expected) => {
    expect(fields(offenceDateProblems({ ...input, now }))).toEqual(expected)
  })
})

describe('rule 10: classification from a versioned Home Office offence list', () => {
  const here = path.dirname(fileURLToPath(import.meta.url))
  const shipped = fs.readFileSync(path.join(here, 'reference/home-office-offence-codes-2017-18.csv'), 'utf8')

  it('reads the shipped 2017/18 list: 136 Home Office codes in their ONS groups', () => {
    const { rows, problems } = parseOffenceCodeList(shipped)
    expect(problems).toEqual([])
    expect(rows).toHaveLength(164)
    expect(rows.filter((row) => row.isHomeOfficeCode)).toHaveLength(136)
    expect(rows.find((row) => row.code === '19C')).toEqual({
      code: '19C',
      label: 'Rape of a female aged 16 and over',
      groupCode: 'rape',
      groupLabel: 'Rape',
      categoryCode: 'sexual-offences',
      categoryLabel: 'Sexual offences',
      isHomeOfficeCode: true,
    })
    expect(rows.find((row) => row.code === '46')).toMatchObject({
      groupCode: 'theft-offences',
      categoryCode: 'theft-offences',
    })
    expect(rows.find((row) => row.code === '8N')).toMatchObject({
      groupCode: 'violence-with-injury',
      categoryCode: 'violence-against-the-person',
    })
  })

  it.each([
    ['not CSV at all', 'code,label\n"unterminated', /not valid CSV/],
    ['no rows', 'code,label,parent_code,parent_label,is_home_office_code\n', /no offence codes/],
    [
      'a missing column',
      'code,label\n46,Shoplifting\n',
      /missing the columns: parent_code, parent_label, is_home_office_code/,
    ],
    [
      'a repeated code',
      'code,label,parent_code,parent_label,is_home_office_code\n46,Shoplifting,,,Y\n46,Shoplifting again,,,Y\n',
      /Line 3: offence code 46 appears twice/,
    ],
    [
      'an unknown parent',
      'code,label,parent_code,parent_label,is_home_office_code\n46,Shoplifting,theft,Theft,Y\n',
      /names a parent theft that is not in the file/,
    ],
    ['a bad flag', 'code,label,parent_code,parent_label,is_home_office_code\n46,Shoplifting,,,yes\n', /must be Y or N/],
    [
      'no Home Office codes',
      'code,label,parent_code,parent_label,is_home_office_code\ntheft,Theft,,,N\n',
      /no Home Office offence codes/,
    ],
  ])('refuses a list with %s, naming the file field', (_name, text, message) => {
    const { problems } = parseOffenceCodeList(text, 'csv')
    expect(problems.length).toBeGreaterThan(0)
    expect(problems.every((problem) => problem.field === 'csv')).toBe(true)
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(message)
  })
})

describe('rule 11: counting rules support', () => {
  const base: DuplicateCandidate = {
    victimKey: victimKey({ givenName: 'Amy', familyName: 'Jones', dateOfBirth: '1990-01-02' }),
    offenceGroup: 'other-theft-offences',
    offenceFrom: new Date('2026-11-25T20:00Z'),
    offenceTo: new Date('2026-11-25T21:00Z'),
    locationKey: locationKey({ address: '1 High Street', postcode: 'NN1 1AA' }),
  }
  it.each<[string, Partial<DuplicateCandidate>, boolean]>([
    ['the same report again', {}, true],
    [
      'the same victim spelt in another case',
      { victimKey: victimKey({ givenName: 'AMY', familyName: 'jones', dateOfBirth: '1990-01-02' }) },
      true,
    ],
    [
      'a different victim',
      { victimKey: victimKey({ givenName: 'Amy', familyName: 'Jones', dateOfBirth: '1991-01-02' }) },
      false,
    ],
    ['no identified victim', { victimKey: null }, false],
    ['another offence group', { offenceGroup: 'criminal-damage' }, false],
    [
      'overlapping times',
      { offenceFrom: new Date('2026-11-25T20:30Z'), offenceTo: new Date('2026-11-25T22:00Z') },
      true,
    ],
    ['a single time within two hours', { offenceFrom: new Date('2026-11-25T22:30Z'), offenceTo: null }, true],
    ['a day later', { offenceFrom: new Date('2026-11-26T20:00Z'), offenceTo: null }, false],
    ['another place', { locationKey: locationKey({ postcode: 'NN2 2BB' }) }, false],
    [
      'the same postcode written differently',
      { locationKey: locationKey({ address: 'Flat 1, High St', postcode: 'nn11aa' }) },
      true,
    ],
    ['an unknown place', { locationKey: null }, true],
  ])('%s', (_name, change, duplicate) => {
    expect(isPossibleDuplicate({ ...base, ...change }, base)).toBe(duplicate)
  })

  it('keeps no personal data in the victim key', () => {
    const key = victimKey({ givenName: 'Amy', familyName: 'Jones', dateOfBirth: '1990-01-02' })
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(victimKey({ givenName: ' Amy ', familyName: "Jones'", dateOfBirth: '1990-01-02' })).toBe(key)
  })

  it('picks the principal crime: the most serious offence group', () => {
    const theft = { code: '49', groupCode: 'other-theft-offences' }
    const damage = { code: '58A', groupCode: 'criminal-damage' }
    const wounding = { code: '8N', groupCode: 'violence-with-injury' }
    const unknown = { code: 'X1', groupCode: 'not-ranked' }
    expect(principalCrime([theft, damage])).toBe(theft)
    expect(principalCrime([damage, wounding, theft])).toBe(wounding)
    expect(principalCrime([unknown, damage])).toBe(damage)
    expect(principalCrime([])).toBeUndefined()
    expect(principalCrime([theft, damage], ['criminal-damage'])).toBe(damage)
  })
})

describe('rule 12: outcome required to close', () => {
  const facts = { namedSuspects: 1, domesticAbuse: false, hateCrime: false }
  it('accepts exactly one outcome type from 1 to 22', () => {
    expect(OUTCOME_NUMBERS).toEqual(Array.from({ length: 22 }, (_, i) => i + 1))
    expect(fields(outcomeProblems(undefined, {}, facts))).toEqual(['outcomeType'])
    expect(outcomeProblems(0, {}, facts)[0]!.message).toMatch(/Outcome 0 means no outcome yet/)
    expect(outcomeProblems(23, {}, facts)[0]!.message).toMatch(/no outcome type 23/)
    expect(outcomeProblems(1, {}, facts)).toEqual([])
  })

  it('files only when every IMU check is confirmed', () => {
    expect(filingChecklistProblems(FILING_CHECKS)).toEqual([])
    const problems = filingChecklistProblems(['classificationCorrect', 'outcomeValid'])
    expect(fields(problems)).toEqual(['checklist'])
    expect(problems[0]!.message).toMatch(/victim has been told of the outcome; victims' code contacts are done/)
  })
})

describe('rule 13: outcome-specific validation', () => {
  const none = { namedSuspects: 0, domesticAbuse: false, hateCrime: false }
  const suspect = { namedSuspects: 1, domesticAbuse: false, hateCrime: false }
  const full: OutcomeEvidence = {
    victimNonSupportStatement: 'Victim signed a withdrawal statement on 20 November',
    victimConsulted: true,
    offenderAccepted: true,
    publicInterestRationale: 'First offence, property returned, victim content',
    victimNotified: true,
  }
  it.each<[number, typeof none, OutcomeEvidence, string[]]>([
    [15, none, full, ['outcomeType']],
    [15, suspect, {}, []],
    [16, none, full, ['outcomeType']],
    [16, suspect, {}, ['victimNonSupportStatement']],
    [16, suspect, full, []],
    [21, none, full, ['outcomeType']],
    [21, suspect, {}, ['publicInterestRationale', 'victimNotified']],
    [21, suspect, full, []],
    [21, { ...suspect, domesticAbuse: true }, full, ['outcomeType']],
    [21, { ...suspect, hateCrime: true }, full, ['outcomeType']],
    [14, suspect, full, ['outcomeType']],
    [14, none, {}, ['victimNonSupportStatement']],
    [14, none, full, []],
    [18, suspect, {}, ['outcomeType']],
    [18, none, {}, []],
    [8, suspect, {}, ['victimConsulted', 'offenderAccepted']],
    [8, suspect, { victimConsulted: true, offenderAccepted: false }, ['offenderAccepted']],
    [8, suspect, full, []],
    [1, none, {}, ['outcomeType']],
    [1, suspect, {}, []],
  ])('outcome %i', (outcome, facts, evidence, expected) => {
    expect(fields(outcomeProblems(outcome, evidence, facts))).toEqual(expected)
  })

  it('says why, in words', () => {
    expect(outcomeProblems(21, full, { namedSuspects: 1, domesticAbuse: true, hateCrime: false })[0]!.message).toBe(
      'Outcome 21 is not used for domestic abuse',
    )
    expect(outcomeProblems(18, {}, suspect)[0]!.message).toMatch(/no suspect identified/)
  })
})

describe('rule 6: cancellation controls', () => {
  const codes = HOME_OFFICE_CANCELLATION_CODES
  it.each([
    [
      'a duplicate with rationale, victim told',
      { cancellationCode: 'C3', rationale: 'Same as DC/26/000010', victimInformed: true },
      [],
    ],
    ['C2 without the AVI', { cancellationCode: 'C2', rationale: 'CCTV', victimInformed: true }, ['aviDescription']],
    [
      'C2 with the AVI',
      {
        cancellationCode: 'C2',
        rationale: 'CCTV',
        aviDescription: 'CCTV shows the item was dropped',
        victimInformed: true,
      },
      [],
    ],
    ['no code', { cancellationCode: '', rationale: 'x', victimInformed: true }, ['cancellationCode']],
    ['an unknown code', { cancellationCode: 'C9', rationale: 'x', victimInformed: true }, ['cancellationCode']],
    [
      'C1 (transfers go their own way)',
      { cancellationCode: 'C1', rationale: 'x', victimInformed: true },
      ['cancellationCode'],
    ],
    ['no rationale', { cancellationCode: 'C4', rationale: '  ', victimInformed: true }, ['rationale']],
    [
      'victim not told, no reason (rule 5)',
      { cancellationCode: 'C4', rationale: 'x', victimInformed: false },
      ['victimNotInformedReason'],
    ],
    [
      'victim not told, with reason',
      { cancellationCode: 'C4', rationale: 'x', victimInformed: false, victimNotInformedReason: 'No contact details' },
      [],
    ],
    ['victim question unanswered', { cancellationCode: 'C4', rationale: 'x' }, ['victimInformed']],
  ])('%s', (_name, input, expected) => {
    expect(fields(cancellationProblems(input, codes))).toEqual(expected)
  })

  it('accepts a force’s own further codes', () => {
    expect(
      cancellationProblems({ cancellationCode: 'C5', rationale: 'x', victimInformed: true }, [
        ...codes,
        { code: 'C5', label: 'Self-defence shown by AVI', requiresAvi: true },
      ]).map((problem) => problem.field),
    ).toEqual(['aviDescription'])
  })

  it.each([
    ['the FCR, rape', ['force_crime_registrar'], false, 'rape', true],
    ['a designated decision maker, rape', ['imu_decision_maker'], true, 'rape', true],
    ['an IMU decision maker, rape', ['imu_decision_maker'], false, 'rape', false],
    ['an IMU decision maker, theft', ['imu_decision_maker'], false, 'other-theft-offences', true],
    ['an officer, theft', ['officer'], false, 'other-theft-offences', false],
    ['an officer designated as decision maker, theft', ['officer'], true, 'other-theft-offences', true],
    ['an IMU supervisor, theft', ['imu_supervisor'], false, 'other-theft-offences', false],
  ])('%s → may authorise: %s', (_name, roles, ddm, group, expected) => {
    expect(
      canAuthoriseCancellation({
        roles,
        isDesignatedDecisionMaker: ddm,
        offenceGroups: [group],
        restrictedGroups: DEFAULT_AUTHORISATION_GROUPS,
      }),
    ).toBe(expected)
  })

  it('rule 6: keeps a crime restricted when any group it was ever classified in is restricted', () => {
    const input = { roles: ['imu_decision_maker'], isDesignatedDecisionMaker: false, restrictedGroups: ['rape'] }
    expect(canAuthoriseCancellation({ ...input, offenceGroups: ['other-sexual-offences'] })).toBe(true)
    expect(canAuthoriseCancellation({ ...input, offenceGroups: ['other-sexual-offences', 'rape'] })).toBe(false)
  })

  it('has rape among the default groups needing FCR or DDM authorisation', () => {
    expect(DEFAULT_AUTHORISATION_GROUPS).toContain('rape')
  })
})

describe('crime reference numbers in the force format', () => {
  it.each([
    ['{prefix}/{yy}/{seq:6}', 'DC/26/000042'],
    ['{prefix}-{yyyy}-{seq}', 'DC-2026-42'],
    ['CRIME {yy}{seq:8}', 'CRIME 2600000042'],
  ])('%s', (format, expected) => {
    expect(referenceFormatProblems(format)).toEqual([])
    expect(formatCrimeReference(format, { prefix: 'DC', year: 2026, seq: 42 })).toBe(expected)
  })

  it.each([
    ['{prefix}/{yy}', /must include \{seq\}/],
    ['{prefix}/{seq:6}', /must include the year/],
    ['{prefix}/{yy}/{n}', /Unknown placeholder \{n\}/],
    ['{prefix}<{yy}>{seq}', /Use only letters/],
  ])('refuses %s', (format, message) => {
    const problems = referenceFormatProblems(format)
    expect(problems.map((p) => p.message).join('\n')).toMatch(message)
    expect(problems.every((p) => p.field === 'referenceFormat')).toBe(true)
  })
})

describe('recording decisions: one set of checks for the API and the question pages (rules 8, 11 and 23)', () => {
  const theft = { code: '49', label: 'Other theft', groupCode: 'other-theft-offences' }
  const assault = { code: '8N', label: 'Assault with injury', groupCode: 'violence-with-injury' }
  const rape = { code: '19C', label: 'Rape of a female aged 16 and over', groupCode: 'rape' }
  const sexualAssault = {
    code: '20A',
    label: 'Sexual assault on a female aged 13 and over',
    groupCode: 'other-sexual-offences',
  }
  const given = (offence: typeof theft | undefined, code = offence?.code ?? 'XYZ') => ({ given: code, found: offence })
  const now = new Date('2026-11-26T09:00:00Z')

  it('checks only the facts given, in the order the form asks them', () => {
    expect(recordingProblems({ rapeReported: false })).toEqual([])
    expect(
      fields(
        recordingProblems({
          rapeReported: false,
          dates: { reportedAt: now, offenceFrom: new Date('2026-11-26T10:00:00Z'), offenceTo: undefined, now },
          offenceCode: given(undefined),
          summary: 'x'.repeat(20_001),
        }),
      ),
    ).toEqual(['offenceFrom', 'offenceCode', 'summary'])
    // A direct report's first question asks only when it was reported.
    expect(fields(recordingProblems({ rapeReported: false, dates: { reportedAt: undefined, now } }))).toEqual([
      'reportedAt',
    ])
    expect(recordingProblems({ rapeReported: false, offenceCode: { given: ' ', found: undefined } })[0]!.message).toBe(
      'Choose the offence (Home Office offence code)',
    )
  })

  it('rule 11: asks for the principal crime, naming it, under the field the form uses', () => {
    const problems = recordingProblems({
      rapeReported: false,
      offenceCode: given(theft),
      otherOffenceCodes: { field: 'otherOffenceCode', offences: [given(assault)] },
    })
    expect(problems).toEqual([
      { field: 'offenceCode', message: expect.stringContaining('8N Assault with injury') as string },
    ])
    expect(
      fields(
        recordingProblems({
          rapeReported: false,
          offenceCode: given(assault),
          otherOffenceCodes: { field: 'otherOffenceCodes', offences: [given(theft), given(undefined, 'NOPE')] },
        }),
      ),
    ).toEqual(['otherOffenceCodes'])
  })

  it.each<[string, boolean, typeof theft, string | undefined, string[]]>([
    ['a report of rape recorded as another offence without a reason', true, sexualAssault, '', ['n100Reason']],
    ['a report of rape recorded as another offence, with the reason', true, sexualAssault, 'No penetration', []],
    ['a report of rape recorded as rape', true, rape, undefined, []],
    ['a reason where rape was not reported', false, sexualAssault, 'Why not rape', ['n100Reason']],
    ['a reason for a crime recorded as rape', true, rape, 'Why not rape', ['n100Reason']],
  ])('rule 8: %s', (_name, rapeReported, offence, n100Reason, expected) => {
    expect(fields(recordingProblems({ rapeReported, offenceCode: given(offence), n100Reason }))).toEqual(expected)
  })
})

describe('rule 5 and 7: accepting a transfer', () => {
  type Acceptance = Parameters<typeof transferAcceptanceProblems>[0]
  const base: Acceptance = {
    receivingReference: 'LP/1',
    acceptedOn: '2026-11-26',
    requestedOn: '2026-11-25',
    today: '2026-11-26',
    victimInformed: true,
    victimNotInformedReason: undefined,
  }
  it.each<[string, Partial<Acceptance>, string[]]>([
    ['all given', {}, []],
    ['no reference', { receivingReference: ' ' }, ['receivingReference']],
    ['not a real date', { acceptedOn: '2026-02-30' }, ['acceptedOn']],
    ['in the future', { acceptedOn: '2026-11-27' }, ['acceptedOn']],
    ['before it was requested', { acceptedOn: '2026-11-24' }, ['acceptedOn']],
    ['the victim not asked about', { victimInformed: undefined }, ['victimInformed']],
    ['the victim not told, with no reason', { victimInformed: false }, ['victimNotInformedReason']],
    ['the victim not told, with the reason', { victimInformed: false, victimNotInformedReason: 'Abroad' }, []],
  ])('%s', (_name, change, expected) => {
    expect(fields(transferAcceptanceProblems({ ...base, ...change }))).toEqual(expected)
  })
})

describe('rule 11 and 22: changing how a person is involved in a crime', () => {
  it.each<[string, string, string[]]>([
    ['suspect', 'offender', []],
    ['witness', 'suspect', []],
    ['witness', 'victim', ['personRole']],
    ['victim', 'witness', ['personRole']],
    ['other', 'reporting_person', ['personRole']],
  ])('%s to %s', (from, to, expected) => {
    expect(fields(involvementChangeProblems(from, to))).toEqual(expected)
  })
})
