import { afterEach, describe, expect, it, vi } from 'vitest'
import { nextDailyRunAfter, startDailyTasks, startRepeatingTask } from './daily.ts'

describe('daily tasks', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it.each([
    ['2026-11-26T09:00:00Z', '2026-11-27T00:05:00.000Z'],
    ['2026-11-26T23:59:00Z', '2026-11-27T00:05:00.000Z'],
    // Summer: UK midnight is 23:00 UTC.
    ['2026-07-01T12:00:00Z', '2026-07-01T23:05:00.000Z'],
    ['2026-06-30T23:30:00Z', '2026-07-01T23:05:00.000Z'],
    // The night the clocks go back (25 October 2026): midnight is still 23:00 UTC the evening before.
    ['2026-10-24T22:00:00Z', '2026-10-24T23:05:00.000Z'],
  ])('after %s the next run is at %s', (now, next) => {
    expect(nextDailyRunAfter(new Date(now)).toISOString()).toBe(next)
  })

  it('runs a minute after start, then after each midnight, and stops when told', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T23:00:00Z') })
    const calls: string[] = []
    const log = { info: vi.fn(), error: vi.fn() }
    const stop = startDailyTasks(
      [{ name: 'snapshots', run: () => Promise.resolve(calls.push(new Date().toISOString())) }],
      { log },
    )
    await vi.advanceTimersByTimeAsync(60_000)
    expect(calls).toEqual(['2026-11-26T23:01:00.000Z'])
    await vi.advanceTimersByTimeAsync(26 * 3_600_000)
    expect(calls).toEqual(['2026-11-26T23:01:00.000Z', '2026-11-27T00:05:00.000Z', '2026-11-28T00:05:00.000Z'])
    expect(log.info).toHaveBeenCalledWith(expect.objectContaining({ task: 'snapshots' }), 'daily task done')
    stop()
    await vi.advanceTimersByTimeAsync(3 * 24 * 3_600_000)
    expect(calls).toHaveLength(3)
  })

  it('never runs a task twice at once, and one failing task neither stops the others nor the next day', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T12:00:00Z') })
    let slowRuns = 0
    let finishSlow: () => void = () => undefined
    const log = { info: vi.fn(), error: vi.fn() }
    const stop = startDailyTasks(
      [
        { name: 'failing', run: () => Promise.reject(new Error('database away')) },
        {
          name: 'slow',
          run: () => {
            slowRuns += 1
            return new Promise<void>((resolve) => (finishSlow = resolve))
          },
        },
      ],
      { log, firstAfterMs: 10 },
    )
    await vi.advanceTimersByTimeAsync(20)
    await vi.advanceTimersByTimeAsync(24 * 3_600_000)
    expect(slowRuns).toBe(1)
    expect(log.error.mock.calls.map((call) => (call[0] as { task: string }).task)).toEqual(['failing', 'failing'])
    finishSlow()
    await vi.advanceTimersByTimeAsync(24 * 3_600_000)
    expect(slowRuns).toBe(2)
    stop()
  })

  it('runs a repeating task a minute after start, then every period, and stops when told', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-26T09:00:00Z') })
    const calls: string[] = []
    const log = { info: vi.fn(), error: vi.fn() }
    const stop = startRepeatingTask(
      { name: 'audit anchor', run: () => Promise.resolve(calls.push(new Date().toISOString())) },
      6 * 3_600_000,
      { log },
    )
    await vi.advanceTimersByTimeAsync(13 * 3_600_000)
    expect(calls).toEqual(['2026-11-26T09:01:00.000Z', '2026-11-26T15:00:00.000Z', '2026-11-26T21:00:00.000Z'])
    stop()
    await vi.advanceTimersByTimeAsync(24 * 3_600_000)
    expect(calls).toHaveLength(3)
  })
})
