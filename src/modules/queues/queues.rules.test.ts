import { describe, expect, it } from 'vitest'
import {
  CRIME_STATUSES,
  CRIME_WORKFLOW,
  LIVE_STATUSES,
  allowedCrimeActions,
  type CrimeStatus,
} from '../crimes/index.ts'
import { addDays, datesFrom, startOfUkDay, ukDate, weekCommencing } from '../../platform/dates.ts'
import {
  ageWindow,
  backlogAlert,
  bucketIndex,
  bucketWindow,
  crimeQueues,
  daysFromSpans,
  decodeCursor,
  DEFAULT_AWAITING_FILING_THRESHOLD,
  deadlineOf,
  encodeCursor,
  flowOf,
  isOverdue,
  isQueueKey,
  OPEN_STATUSES,
  percentOnTime,
  QUEUE_ACTION_RULES,
  QUEUE_ACTIONS,
  QUEUE_KEYS,
  queueDefinition,
  QUEUES,
  reconstructDays,
  reopenedSpans,
  recordingByWeek,
  singleStatusOf,
  sizeBefore,
  thresholdProblem,
  windowStart,
} from './queues.rules.ts'

const NOW = new Date('2026-11-26T09:00:00Z')
const HOUR = 3_600_000
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * HOUR)

describe('queue definitions', () => {
  it('has every queue the issue names, each once, in working order', () => {
    expect(QUEUES.map((q) => q.key)).toEqual([...QUEUE_KEYS])
    expect(new Set(QUEUES.map((q) => q.label)).size).toBe(QUEUES.length)
    for (const key of QUEUE_KEYS) {
      expect(isQueueKey(key)).toBe(true)
      expect(queueDefinition(key).key).toBe(key)
    }
    expect(isQueueKey('everything')).toBe(false)
  })

  it.each(QUEUES.map((q) => [q.key, q] as const))(
    '%s: buckets start at 0, touch, and only the last is open-ended',
    (_key, queue) => {
      const buckets = queue.buckets
      expect(buckets.length).toBeGreaterThanOrEqual(3)
      expect(buckets[0]!.fromHours).toBe(0)
      buckets.forEach((bucket, i) => {
        const next = buckets[i + 1]
        if (next) {
          expect(bucket.toHours).toBe(next.fromHours)
          expect(bucket.toHours!).toBeGreaterThan(bucket.fromHours)
        }
      })
      // Work queues keep counting their oldest items; a windowed list ends at its window.
      if (queue.work) {
        expect(buckets.at(-1)!.toHours).toBeNull()
      }
    },
  )

  it.each(QUEUES.map((q) => [q.key, q] as const))(
    '%s: a work queue has a deadline, and its overdue point is a bucket edge',
    (_key, queue) => {
      if (!queue.work) {
        expect(queue.deadline).toBeNull()
        return
      }
      expect(queue.deadline!.hours).toBeGreaterThan(0)
      expect(queue.deadline!.basis).not.toBe('')
      // So "overdue" on the page is the same as one or more whole buckets.
      expect(queue.buckets.map((b) => b.fromHours)).toContain(queue.deadline!.hours)
    },
  )

  it('crime queues hold only statuses the crimes workflow has, and every open status is some queue', () => {
    for (const queue of crimeQueues()) {
      for (const status of queue.membership.statuses) {
        expect(CRIME_STATUSES).toContain(status)
      }
    }
    expect([...OPEN_STATUSES]).toEqual([...LIVE_STATUSES])
    const covered = new Set(crimeQueues().flatMap((q) => (singleStatusOf(q) ? [singleStatusOf(q)!] : [])))
    for (const status of LIVE_STATUSES) {
      expect(covered.has(status)).toBe(true)
    }
  })

  it('every action a queue offers is a crimes workflow action allowed from that queue’s status, for the IMU', () => {
    expect(Object.keys(QUEUE_ACTION_RULES).sort()).toEqual([...QUEUE_ACTIONS].sort())
    for (const queue of crimeQueues()) {
      for (const status of queue.membership.statuses) {
        const allowed = allowedCrimeActions(['imu_decision_maker', 'imu_supervisor'], {
          status,
          canAuthoriseCancellation: true,
        }).map((rule) => rule.action)
        for (const action of queue.actions) {
          expect(allowed, `${queue.key}: ${action}`).toContain(action)
        }
      }
    }
  })

  it('the recording decision queue runs on the national 24-hour clock from receipt (DOMAIN.md §1.3)', () => {
    const queue = queueDefinition('recording-decision-due')
    expect(queue.source).toBe('incident')
    expect(queue.deadline!.hours).toBe(24)
    expect(queue.deadline!.basis).toMatch(/24 hours/)
  })

  it('the re-opened queue ages from the re-opening; recently filed is a 30-day window of filed crimes', () => {
    const reopened = queueDefinition('reopened')
    expect(reopened.source === 'crime' && reopened.enteredFrom).toBe('reopenedAt')
    expect(singleStatusOf(reopened)).toBeUndefined()
    const filed = queueDefinition('recently-filed')
    expect(filed.source === 'crime' && filed.membership).toEqual({ statuses: ['filed'], withinDays: 30 })
    expect(windowStart(filed, NOW)).toEqual(hoursAgo(30 * 24))
    expect(windowStart(queueDefinition('awaiting-filing'), NOW)).toBeNull()
  })
})

