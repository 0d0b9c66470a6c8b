import { describe, expect, it } from 'vitest'
import { dayClock, dueClock, dueFirst, spanInWords, waitingClock } from './home.clock.ts'

const NOW = new Date('2026-11-26T09:00:00Z')
const at = (offsetMinutes: number) => new Date(NOW.getTime() + offsetMinutes * 60_000)

describe('the start pages’ clock', () => {
  it('says a span in whole minutes, hours, or days from 48 hours', () => {
    expect(spanInWords(0)).toBe('1 minute')
    expect(spanInWords(59 * 60_000)).toBe('59 minutes')
    expect(spanInWords(60 * 60_000)).toBe('1 hour')
    expect(spanInWords(47.9 * 3_600_000)).toBe('47 hours')
    expect(spanInWords(48 * 3_600_000)).toBe('2 days')
  })

  it('says how long is left or how late, and flags what is late or due within 4 hours', () => {
    expect(dueClock(at(3 * 60 + 10), NOW)).toEqual({
      text: 'due in 3 hours',
      state: 'soon',
      due: '2026-11-26T12:10:00.000Z',
    })
    expect(dueClock(at(5 * 60), NOW)).toMatchObject({ text: 'due in 5 hours', state: 'due' })
    expect(dueClock(at(0), NOW)).toMatchObject({ text: 'due now', state: 'soon' })
    expect(dueClock(at(-25), NOW)).toMatchObject({ text: '25 minutes late', state: 'late' })
    expect(dueClock(at(-3 * 60), NOW)).toMatchObject({ text: '3 hours late', state: 'late' })
    expect(dueClock(at(-2 * 24 * 60 - 1), NOW)).toMatchObject({ text: '2 days late', state: 'late' })
  })

  it('counts days for work due on a day', () => {
    expect(dayClock('2026-11-26', '2026-11-26')).toEqual({ text: 'due today', state: 'soon', due: '2026-11-26' })
    expect(dayClock('2026-11-27', '2026-11-26')).toMatchObject({ text: 'due tomorrow', state: 'due' })
    expect(dayClock('2026-11-30', '2026-11-26')).toMatchObject({ text: 'due in 4 days', state: 'due' })
    expect(dayClock('2026-11-25', '2026-11-26')).toMatchObject({ text: '1 day late', state: 'late' })
    expect(dayClock('2026-11-20', '2026-11-26')).toMatchObject({ text: '6 days late', state: 'late' })
  })

  it('says how long work with no limit has waited', () => {
    expect(waitingClock(at(-3 * 24 * 60), NOW)).toEqual({
      text: 'waiting 3 days',
      state: 'waiting',
      due: '2026-11-23T09:00:00.000Z',
    })
  })

  it('puts what is due first first, keeping ties in order and rows without a clock last', () => {
    const rows = [
      { id: 'later', clock: dueClock(at(600), NOW) },
      { id: 'none' },
      { id: 'late', clock: dueClock(at(-600), NOW) },
      { id: 'soon', clock: dueClock(at(60), NOW) },
      { id: 'soon too', clock: dueClock(at(60), NOW) },
    ]
    expect(dueFirst(rows).map((row) => row.id)).toEqual(['late', 'soon', 'soon too', 'later', 'none'])
    expect(rows[0]!.id).toBe('later')
  })
})
