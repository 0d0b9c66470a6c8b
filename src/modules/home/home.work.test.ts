import { describe, expect, it } from 'vitest'
import { makeActor } from '../../platform/auth/actor.ts'
import { QUEUES } from '../queues/index.ts'
import { queueGlance, type HomeServices } from './home.work.ts'

const NOW = new Date('2026-11-26T09:00:00Z')
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * 3_600_000)

function servicesWith(counts: Record<string, { count: number; oldest: Date | null }>, threshold: number) {
  return {
    queues: {
      overview: () =>
        Promise.resolve(
          QUEUES.map((queue) => ({
            queue,
            count: counts[queue.key]?.count ?? 0,
            oldest: counts[queue.key]?.oldest ?? null,
            overdue: 0,
            buckets: [],
          })),
        ),
    },
    queueDashboard: { threshold: () => Promise.resolve({ value: threshold, version: 1 }) },
  } as unknown as HomeServices
}

describe('the IMU’s queues at a glance', () => {
  const supervisor = makeActor({ forceId: 1, type: 'user', id: 'u', name: 'S', roles: ['imu_supervisor'] })

  it('puts the queue whose oldest item is most overdue first, empty queues last, and leaves out finished work', async () => {
    const glance = await queueGlance(
      servicesWith(
        {
          'awaiting-filing': { count: 40, oldest: hoursAgo(24 * 10) },
          'recording-decision-due': { count: 3, oldest: hoursAgo(20) },
          'classification-check': { count: 1, oldest: hoursAgo(24 * 4) },
          'recently-filed': { count: 9, oldest: hoursAgo(1) },
        },
        30,
      ),
      supervisor,
      NOW,
    )
    expect(glance.slice(0, 3).map((q) => [q.label, q.clock?.text])).toEqual([
      ['Awaiting filing', '3 days late'],
      ['Classification check', '24 hours late'],
      ['Recording decision due', 'due in 4 hours'],
    ])
    expect(glance.slice(3).every((q) => q.clock === undefined && q.count === 0)).toBe(true)
    expect(glance.map((q) => q.label)).not.toContain('Filed in the last 30 days')
    expect(glance[0]!.threshold).toEqual({ value: 30, over: true })
    expect(glance.filter((q) => q.threshold).length).toBe(1)
  })

  it('shows the threshold only to those who may see the dashboard', async () => {
    const officer = makeActor({ forceId: 1, type: 'user', id: 'o', name: 'O', roles: ['officer'] })
    const glance = await queueGlance(servicesWith({ 'awaiting-filing': { count: 40, oldest: NOW } }, 30), officer, NOW)
    expect(glance.every((q) => q.threshold === undefined)).toBe(true)
  })
})
