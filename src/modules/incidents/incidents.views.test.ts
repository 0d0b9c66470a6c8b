import { describe, expect, it } from 'vitest'
import { formInstant, instantInput } from './incidents.views.ts'

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