describe('rule 14: filing workflow and backlog', () => {
  const crimeQueue = (key: Parameters<typeof queueDefinition>[0]) => {
    const queue = queueDefinition(key)
    if (queue.source !== 'crime') {
      throw new Error('not a crime queue')
    }
    return queue
  }
  const target = (action: string, from: CrimeStatus) =>
    CRIME_WORKFLOW.find((rule) => rule.action === action && rule.from.includes(from))?.to

  it('under investigation → awaiting filing → IMU quality check → filed, each stage a queue, with re-open back', () => {
    expect(crimeQueue('under-investigation').membership.statuses).toEqual(['under_investigation'])
    expect(target('submit_for_filing', 'under_investigation')).toBe('awaiting_filing')
    expect(crimeQueue('awaiting-filing').membership.statuses).toEqual(['awaiting_filing'])
    expect(crimeQueue('awaiting-filing').actions).toContain('start_quality_check')
    expect(target('start_quality_check', 'awaiting_filing')).toBe('imu_quality_check')
    expect(crimeQueue('imu-quality-check').membership.statuses).toEqual(['imu_quality_check'])
    expect(crimeQueue('imu-quality-check').actions).toContain('file')
    expect(target('file', 'imu_quality_check')).toBe('filed')
    expect(QUEUE_ACTION_RULES.file.input).toBe('filingChecklist')
    // Returned with reasons from either filing stage; re-opened with a reason from filed.
    for (const key of ['awaiting-filing', 'imu-quality-check'] as const) {
      expect(crimeQueue(key).actions).toContain('return_to_officer')
    }
    expect(QUEUE_ACTION_RULES.return_to_officer.input).toBe('reason')
    expect(crimeQueue('recently-filed').actions).toEqual(['reopen'])
    expect(target('reopen', 'filed')).toBe('under_investigation')
    expect(QUEUE_ACTION_RULES.reopen.input).toBe('reason')
  })

  it.each([
    [999, 1000, false, 0],
    [1000, 1000, false, 0],
    [1001, 1000, true, 1],
    [1675, 1000, true, 675],
    [0, 1, false, 0],
  ])('%i awaiting filing against a threshold of %i: alert %s', (size, threshold, raised, over) => {
    expect(backlogAlert(size, threshold)).toEqual({ raised, size, threshold, over })
  })

  it('defaults to a threshold of 1,000, below the 1,675 Northamptonshire reached (DOMAIN.md §4.4)', () => {
    expect(DEFAULT_AWAITING_FILING_THRESHOLD).toBe(1000)
    expect(backlogAlert(1675, DEFAULT_AWAITING_FILING_THRESHOLD).raised).toBe(true)
  })

  it.each([
    ['', /Enter the number/],
    ['0', /whole number of crimes from 1/],
    ['1.5', /whole number/],
    ['abc', /whole number/],
    ['10000001', /whole number/],
    ['1,200', undefined],
    [' 750 ', undefined],
  ])('threshold %j', (value, problem) => {
    const found = thresholdProblem(value)
    if (problem === undefined) {
      expect(found).toBeUndefined()
    } else {
      expect(found).toMatch(problem)
    }
  })
})

