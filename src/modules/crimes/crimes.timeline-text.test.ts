import { describe, expect, it } from 'vitest'
import { timelineMentions, timelineSentences, type TimelineEvent, type TimelineNames } from './crimes.timeline-text.ts'

const USER = '11111111-1111-4111-8111-111111111111'
const PERSON = '22222222-2222-4222-8222-222222222222'

const names: TimelineNames = {
  offences: new Map([
    ['49', 'Theft from the person'],
    ['8N', 'Assault with injury'],
  ]),
  users: new Map([[USER, 'Priya Shah']]),
  people: new Map([[PERSON, 'Amy Clarke']]),
}

const event = (action: string, changes: unknown, reason: string | null = null): TimelineEvent => ({
  action,
  actorName: 'Olu Adeyemi',
  changes,
  reason,
})

describe('timelineSentences: a crime timeline entry in police staff words', () => {
  const cases: Array<[string, TimelineEvent, string[]]> = [
    [
      'recording: delay in words, by whom, offence by name, flags only when set',
      event('CRIME_RECORDED', {
        crimeReference: { before: null, after: 'AB/26/000123' },
        offenceCode: { before: null, after: '49' },
        hateCrime: { before: null, after: false },
        domesticAbuse: { before: null, after: true },
        vulnerableVictim: { before: null, after: false },
        recordingDelayMinutes: 3,
        recordedLate: false,
        victimPersonId: { before: null, after: PERSON },
      }),
      [
        'Recorded 3 minutes after the report, by Olu Adeyemi.',
        'Crime reference AB/26/000123.',
        'Classified as Theft from the person (49).',
        'Flagged as domestic abuse.',
      ],
    ],
    [
      'recording late: hours and minutes in words, and said to be late',
      event('CRIME_RECORDED', { recordingDelayMinutes: 26 * 60 + 5, recordedLate: true }),
      ['Recorded 1 day 2 hours after the report, by Olu Adeyemi, later than the 24 hours allowed.'],
    ],
    [
      'recording: 2 hours 5 minutes',
      event('CRIME_RECORDED', { recordingDelayMinutes: 125 }),
      ['Recorded 2 hours 5 minutes after the report, by Olu Adeyemi.'],
    ],
    [
      'reclassification: from one offence to another, by name, with the reason',
      event('CRIME_RECLASSIFIED', { offenceCode: { before: '49', after: '8N' } }, 'Injury found'),
      ['Reclassified from Theft from the person (49) to Assault with injury (8N).', 'Reason: Injury found.'],
    ],
    [
      'an offence with no name known shows its code as an offence',
      event('CRIME_RECLASSIFIED', { offenceCode: { before: '49', after: '99Z' } }),
      ['Reclassified from Theft from the person (49) to offence 99Z.'],
    ],
    [
      'allocation: to the officer by name, not id',
      event('CRIME_ALLOCATED', {
        assignedUserId: { before: null, after: USER },
        assignedUnitId: { before: null, after: 'x' },
      }),
      ['Allocated to Priya Shah.'],
    ],
    [
      'returned to the officer with the reason',
      event('CRIME_RETURNED_TO_OFFICER', {}, 'Victim statement missing'),
      ['Returned to the officer: Victim statement missing.'],
    ],
    [
      'flags changed by an update: set and cleared, unchanged ones not mentioned',
      event('CRIME_UPDATED', {
        hateCrime: { before: false, after: true },
        vulnerableVictim: { before: true, after: false },
        domesticAbuse: { before: false, after: false },
      }),
      ['Flagged as hate crime.', 'No longer flagged as vulnerable victim.'],
    ],
    [
      'a person added: by name and role',
      event('CRIME_PERSON_LINKED', { linked: { personId: PERSON, role: 'witness', involvementId: 'i' } }),
      ['Amy Clarke added as witness.'],
    ],
    [
      'a person linked from the record-a-crime pages: by name and role',
      event('PERSON_LINKED', { personId: PERSON, role: 'victim', involvementId: 'i', suspectStatus: null }),
      ['Amy Clarke added as victim.'],
    ],
    [
      'submitted for filing with its outcome by name',
      event('CRIME_SUBMITTED_FOR_FILING', { outcomeType: { before: null, after: 1 } }),
      ['Outcome 1: Charged or summonsed.'],
    ],
    [
      'cancellation: the reason in words, not its code',
      event('CRIME_CANCELLED', { cancellationCode: 'C4', authorisedBy: null }, 'Entered twice'),
      ['Cancelled as: recorded in error.', 'Reason: Entered twice.'],
    ],
    ['a view: nothing to say', event('CRIME_VIEWED', null), []],
  ]

  it.each(cases)('%s', (_name, given, expected) => {
    const sentences = timelineSentences(given, names)
    expect(sentences).toEqual(expected)
    for (const sentence of sentences) {
      expect(sentence).not.toMatch(/false|true|[0-9a-f]{8}-[0-9a-f]{4}|_|:\s*$/)
    }
  })
})

describe('timelineMentions', () => {
  it('lists the offence codes and users a timeline names, for looking up their names', () => {
    expect(
      timelineMentions([
        event('CRIME_RECORDED', { offenceCode: { before: null, after: '49' } }),
        event('CRIME_RECLASSIFIED', { offenceCode: { before: '49', after: '8N' } }),
        event('CRIME_ALLOCATED', { assignedUserId: { before: null, after: USER } }),
      ]),
    ).toEqual({ offenceCodes: ['49', '8N'], userIds: [USER] })
  })
})
