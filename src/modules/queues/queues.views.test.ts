import { describe, expect, it } from 'vitest'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { queueDefinition } from './queues.rules.ts'
import type { QueueItem } from './queues.shapes.ts'
import { backQuery, deadlineHours, hrefWith, itemView, pageRequest, parseItems, resultMessage } from './queues.views.ts'

const now = new Date('2026-11-26T12:00:00Z')
const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000)

function item(overrides: Partial<QueueItem> = {}): QueueItem {
  return {
    kind: 'crime',
    id: 'c1',
    reference: 'CR/1/26',
    version: 3,
    enteredAt: hoursAgo(30),
    deadline: hoursAgo(6),
    overdue: true,
    what: 'Theft from a shop',
    group: 'Theft',
    holderId: null,
    holderName: null,
    unitId: null,
    unitName: null,
    flags: [],
    status: 'awaiting_allocation',
    outcomeType: null,
    reportedAt: hoursAgo(40),
    recordedAt: hoursAgo(31),
    recordedLate: false,
    ...overrides,
  }
}

describe('queue page view models', () => {
  it('reads the filters, sort and page size from the address, and names a tampered one', () => {
    expect(
      pageRequest({ group: 'theft', age: 'overdue', flags: ['domesticAbuse'], sort: 'deadline', size: '25' }),
    ).toEqual({
      filter: { offenceGroup: 'theft', age: 'overdue', flags: ['domesticAbuse'] },
      sort: 'deadline',
      after: undefined,
      before: undefined,
      pageSize: 25,
    })
    expect(pageRequest({ age: '2' }).filter?.age).toBe(2)
    expect(() => pageRequest({ flags: ['nonsense'] })).toThrow(ValidationFailed)
    expect(() => pageRequest({ sort: 'oldest' })).toThrow(ValidationFailed)
  })

  it('keeps the queue’s filters through a bulk form and builds links from them', () => {
    const query = backQuery('?group=theft&flags=domesticAbuse&flags=hateCrime&after=abc')
    expect(query).toEqual({ group: 'theft', flags: ['domesticAbuse', 'hateCrime'] })
    expect(hrefWith('/queues/awaiting-filing', query, { group: undefined, size: '25' })).toBe(
      '/queues/awaiting-filing?flags=domesticAbuse&flags=hateCrime&size=25',
    )
    expect(hrefWith('/queues/awaiting-filing', {}, {})).toBe('/queues/awaiting-filing')
  })

  it('reads chosen items with the version the person saw', () => {
    expect(parseItems(['c1:3', 'c2:7'])).toEqual([
      { crimeId: 'c1', expectedVersion: 3 },
      { crimeId: 'c2', expectedVersion: 7 },
    ])
    expect(parseItems(undefined)).toEqual([])
  })

  it('states a deadline in days or hours', () => {
    expect(deadlineHours(queueDefinition('recording-decision-due'))).toBe('1 day')
    expect(deadlineHours(queueDefinition('recently-filed'))).toBe('No deadline')
  })

  it('shows how long an item waited and how late it is, with the hour on a 24-hour queue', () => {
    const row = itemView(item(), queueDefinition('awaiting-allocation'), now)
    expect(row.recordHref).toBe('/crimes/c1')
    expect(row.workHref).toBe('/queues/awaiting-allocation/items/c1')
    expect(row.checkbox).toBe('c1:3')
    expect(row.waited).toBe('1 day')
    expect(row.dueText).toBe('Overdue 6 hours')
    const onTime = itemView(
      item({ deadline: new Date(now.getTime() + 5 * 3_600_000), overdue: false }),
      queueDefinition('awaiting-allocation'),
      now,
    )
    expect(onTime.dueText).toBe('Due in 5 hours')
  })

  it('says what a bulk action did for one crime or several', () => {
    const done = [{ crimeId: 'c1', crimeReference: 'CR/1/26' }]
    expect(resultMessage({ action: 'allocate', done, notDone: [] })).toMatch(/^CR\/1\/26 /)
    expect(
      resultMessage({ action: 'allocate', done: [...done, { crimeId: 'c2', crimeReference: 'CR/2/26' }], notDone: [] }),
    ).toMatch(/^2 crimes /)
  })
})
