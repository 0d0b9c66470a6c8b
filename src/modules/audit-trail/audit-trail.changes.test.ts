import { describe, expect, it } from 'vitest'
import { fieldWords, namedIds, readableChanges, shorten, type ChangeVocabulary } from './audit-trail.changes.ts'

/** Label maps as the owning modules hand them in (app.ts wires the real ones; these stand in for them). */
const vocabulary: ChangeVocabulary = {
  'crime.status': { recorded: 'Recorded', awaiting_allocation: 'Awaiting allocation', filed: 'Filed' },
  'risk.status': { open: 'Open', treating: 'Being treated' },
  'risk.likelihood': (code) => ['Rare', 'Unlikely', 'Possible'][Number(code) - 1],
  directReportChannel: { front_counter: 'Front counter' },
  'victim_care.tasksClosed': { right3_information: 'Information about the investigation' },
  'capacity-settings.thresholds.*': { awaiting_filing: 'Awaiting filing' },
}

/** Names as the pages look them up for a page of events (audit-record-names.ts), by recordKey. */
const JANE = '0190a0b0-0000-7000-8000-000000000001'
const RAJ = '0190a0b0-0000-7000-8000-000000000002'
const ALEX = '0190a0b0-0000-7000-8000-000000000003'
const UNIT = '0190a0b0-0000-7000-8000-000000000004'
const GONE = '0190a0b0-0000-7000-8000-0000000000ff'
const names: ReadonlyMap<string, string> = new Map([
  [`user:${JANE}`, 'PC Jane Smith'],
  [`user:${RAJ}`, 'DC Raj Patel'],
  [`person:${ALEX}`, 'Alex Brown'],
  [`unit:${UNIT}`, 'Northern investigation team'],
  [`staff:${JANE}`, 'Jane Smith'],
  [`incident:${RAJ}`, 'NTH-20261126-0042'],
])

const LONG =
  'New call handlers are rostered straight onto shifts and their crime-recording course bookings are cancelled'

