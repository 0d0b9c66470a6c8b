import { describe, expect, it } from 'vitest'
import { decisionClock, formInstant, instantInput } from './incidents.views.ts'

const boxes = (day: string, month: string, year: string, hour: string, minute: string) => ({
  'at-day': day,
  'at-month': month,
  'at-year': year,
  'at-hour': hour,
  'at-minute': minute,
})

describe('rule 23: reading a date and time from the form’s boxes', () => {
  it('says whether the boxes were blank, not a real time, or a time in England and Wales', () => {
    expect(formInstant({}, 'at')).toEqual({ kind: 'blank' })
    expect(formInstant(boxes('', '', '', '', ''), 'at')).toEqual({ kind: 'blank' })
    expect(formInstant(boxes('31', '2', '2026', '10', '00'), 'at')).toEqual({ kind: 'invalid' })
    expect(formInstant(boxes('1', '6', '2026', 'ten', '00'), 'at')).toEqual({ kind: 'invalid' })
    // Summer: 10:00 BST is 09:00 UTC.
    expect(formInstant(boxes('1', '6', '2026', '10', '00'), 'at')).toEqual({
      kind: 'instant',
      instant: new Date('2026-06-01T09:00:00Z'),
    })
  })

  it('gives a service nothing for blank boxes, and for an unreal time a date its checks name as not real', () => {
    expect(instantInput({ kind: 'blank' })).toBeUndefined()
    expect(Number.isNaN(instantInput({ kind: 'invalid' })!.getTime())).toBe(true)
    const instant = new Date('2026-11-26T09:00:00Z')
    expect(instantInput({ kind: 'instant', instant })).toBe(instant)
  })
})

describe('the 24-hour clock on a recording decision', () => {
  const received = new Date('2026-11-25T06:00:00Z')

  it('says how long is left before the deadline', () => {
    const clock = decisionClock(received, new Date('2026-11-26T01:00:00Z'))
    expect(clock).toMatchObject({ late: false, text: 'Due in 5 hours', tag: { text: 'Decision due' } })
    expect(clock.dueBy).toBe('26 November 2026 at 6am')
    expect(decisionClock(received, new Date('2026-11-26T05:59:00Z')).text).toBe('Due in 1 minute')
  })

  it('says how late it is once the deadline has passed, with a red tag', () => {
    expect(decisionClock(received, new Date('2026-11-26T09:00:00Z'))).toMatchObject({
      late: true,
      text: '3 hours late',
      tag: { text: 'Late', classes: 'govuk-tag--red' },
    })
    expect(decisionClock(received, new Date('2026-11-26T06:00:00Z')).late).toBe(true)
    expect(decisionClock(received, new Date('2026-11-29T07:00:00Z')).text).toBe('3 days late')
  })
})
