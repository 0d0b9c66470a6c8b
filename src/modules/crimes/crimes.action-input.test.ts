import { describe, expect, it } from 'vitest'
import { actionInputProblems, assignmentProblems, MAX_REASON } from './crimes.action-input.ts'
import { FILING_CHECKS } from './crimes.rules.ts'
import { CRIME_WORKFLOW } from './crimes.workflow.ts'

const UUID = '00000000-0000-7000-8000-000000000001'

describe('actionInputProblems', () => {
  it('asks for the reason in the words of the action', () => {
    expect(actionInputProblems('return_to_officer', { reason: '  ' })).toEqual([
      { field: 'reason', message: 'Enter the reasons for returning it to the officer' },
    ])
    expect(actionInputProblems('reopen', {})).toEqual([
      { field: 'reason', message: 'Enter the reason for reopening the crime' },
    ])
    expect(actionInputProblems('reopen', { reason: 'A new witness came forward' })).toEqual([])
  })

  it('gives every action that requires a reason its own question, without rule numbers', () => {
    for (const rule of CRIME_WORKFLOW.filter((row) => row.requires.includes('reason'))) {
      expect(rule.reasonPrompt, rule.action).toMatch(/^Enter the reason/)
      expect(rule.reasonPrompt, rule.action).not.toMatch(/rule \d/i)
    }
  })

  it('limits any reason to 5,000 characters, whether the action requires one or not', () => {
    expect(MAX_REASON).toBe(5_000)
    const tooLong = 'x'.repeat(MAX_REASON + 1)
    for (const action of ['reopen', 'authorise_cancellation'] as const) {
      expect(actionInputProblems(action, { reason: tooLong })).toEqual([
        { field: 'reason', message: 'The reason must be 5,000 characters or fewer' },
      ])
    }
    expect(actionInputProblems('reopen', { reason: 'x'.repeat(MAX_REASON) })).toEqual([])
  })

  it('asks an allocation for the officer, the unit or both, given as ids from the lists', () => {
    expect(actionInputProblems('allocate', { assignedUserId: '', assignedUnitId: null })).toEqual([
      { field: 'assignedUserId', message: 'Choose the officer in the case, the unit, or both' },
    ])
    expect(actionInputProblems('allocate', { assignedUserId: 'someone', assignedUnitId: 'somewhere' })).toEqual([
      { field: 'assignedUserId', message: 'Choose an active user of this force' },
      { field: 'assignedUnitId', message: 'Choose a unit of this force' },
    ])
    expect(actionInputProblems('allocate', { assignedUnitId: UUID })).toEqual([])
  })

  it('says which checks are still to confirm before filing', () => {
    const [problem, ...more] = actionInputProblems('file', { checklist: FILING_CHECKS.slice(1) })
    expect(more).toEqual([])
    expect(problem?.field).toBe('checklist')
    expect(problem?.message).toMatch(/^Confirm every check before filing: /)
    expect(actionInputProblems('file', { checklist: FILING_CHECKS })).toEqual([])
  })

  it('asks nothing of an action with no input', () => {
    expect(actionInputProblems('confirm_classification', {})).toEqual([])
    expect(actionInputProblems('start_quality_check', { checklist: [] })).toEqual([])
  })
})

describe('assignmentProblems', () => {
  it('refuses ids that look right but are not active users or units of the force', () => {
    expect(
      assignmentProblems(
        { assignedUserId: UUID, assignedUnitId: UUID },
        { userIsActive: false, unitExists: false },
      ).map((problem) => problem.field),
    ).toEqual(['assignedUserId', 'assignedUnitId'])
  })
})