describe('an audit event’s changes in words', () => {
  it.each<{ case: string; recordType: string; changes: unknown; lines: string[] }>([
    { case: 'no changes', recordType: 'crime', changes: null, lines: [] },
    { case: 'an empty change', recordType: 'crime', changes: {}, lines: [] },
    {
      case: 'a status change, by the crime status labels',
      recordType: 'crime',
      changes: { status: { before: 'recorded', after: 'awaiting_allocation' } },
      lines: ['Status: from Recorded to Awaiting allocation'],
    },
    {
      case: 'the same field on another kind of record, by that record’s labels',
      recordType: 'risk',
      changes: { status: { before: 'open', after: 'treating' } },
      lines: ['Status: from Open to Being treated'],
    },
    {
      case: 'a value set where there was none, and a field that means the same on every record',
      recordType: 'crime',
      changes: { crimeReference: { before: null, after: 'DC/26/006076' }, directReportChannel: 'front_counter' },
      lines: ['Crime reference: DC/26/006076', 'Direct report channel: Front counter'],
    },
    {
      case: 'a code with no label map, kept as written',
      recordType: 'crime',
      changes: { cancellationCode: 'C2', status: { before: 'filed', after: 'no_such_status' } },
      lines: ['Status: from Filed to no_such_status', 'Cancellation code: C2'],
    },
    {
      case: 'a number code by a label function; plain numbers with thousands separated',
      recordType: 'risk',
      changes: { likelihood: { before: 1, after: 3 }, points: { before: 0, after: 2818 } },
      lines: ['Likelihood: from Rare to Possible', 'Points: from 0 to 2,818'],
    },
    {
      case: 'a value cleared',
      recordType: 'crime',
      changes: { outcomeType: { before: 18, after: null } },
      lines: ['Outcome: from 18 to none'],
    },
    {
      case: 'yes and no, dates and instants in UK time',
      recordType: 'crime',
      changes: {
        domesticAbuse: { before: null, after: false },
        recordedLate: true,
        reviewDate: { before: '2026-12-24', after: '2027-01-07' },
        reportedAt: { before: null, after: '2026-11-26T08:20:00.000Z' },
      },
      // Changes from one value to another first, then values set, then what is only "No" or "none".
      lines: [
        'Review date: from 24 December 2026 to 7 January 2027',
        'Recorded after the 24 hours allowed: Yes',
        'Reported at: 26 November 2026 at 8:20am',
        'Domestic abuse: No',
      ],
    },
    {
      case: 'field names in plain words: ids by what they point to, acronyms in capitals',
      recordType: 'crime',
      changes: { victimPersonId: 'v-1', lsoaCode: 'E01035406', fcrOverride: true, incidentId: 'i-1' },
      lines: ['Victim: v-1', 'LSOA code: E01035406', 'FCR override: Yes', 'Incident: i-1'],
    },
    {
      case: 'a long value cut at a word',
      recordType: 'risk',
      changes: { description: { before: null, after: LONG } },
      lines: ['Description: New call handlers are rostered straight onto shifts and…'],
    },
    {
      case: 'lists by their labels, a long one cut to three and a count; an empty one as none',
      recordType: 'victim_care',
      changes: {
        tasksClosed: ['right3_information'],
        workingDays: [1, 2, 3, 4, 5],
        aliases: { before: null, after: [] },
      },
      lines: ['Tasks closed: Information about the investigation', 'Working days: 1, 2, 3 and 2 more', 'Aliases: none'],
    },
    {
      case: 'an object value as its fields in words',
      recordType: 'risk-indicator-link',
      changes: { trigger: { before: null, after: { kind: 'above', threshold: 50 } } },
      lines: ['Trigger: kind above, threshold 50'],
    },
    {
      case: 'fields keyed by a code, the key by its label where there is one',
      recordType: 'capacity-settings',
      changes: {
        'thresholds.awaiting_filing': { before: 1000, after: 250 },
        'skill:n100_review': { before: 2, after: 3 },
      },
      lines: ['Threshold (Awaiting filing): from 1,000 to 250', 'Skill (n100_review): from 2 to 3'],
    },
  ])('$case', ({ recordType, changes, lines }) => {
    expect(readableChanges(changes, recordType, vocabulary)).toEqual(lines)
  })

  it.each<{ case: string; recordType: string; changes: unknown; lines: string[] }>([
    {
      case: 'a crime allocated from one officer to another, and to a unit',
      recordType: 'crime',
      changes: { assignedUserId: { before: JANE, after: RAJ }, assignedUnitId: { before: null, after: UNIT } },
      lines: ['Allocated to: from PC Jane Smith to DC Raj Patel', 'Allocated unit: Northern investigation team'],
    },
    {
      case: 'the victim and the incident by name and number',
      recordType: 'crime',
      changes: { victimPersonId: { before: null, after: ALEX }, incidentId: { before: null, after: RAJ } },
      lines: ['Victim: Alex Brown', 'Incident: NTH-20261126-0042'],
    },
    {
      case: 'an owner whose account is gone (or not this force’s) kept as the id',
      recordType: 'risk',
      changes: { ownerUserId: { before: GONE, after: JANE } },
      lines: [`Owner: from ${GONE} to PC Jane Smith`],
    },
    {
      case: 'a merge: the person kept and the duplicate by name, the one gone as its id; a staff member’s unit',
      recordType: 'person',
      changes: { survivingPersonId: ALEX, duplicatePersonId: GONE, staffId: JANE, unitId: UNIT },
      lines: [
        `Person kept: Alex Brown`,
        `Duplicate: ${GONE}`,
        'Staff member: Jane Smith',
        'Unit: Northern investigation team',
      ],
    },
    {
      case: 'an id of one kind not named by another kind’s name, and a field that is no id left alone',
      recordType: 'crime',
      changes: { officerUserId: ALEX, summary: JANE },
      lines: [`Officer: ${ALEX}`, `Summary: ${JANE}`],
    },
  ])('names supplied: $case', ({ recordType, changes, lines }) => {
    expect(readableChanges(changes, recordType, vocabulary, names)).toEqual(lines)
  })

  it('collects the ids an event’s changes name, by kind, before and after and in lists', () => {
    expect(
      namedIds({
        assignedUserId: { before: JANE, after: RAJ },
        assignedUnitId: { before: null, after: UNIT },
        personId: [ALEX],
        summary: JANE,
        status: { before: 'recorded', after: 'filed' },
      }),
    ).toEqual([
      { recordType: 'user', recordId: JANE },
      { recordType: 'user', recordId: RAJ },
      { recordType: 'unit', recordId: UNIT },
      { recordType: 'person', recordId: ALEX },
    ])
    expect(namedIds(null)).toEqual([])
    expect(namedIds(['a'])).toEqual([])
  })

  it.each([
    ['offenceCodeAtFiling', 'Offence code at filing'],
    ['awaitingFilingThreshold', 'Awaiting filing threshold'],
    ['requiresAvi', 'Requires AVI'],
    ['sha256', 'SHA-256'],
    ['ownerUserId', 'Owner'],
    ['closing_category', 'Closing category'],
  ])('names the field %s "%s"', (field, words) => {
    expect(fieldWords(field)).toBe(words)
  })

  it.each([
    ['short', 10, 'short'],
    ['exactly ten', 11, 'exactly ten'],
    ['one two three four', 12, 'one two…'],
    ['abcdefghijklmnop', 8, 'abcdefg…'],
  ])('shortens "%s" to %i characters as "%s"', (text, max, shortened) => {
    expect(shorten(text, max)).toBe(shortened)
    expect(shortened.length).toBeLessThanOrEqual(max)
  })
})