describe('ages, buckets and deadlines', () => {
  const filing = queueDefinition('awaiting-filing')

  it.each([
    [0, 0],
    [1, 0],
    [167.9, 0],
    [168, 1],
    [336, 2],
    [672, 3],
    [2184, 4],
    [100_000, 4],
    [-3, 0],
  ])('an item %f hours old is in bucket %i', (hours, index) => {
    expect(bucketIndex(filing.buckets, hours)).toBe(index)
  })

  it('a bucket covers entry times (now − to, now − from]', () => {
    const window = bucketWindow(filing.buckets[1]!, NOW)
    expect(window).toEqual({ after: hoursAgo(336), atOrBefore: hoursAgo(168) })
    expect(bucketWindow(filing.buckets.at(-1)!, NOW)).toEqual({ after: null, atOrBefore: hoursAgo(2184) })
  })

  it('the deadline is entry + the queue’s hours; overdue from that instant', () => {
    expect(deadlineOf(filing, hoursAgo(10))).toEqual(new Date(hoursAgo(10).getTime() + 168 * HOUR))
    expect(isOverdue(filing, hoursAgo(167), NOW)).toBe(false)
    expect(isOverdue(filing, hoursAgo(168), NOW)).toBe(true)
    expect(deadlineOf(queueDefinition('recently-filed'), NOW)).toBeNull()
    expect(isOverdue(queueDefinition('recently-filed'), hoursAgo(10_000), NOW)).toBe(false)
  })

  it('the age filter selects a bucket, or everything past the deadline', () => {
    expect(ageWindow(filing, undefined, NOW)).toEqual({ after: null, atOrBefore: null })
    expect(ageWindow(filing, 0, NOW)).toEqual({ after: hoursAgo(168), atOrBefore: NOW })
    expect(ageWindow(filing, 'overdue', NOW)).toEqual({ after: null, atOrBefore: hoursAgo(168) })
    expect(ageWindow(filing, 99, NOW)).toEqual({ after: null, atOrBefore: null })
  })
})

describe('keyset cursors', () => {
  it('round-trips an entry time and id', () => {
    const cursor = { at: new Date('2026-11-20T10:11:12.345Z'), id: '0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b' }
    const text = encodeCursor(cursor)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(text)).toEqual(cursor)
  })

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['not base64url', 'a+b/c='],
    ['no id', Buffer.from('12345').toString('base64url')],
    ['bad id', Buffer.from('12345.not-a-uuid').toString('base64url')],
    ['bad time', Buffer.from('12x45.0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b').toString('base64url')],
    ['extra part', Buffer.from('1.0190a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b.x').toString('base64url')],
  ])('rejects a tampered cursor: %s', (_name, value) => {
    expect(decodeCursor(value)).toBeUndefined()
  })
})

describe('daily flows from the status history', () => {
  const transitions = [
    { fromStatus: 'under_investigation', toStatus: 'awaiting_filing', count: 5 },
    { fromStatus: 'returned_to_officer', toStatus: 'awaiting_filing', count: 1 },
    { fromStatus: 'awaiting_filing', toStatus: 'imu_quality_check', count: 3 },
    { fromStatus: 'awaiting_filing', toStatus: 'returned_to_officer', count: 1 },
    { fromStatus: 'awaiting_filing', toStatus: 'awaiting_filing', count: 7 },
    { fromStatus: null, toStatus: 'recorded', count: 4 },
  ]

  it('counts what entered and left a status; a change within the status is neither', () => {
    expect(flowOf('awaiting_filing', transitions)).toEqual({ arrivals: 6, completions: 4 })
    expect(flowOf('recorded', transitions)).toEqual({ arrivals: 4, completions: 0 })
    expect(flowOf('filed', transitions)).toEqual({ arrivals: 0, completions: 0 })
  })

  it('works a size back through the changes since', () => {
    expect(sizeBefore(100, { arrivals: 6, completions: 4 })).toBe(98)
    expect(sizeBefore(1, { arrivals: 6, completions: 0 })).toBe(0)
  })

  it('rebuilds each day’s end-of-day size from today’s size, oldest first', () => {
    const byDay = new Map([
      ['2026-11-24', [{ fromStatus: 'under_investigation', toStatus: 'awaiting_filing', count: 10 }]],
      ['2026-11-25', [{ fromStatus: 'awaiting_filing', toStatus: 'imu_quality_check', count: 4 }]],
    ])
    const today = [{ fromStatus: 'under_investigation', toStatus: 'awaiting_filing', count: 2 }]
    // 50 now; 2 arrived today, so 48 at the end of the 25th; 4 left on the 25th, so 52 at the end of the 24th.
    expect(reconstructDays('awaiting_filing', 50, ['2026-11-25', '2026-11-23', '2026-11-24'], byDay, today)).toEqual([
      { day: '2026-11-23', size: 42, arrivals: 0, completions: 0 },
      { day: '2026-11-24', size: 52, arrivals: 10, completions: 0 },
      { day: '2026-11-25', size: 48, arrivals: 0, completions: 4 },
    ])
  })
})

