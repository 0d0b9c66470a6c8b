import { describe, expect, it } from 'vitest'
import { viewJustification } from '../crimes/index.ts'
import { disclosureRecipient, justificationFor } from './disclosures.rules.ts'

const LIST = ['Investigating this crime', 'Crime data integrity audit or quality check']

describe('rule 20: an export or disclosure needs a justification (pure rule)', () => {
  it.each([
    ['export', {}, /exporting these records/],
    ['disclosure', {}, /being disclosed/],
    ['export', { justification: '  ', justificationText: '' }, /exporting these records/],
    ['export', { justification: 'Because' }, /not one of them/],
    ['export', { justification: 'other', justificationText: 'short' }, /10 to 500/],
  ] as const)('%s with %j is refused', (purpose, given, problem) => {
    const result = justificationFor(purpose, given, LIST, viewJustification)
    expect('problem' in result && result.problem).toMatch(problem)
  })

  it.each([
    [{ justification: 'Investigating this crime' }, 'Investigating this crime'],
    [{ justification: 'other', justificationText: '  CPS file review for trial  ' }, 'CPS file review for trial'],
    [{ justificationText: 'Subject access request from the victim' }, 'Subject access request from the victim'],
  ])('%j is recorded as %s', (given, recorded) => {
    expect(justificationFor('export', given, LIST, viewJustification)).toEqual({ justification: recorded })
  })
})

describe('rule 20: a disclosure records its recipient (pure rule)', () => {
  it.each([
    [{}, ['recipientName', 'recipientOrganisation', 'whatWasDisclosed']],
    [
      { recipientName: 'A Khan', recipientOrganisation: ' ', whatWasDisclosed: 'Crime report' },
      ['recipientOrganisation'],
    ],
    [
      { recipientName: 'x'.repeat(201), recipientOrganisation: 'CPS', whatWasDisclosed: 'Crime report' },
      ['recipientName'],
    ],
  ])('%j is refused naming %j', (input, fields) => {
    const result = disclosureRecipient(input)
    expect('problems' in result && result.problems.map((p) => p.field)).toEqual(fields)
  })

  it('keeps the recipient trimmed', () => {
    expect(
      disclosureRecipient({
        recipientName: ' A Khan ',
        recipientOrganisation: 'Crown Prosecution Service',
        whatWasDisclosed: 'Crime report and MG5',
      }),
    ).toEqual({
      recipient: {
        recipientName: 'A Khan',
        recipientOrganisation: 'Crown Prosecution Service',
        whatWasDisclosed: 'Crime report and MG5',
      },
    })
  })
})
