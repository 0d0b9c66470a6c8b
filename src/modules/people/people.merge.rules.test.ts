import { describe, expect, it } from 'vitest'
import { mergeProblems, movedCount, planInvolvements, readMovedLinks } from './people.merge.rules.ts'

const link = (involvementId: string, recordId: string, role: string, recordType: 'crime' | 'incident' = 'crime') => ({
  involvementId,
  recordType,
  recordId,
  role,
})

describe('rule 20: a merge is logged and can be reversed (pure rules)', () => {
  it.each([
    ['nothing on the survivor: everything moves', [link('d1', 'c1', 'victim')], [], ['d1'], []],
    [
      'the same record in the same role: removed, not doubled',
      [link('d1', 'c1', 'victim'), link('d2', 'c2', 'witness')],
      [link('s1', 'c1', 'victim')],
      ['d2'],
      ['d1'],
    ],
    ['the same record in another role: moves', [link('d1', 'c1', 'suspect')], [link('s1', 'c1', 'victim')], ['d1'], []],
    [
      'an incident and a crime with the same id are different records',
      [link('d1', 'x', 'victim', 'incident')],
      [link('s1', 'x', 'victim', 'crime')],
      ['d1'],
      [],
    ],
  ])('%s', (_name, duplicate, surviving, move, remove) => {
    const plan = planInvolvements(duplicate, surviving)
    expect(plan.move.map((l) => l.involvementId)).toEqual(move)
    expect(plan.remove.map((l) => l.involvementId)).toEqual(remove)
  })

  it.each([
    [{ survivingPersonId: 'a', duplicatePersonId: 'b', reason: 'Same name and date of birth' }, []],
    [{ survivingPersonId: 'a', reason: 'Same name and date of birth' }, ['duplicatePersonId']],
    [{ survivingPersonId: 'a', duplicatePersonId: 'a', reason: 'Same name and date of birth' }, ['duplicatePersonId']],
    [{ survivingPersonId: 'a', duplicatePersonId: 'b', reason: 'same' }, ['reason']],
    [{ survivingPersonId: 'a', duplicatePersonId: 'b', reason: 'x'.repeat(501) }, ['reason']],
  ])('%j: problems with %j', (input, fields) => {
    expect(mergeProblems(input).map((p) => p.field)).toEqual(fields)
  })

  it('reads what a merge moved back from its JSON, a missing list as empty, and counts it', () => {
    const moved = readMovedLinks(
      JSON.stringify({ involvementsMoved: [link('d1', 'c1', 'victim')], crimesAsVictim: ['c1'] }),
    )
    expect(moved).toEqual({
      involvementsMoved: [link('d1', 'c1', 'victim')],
      involvementsRemoved: [],
      crimesAsVictim: ['c1'],
      incidentsAsReportingPerson: [],
      victimCare: [],
      assessments: [],
    })
    expect(movedCount(moved)).toBe(2)
  })
})