describe('past sizes of queues that are not one status', () => {
  const at = (text: string) => new Date(text)

  it('counts each day’s end-of-day size and flows from the spans items spent in the queue', () => {
    const spans = [
      { from: at('2026-11-20T10:00:00Z'), to: at('2026-11-21T09:00:00Z') },
      { from: at('2026-11-20T23:30:00Z'), to: null },
      { from: at('2026-11-21T12:00:00Z'), to: at('2026-11-21T13:00:00Z') },
      { from: at('2026-11-19T08:00:00Z'), to: at('2026-11-20T00:00:00Z') },
    ]
    expect(daysFromSpans(spans, ['2026-11-21', '2026-11-20'])).toEqual([
      { day: '2026-11-20', size: 2, arrivals: 2, completions: 1 },
      { day: '2026-11-21', size: 1, arrivals: 1, completions: 2 },
    ])
  })

  it('takes a re-opened crime’s stretches under investigation after its first re-opening', () => {
    const change = (crimeId: string, toStatus: string, action: string, day: string) => ({
      crimeId,
      toStatus,
      action,
      changedAt: at(`2026-11-${day}T12:00:00Z`),
    })
    expect(
      reopenedSpans([
        change('a', 'under_investigation', 'allocate', '01'),
        change('a', 'awaiting_filing', 'submit_for_filing', '02'),
        change('a', 'filed', 'file', '03'),
        change('a', 'under_investigation', 'reopen', '05'),
        change('a', 'returned_to_officer', 'return_to_officer', '07'),
        change('a', 'under_investigation', 'allocate', '08'),
        change('b', 'under_investigation', 'reopen', '10'),
      ]),
    ).toEqual([
      { from: at('2026-11-05T12:00:00Z'), to: at('2026-11-07T12:00:00Z') },
      { from: at('2026-11-08T12:00:00Z'), to: null },
      { from: at('2026-11-10T12:00:00Z'), to: null },
    ])
  })
})

describe('rule 2: recording within 24 hours, by week', () => {
  it('sums days into Monday-to-Sunday weeks with the percentage on time', () => {
    const weeks = recordingByWeek([
      { day: '2026-11-16', recorded: 10, onTime: 9 },
      { day: '2026-11-22', recorded: 10, onTime: 10 },
      { day: '2026-11-23', recorded: 4, onTime: 3 },
      { day: '2026-11-09', recorded: 0, onTime: 0 },
    ])
    expect(weeks).toEqual([
      { weekCommencing: '2026-11-09', recorded: 0, onTime: 0, percent: null },
      { weekCommencing: '2026-11-16', recorded: 20, onTime: 19, percent: 95 },
      { weekCommencing: '2026-11-23', recorded: 4, onTime: 3, percent: 75 },
    ])
    expect(percentOnTime(3, 2)).toBe(66.7)
  })
})

describe('London days', () => {
  it.each([
    ['2026-06-30T22:59:59Z', '2026-06-30'],
    ['2026-06-30T23:00:00Z', '2026-07-01'],
    ['2026-12-31T23:59:59Z', '2026-12-31'],
  ])('%s falls on %s', (instant, day) => {
    expect(ukDate(new Date(instant))).toBe(day)
  })

  it.each([
    ['2026-07-01', '2026-06-30T23:00:00.000Z'],
    ['2026-12-01', '2026-12-01T00:00:00.000Z'],
    // The days the clocks change: midnight is still one instant.
    ['2026-03-29', '2026-03-29T00:00:00.000Z'],
    ['2026-03-30', '2026-03-29T23:00:00.000Z'],
    ['2026-10-25', '2026-10-24T23:00:00.000Z'],
    ['2026-10-26', '2026-10-26T00:00:00.000Z'],
  ])('%s starts at %s', (day, instant) => {
    expect(startOfUkDay(day).toISOString()).toBe(instant)
    expect(ukDate(startOfUkDay(day))).toBe(day)
    expect(ukDate(new Date(startOfUkDay(day).getTime() - 1))).toBe(addDays(day, -1))
  })

  it('adds days, lists ranges and finds Mondays', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(datesFrom('2026-11-29', '2026-12-02')).toEqual(['2026-11-29', '2026-11-30', '2026-12-01', '2026-12-02'])
    expect(datesFrom('2026-11-29', '2026-11-28')).toEqual([])
    expect(weekCommencing('2026-11-26')).toBe('2026-11-23')
    expect(weekCommencing('2026-11-23')).toBe('2026-11-23')
    expect(weekCommencing('2026-11-29')).toBe('2026-11-23')
  })
})
