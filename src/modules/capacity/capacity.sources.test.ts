import { describe, expect, it } from 'vitest'
import { makeActor } from '../../platform/auth/actor.ts'
import { flowsFromCrimes, rosterFromStaff } from './capacity.sources.ts'

const actor = makeActor({ forceId: 1, type: 'system', id: 'system', name: 'Test', roles: ['imu_supervisor'] })

describe('queue history from the crimes records', () => {
  it('turns daily flows into arrivals, completions and the backlog at the end of each day, worked back from now', async () => {
    const flows = [
      { date: '2026-11-23', status: 'awaiting_filing', entered: 10, left: 4 },
      { date: '2026-11-24', status: 'awaiting_filing', entered: 6, left: 8 },
      { date: '2026-11-25', status: 'awaiting_filing', entered: 3, left: 0 },
      { date: '2026-11-26', status: 'awaiting_filing', entered: 2, left: 5 }, // today, so far
      { date: '2026-11-24', status: 'recorded', entered: 1, left: 0 },
    ]
    let asked: { from: string; to: string } | undefined
    const source = flowsFromCrimes(
      {
        dailyFlows: (_actor, range) => {
          asked = range
          return Promise.resolve(flows)
        },
      },
      (_actor, status) => Promise.resolve(status === 'awaiting_filing' ? 100 : 7),
      () => '2026-11-26',
    )
    const days = await source.queueDays(actor, { from: '2026-11-23', to: '2026-11-25' })
    expect(asked).toEqual({ from: '2026-11-23', to: '2026-11-26' })
    // 100 now; end of 25th = 100 - 2 + 5 = 103; end of 24th = 103 - 3 + 0 = 100; end of 23rd = 100 - 6 + 8 = 102.
    expect(days.filter((d) => d.queue === 'awaiting_filing')).toEqual([
      { date: '2026-11-23', queue: 'awaiting_filing', arrivals: 10, completions: 4, backlog: 102 },
      { date: '2026-11-24', queue: 'awaiting_filing', arrivals: 6, completions: 8, backlog: 100 },
      { date: '2026-11-25', queue: 'awaiting_filing', arrivals: 3, completions: 0, backlog: 103 },
    ])
    expect(days.filter((d) => d.queue === 'recorded').map((d) => d.backlog)).toEqual([6, 7, 7])
    // Every queue gets every day, quiet or not.
    expect(days).toHaveLength(18)
  })
})

describe('the roster from the staff records', () => {
  it('keeps each person’s day, hours, unit and skills', async () => {
    const source = rosterFromStaff({
      availability: () =>
        Promise.resolve([
          {
            date: '2026-11-26',
            staffId: 's1',
            userId: null,
            unitId: 'u1',
            name: 'Dana Price',
            hours: 7.4,
            skills: [{ skill: 'filing', level: 3 }],
          },
        ]),
    })
    expect(await source.rosterDays(actor, { from: '2026-11-26', to: '2026-11-26' })).toEqual([
      {
        date: '2026-11-26',
        staffId: 's1',
        unitId: 'u1',
        name: 'Dana Price',
        hours: 7.4,
        skills: [{ skill: 'filing', level: 3 }],
      },
    ])
  })
})
