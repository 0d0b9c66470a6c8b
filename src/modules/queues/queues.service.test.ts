import { systemActor } from '../../platform/auth/actor.ts'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { failure } from '../../../test/support/assertions.ts'
import { createTestContext, TEST_NOW, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { Conflict, Forbidden, ValidationFailed } from '../../platform/http/errors.ts'
import type { CrimeRow } from '../crimes/index.ts'
import { QueuesService } from './queues.service.ts'
import type { Services } from '../../deps.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR
const CHECKLIST = ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone']

type Stage =
  'recorded' | 'awaiting_allocation' | 'under_investigation' | 'awaiting_filing' | 'imu_quality_check' | 'filed'

describe(QueuesService.name, () => {
  let ctx: TestContext
  let queues: QueuesService
  let queueActions: Services['queueActions']
  let queueAllocation: Services['queueAllocation']
  let queueDashboard: Services['queueDashboard']

  beforeAll(async () => {
    ctx = await createTestContext()
    ;({ queues, queueActions, queueAllocation, queueDashboard } = ctx.deps.services)
  })
  afterAll(() => ctx.close())
  afterEach(() => ctx.clock.set(TEST_NOW))

  interface People {
    force: TestForce
    dm: Actor
    dm2: Actor
    supervisor: Actor
    officer: Actor
    officerId: string
  }

  async function people(force?: TestForce): Promise<People> {
    const f = force ?? (await ctx.newForce())
    const officer = await f.user('officer')
    const dm2 = await ctx.deps.services.accounts.createUser(f.system, {
      username: `dm-two-${f.code.toLowerCase()}`,
      displayName: 'Second decision maker',
      password: 'correct horse battery',
      roles: ['imu_decision_maker'],
    })
    return {
      force: f,
      dm: (await f.user('imu_decision_maker')).actor,
      dm2: { ...(await f.user('imu_decision_maker')).actor, id: dm2.userId, name: 'Second decision maker' },
      supervisor: (await f.user('imu_supervisor')).actor,
      officer: officer.actor,
      officerId: officer.userId,
    }
  }

  /** A crime taken through the crimes service to `stage`, with every step at the clock's time. */
  async function crimeAt(p: People, stage: Stage, flags: { domesticAbuse?: boolean; vulnerableVictim?: boolean } = {}) {
    return ctx.crimes.at(stage, {
      force: p.force,
      decisionMaker: p.dm,
      officer: { actor: p.officer, userId: p.officerId },
      recording: { summary: 'Bicycle taken from a front garden.', ...flags },
    })
  }

  async function crimesAt(p: People, stage: Stage, count: number, flags = {}) {
    const made: CrimeRow[] = []
    for (let i = 0; i < count; i++) {
      made.push(await crimeAt(p, stage, flags))
    }
    return made
  }

  const at = async <T>(instant: Date | string, work: () => Promise<T>): Promise<T> => {
    ctx.clock.set(instant)
    try {
      return await work()
    } finally {
      ctx.clock.set(TEST_NOW)
    }
  }
  const daysAgo = (days: number) => new Date(Date.parse(TEST_NOW) - days * DAY)

  describe('reading queues', () => {
    it('counts every queue, with its oldest item, ageing and items past the deadline', async () => {
      const p = await people()
      await at(daysAgo(10), () => crimesAt(p, 'awaiting_filing', 2))
      await at(daysAgo(3), () => crimesAt(p, 'awaiting_filing', 1))
      await crimesAt(p, 'recorded', 2)
      await crimesAt(p, 'under_investigation', 1)
      const overview = await queues.overview(p.supervisor)
      const of = (key: string) => overview.find((q) => q.queue.key === key)!
      expect(of('awaiting-filing')).toMatchObject({ count: 3, overdue: 2, oldest: new Date(daysAgo(10)) })
      expect(of('awaiting-filing').buckets.map((b) => b.count)).toEqual([1, 2, 0, 0, 0])
      expect(of('classification-check').count).toBe(2)
      expect(of('under-investigation').count).toBe(1)
      expect(of('imu-quality-check').count).toBe(0)
      expect(of('recording-decision-due').count).toBe(0)
      // Every queue is listed, in working order.
      expect(overview.map((q) => q.queue.key)).toContain('recently-filed')
    })

    it('pages a queue by deadline with keyset links both ways, and filters by flag, officer and age', async () => {
      const p = await people()
      for (let i = 0; i < 7; i++) {
        await at(daysAgo(20 - i), () => crimeAt(p, 'awaiting_filing', { domesticAbuse: i % 2 === 0 }))
      }
      const first = await queues.queuePage(p.dm, 'awaiting-filing', { pageSize: 25 })
      expect(first.items).toHaveLength(7)
      expect(first.items.map((item) => item.enteredAt.getTime())).toEqual(
        [...first.items.map((item) => item.enteredAt.getTime())].sort((a, b) => a - b),
      )
      expect(first.items.every((item) => item.overdue)).toBe(true)
      expect(first.next).toBeUndefined()
      expect(first.previous).toBeUndefined()

      const flagged = await queues.queuePage(p.dm, 'awaiting-filing', { filter: { flags: ['domesticAbuse'] } })
      expect(flagged.items).toHaveLength(4)
      expect(flagged.stats.count).toBe(4)
      expect(flagged.total).toBe(7)
      expect(flagged.items.every((item) => item.flags.includes('Domestic abuse'))).toBe(true)

      const mine = await queues.queuePage(p.officer, 'awaiting-filing', { filter: { holder: 'me' } })
      expect(mine.items).toHaveLength(7)
      const nobody = await queues.queuePage(p.dm, 'awaiting-filing', { filter: { holder: 'none' } })
      expect(nobody.items).toHaveLength(0)

      // 14 to 28 days old is bucket 2 ("2 to 4 weeks").
      const older = await queues.queuePage(p.dm, 'awaiting-filing', { filter: { age: 2 } })
      expect(older.items.map((item) => Math.round((Date.parse(TEST_NOW) - item.enteredAt.getTime()) / DAY))).toEqual([
        20, 19, 18, 17, 16, 15, 14,
      ])
      const newest = await queues.queuePage(p.dm, 'awaiting-filing', { sort: 'newest', pageSize: 25 })
      expect(newest.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id).reverse())
    })

    it('walks pages of 25 forwards and backwards through a longer queue', async () => {
      const p = await people()
      await crimesAt(p, 'recorded', 27)
      const one = await queues.queuePage(p.dm, 'classification-check', { pageSize: 25 })
      expect(one.items).toHaveLength(25)
      expect(one.next).toBeDefined()
      expect(one.previous).toBeUndefined()
      const two = await queues.queuePage(p.dm, 'classification-check', { pageSize: 25, after: one.next })
      expect(two.items).toHaveLength(2)
      expect(two.next).toBeUndefined()
      expect(two.previous).toBeDefined()
      const back = await queues.queuePage(p.dm, 'classification-check', { pageSize: 25, before: two.previous })
      expect(back.items.map((item) => item.id)).toEqual(one.items.map((item) => item.id))
      expect(back.previous).toBeUndefined()
      expect(back.next).toBeDefined()
      expect(new Set([...one.items, ...two.items].map((item) => item.id)).size).toBe(27)
    })

    it('names what is wrong with a tampered address, instead of guessing', async () => {
      const p = await people()
      const fields = async (request: Parameters<QueuesService['queuePage']>[2]) => {
        const error = await failure(queues.queuePage(p.dm, 'awaiting-filing', request))
        expect(error).toBeInstanceOf(ValidationFailed)
        return (error as ValidationFailed).fieldErrors.map((e) => e.field)
      }
      expect(await fields({ after: 'not-a-cursor!' })).toEqual(['after'])
      expect(await fields({ pageSize: 7 })).toEqual(['pageSize'])
      expect(await fields({ filter: { unitId: 'x' } })).toEqual(['unit'])
      expect(await fields({ filter: { age: 9 } })).toEqual(['age'])
    })

    it('exports the filtered list in batches and records the export in the audit trail (rule 20)', async () => {
      const p = await people()
      await crimesAt(p, 'awaiting_filing', 3, { vulnerableVictim: true })
      await crimesAt(p, 'awaiting_filing', 2)
      const rows = []
      const why = { justification: 'Crime data integrity audit or quality check' }
      for await (const batch of queues.exportRows(p.dm, 'awaiting-filing', why, {
        filter: { flags: ['vulnerableVictim'] },
      })) {
        rows.push(...batch)
      }
      expect(rows).toHaveLength(3)
      const events = await ctx.deps.services.auditTrail.search(systemActor(p.supervisor.forceId), {
        action: 'QUEUE_EXPORTED',
        limit: 50,
      })
      const mine = events.filter((e) => e.actorId === p.dm.id)
      expect(mine).toHaveLength(1)
      expect(mine[0]!.changes).toMatchObject({ rows: 3, filter: { flags: ['vulnerableVictim'] } })
      expect(mine[0]!.reason).toBe('Crime data integrity audit or quality check')
    })
  })

  describe('acting on items', () => {
    it('does a bulk action through the crimes service: every crime changed and in the audit trail', async () => {
      const p = await people()
      const crimes = await crimesAt(p, 'awaiting_filing', 3)
      const result = await queueActions.bulkAct(
        p.dm,
        'awaiting-filing',
        'start_quality_check',
        crimes.map((c) => ({ crimeId: c.crimeId, expectedVersion: c.version })),
      )
      expect(result.done.map((d) => d.crimeId).sort()).toEqual(crimes.map((c) => c.crimeId).sort())
      expect(result.notDone).toEqual([])
      expect((await queues.queuePage(p.dm, 'imu-quality-check')).stats.count).toBe(3)
      expect((await queues.queuePage(p.dm, 'awaiting-filing')).stats.count).toBe(0)
      for (const crime of crimes) {
        const trail = await ctx.deps.db.withForce(p.force.forceId, (tx) =>
          ctx.deps.services.auditTrail.forRecord(tx, 'crime', crime.crimeId),
        )
        expect(trail.map((e) => e.action)).toContain('CRIME_QUALITY_CHECK_STARTED')
      }
      const bulk = await ctx.deps.services.auditTrail.search(systemActor(p.supervisor.forceId), {
        action: 'QUEUE_BULK_ACTION',
        limit: 50,
      })
      expect(bulk.find((e) => e.actorId === p.dm.id)?.changes).toMatchObject({ action: 'start_quality_check' })
    })

    it('conflicting bulk actions: one wins on each crime, the other is told which and why, nothing is lost', async () => {
      const p = await people()
      const crimes = await crimesAt(p, 'awaiting_filing', 4)
      // Both decision makers opened the queue at the same moment and saw the same versions.
      const seen = crimes.map((c) => ({ crimeId: c.crimeId, expectedVersion: c.version }))
      const first = await queueActions.bulkAct(p.dm, 'awaiting-filing', 'return_to_officer', seen.slice(0, 3), {
        reason: 'Victim not told of the outcome',
      })
      expect(first.done).toHaveLength(3)
      const second = await queueActions.bulkAct(p.dm2, 'awaiting-filing', 'start_quality_check', seen.slice(1))
      expect(second.done.map((d) => d.crimeId)).toEqual([crimes[3]!.crimeId])
      expect(second.notDone.map((d) => d.crimeId)).toEqual([crimes[1]!.crimeId, crimes[2]!.crimeId])
      for (const item of second.notDone) {
        expect(item.conflict).toBe(true)
        expect(item.crimeReference).toMatch(/\S/)
        expect(item.reason).toMatch(/returned to officer|changed by someone else/i)
      }
      // The winner's change stands, untouched: returned with its reason, and only one change in the history.
      const returned = await queues.queuePage(p.dm, 'returned-to-officer')
      expect(returned.items.map((item) => item.id).sort()).toEqual(
        seen
          .slice(0, 3)
          .map((s) => s.crimeId)
          .sort(),
      )
      for (const crime of crimes.slice(1, 3)) {
        const trail = await ctx.deps.db.withForce(p.force.forceId, (tx) =>
          ctx.deps.services.auditTrail.forRecord(tx, 'crime', crime.crimeId),
        )
        expect(trail.filter((e) => e.action === 'CRIME_RETURNED_TO_OFFICER')).toHaveLength(1)
        expect(trail.filter((e) => e.action === 'CRIME_QUALITY_CHECK_STARTED')).toHaveLength(0)
      }
    })

    it('the same action twice at once on the same crimes: each crime changes once, the loser gets conflicts', async () => {
      const p = await people()
      const crimes = await crimesAt(p, 'imu_quality_check', 3)
      const seen = crimes.map((c) => ({ crimeId: c.crimeId, expectedVersion: c.version }))
      const [a, b] = await Promise.all([
        queueActions.bulkAct(p.dm, 'imu-quality-check', 'file', seen, { checklist: CHECKLIST }),
        queueActions.bulkAct(p.dm2, 'imu-quality-check', 'file', seen, { checklist: CHECKLIST }),
      ])
      expect(a.done.length + b.done.length).toBe(3)
      expect(a.notDone.length + b.notDone.length).toBe(3)
      expect([...a.notDone, ...b.notDone].every((item) => item.conflict)).toBe(true)
      for (const crime of crimes) {
        const trail = await ctx.deps.db.withForce(p.force.forceId, (tx) =>
          ctx.deps.services.auditTrail.forRecord(tx, 'crime', crime.crimeId),
        )
        expect(trail.filter((e) => e.action === 'CRIME_FILED')).toHaveLength(1)
      }
    })

    it('checks the action’s input before touching any crime', async () => {
      const p = await people()
      const crimes = await crimesAt(p, 'awaiting_filing', 2)
      const seen = crimes.map((c) => ({ crimeId: c.crimeId, expectedVersion: c.version }))
      const noReason = await failure(
        queueActions.bulkAct(p.dm, 'awaiting-filing', 'return_to_officer', seen, { reason: '  ' }),
      )
      expect((noReason as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['reason'])
      const wrongAction = await failure(queueActions.bulkAct(p.dm, 'awaiting-filing', 'file', seen))
      expect((wrongAction as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['action'])
      const none = await failure(queueActions.bulkAct(p.dm, 'awaiting-filing', 'start_quality_check', []))
      expect((none as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['items'])
      expect((await queues.queuePage(p.dm, 'awaiting-filing')).stats.count).toBe(2)
      // Reading is not working: an officer or an inspector cannot act from the queues.
      expect(
        await failure(queueActions.bulkAct(p.officer, 'awaiting-filing', 'start_quality_check', seen)),
      ).toBeInstanceOf(Forbidden)
    })
  })

  describe('rule 14: the filing workflow', () => {
    it('awaiting filing → IMU quality check → filed with the checklist; returned with reasons; filed can be re-opened', async () => {
      const p = await people()
      const [filing, returning] = await crimesAt(p, 'awaiting_filing', 2)
      let item = await queueActions.actOn(
        p.dm,
        'awaiting-filing',
        filing!.crimeId,
        'start_quality_check',
        filing!.version,
      )
      const page = await queues.item(p.dm, 'imu-quality-check', filing!.crimeId)
      expect(page.inQueue).toBe(true)
      expect(page.actions).toEqual(['file', 'return_to_officer'])

      const incomplete = await failure(
        queueActions.actOn(p.dm, 'imu-quality-check', filing!.crimeId, 'file', item.version, {
          checklist: CHECKLIST.slice(0, 3),
        }),
      )
      const checklistErrors = (incomplete as ValidationFailed).fieldErrors
      expect(checklistErrors.map((e) => e.field)).toEqual(['checklist'])
      expect(checklistErrors[0]!.message).toContain("victims' code contacts are done")
      item = await queueActions.actOn(p.dm, 'imu-quality-check', filing!.crimeId, 'file', item.version, {
        checklist: CHECKLIST,
      })
      const filed = await queues.queuePage(p.dm, 'recently-filed')
      expect(filed.items.map((i) => i.id)).toEqual([filing!.crimeId])

      // Someone working from an older page is told, not silently obeyed.
      expect(
        await failure(
          queueActions.actOn(p.dm2, 'imu-quality-check', filing!.crimeId, 'file', item.version - 1, {
            checklist: CHECKLIST,
          }),
        ),
      ).toBeInstanceOf(Conflict)

      await queueActions.actOn(p.dm, 'awaiting-filing', returning!.crimeId, 'return_to_officer', returning!.version, {
        reason: 'Closing summary does not say whether the victim was told',
      })
      expect((await queues.queuePage(p.dm, 'returned-to-officer')).items.map((i) => i.id)).toEqual([returning!.crimeId])

      const reopenNoReason = await failure(
        queueActions.actOn(p.dm, 'recently-filed', filing!.crimeId, 'reopen', item.version),
      )
      expect((reopenNoReason as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['reason'])
      await queueActions.actOn(p.dm, 'recently-filed', filing!.crimeId, 'reopen', item.version, {
        reason: 'New CCTV found',
      })
      const reopened = await queues.queuePage(p.dm, 'reopened')
      expect(reopened.items.map((i) => i.id)).toEqual([filing!.crimeId])
      expect((await queues.queuePage(p.dm, 'recently-filed')).items).toEqual([])
    })

    it('the dashboard shows the awaiting-filing count and ages, and raises the alert above the force’s threshold', async () => {
      const p = await people()
      await at(daysAgo(40), () => crimesAt(p, 'awaiting_filing', 1))
      await crimesAt(p, 'awaiting_filing', 2)
      let dashboard = await queueDashboard.dashboard(p.supervisor)
      expect(dashboard.awaitingFiling.alert).toEqual({ raised: false, size: 3, threshold: 1000, over: 0 })
      expect(dashboard.awaitingFiling.buckets.map((b) => b.count)).toEqual([2, 0, 0, 1, 0])

      const set = await queueDashboard.setThreshold(p.supervisor, { threshold: '2', expectedVersion: 0 })
      dashboard = await queueDashboard.dashboard(p.supervisor)
      expect(dashboard.awaitingFiling.alert).toEqual({ raised: true, size: 3, threshold: 2, over: 1 })
      // A second supervisor working from the page before is told, and the threshold stays as set.
      expect(
        await failure(queueDashboard.setThreshold(p.supervisor, { threshold: '5', expectedVersion: 0 })),
      ).toBeInstanceOf(Conflict)
      expect(
        await failure(queueDashboard.setThreshold(p.supervisor, { threshold: 'lots', expectedVersion: set.version })),
      ).toBeInstanceOf(ValidationFailed)
      expect(
        await failure(queueDashboard.setThreshold(p.dm, { threshold: '5', expectedVersion: set.version })),
      ).toBeInstanceOf(Forbidden)
      expect((await queueDashboard.threshold(p.supervisor)).value).toBe(2)
    })
  })

  describe('allocation', () => {
    it('shows each candidate’s open work by stage and their hours less absence, least loaded first', async () => {
      const p = await people()
      const unit = await ctx.deps.services.directory.createUnit(p.force.system, {
        name: 'Central investigation team',
        unitType: 'investigation',
        function: 'Investigates volume crime',
        location: 'Northampton',
        hours: 'Monday to Friday',
        contact: '01604 111111',
        whatToSend: 'Crimes to investigate',
        takesWork: ['crime'],
        active: true,
      })
      const staff = await ctx.deps.services.staff.createStaff(p.force.system, {
        name: 'PC Sam Test',
        jobTitle: 'Constable',
        unitId: unit.unitId,
        userId: p.officerId,
        contractedHours: 37.5,
        workingDays: [1, 2, 3, 4, 5],
        startedOn: '2020-01-01',
      })
      await ctx.deps.services.staffAbsences.recordAbsence(p.force.system, staff.staffId, {
        absenceType: 'leave',
        planned: true,
        startsOn: '2026-11-27',
        expectedEndOn: '2026-11-27',
        hoursPerDay: undefined,
      })
      await crimesAt(p, 'under_investigation', 2)
      const { candidates, units } = await queueAllocation.allocation(p.dm)
      expect(units.map((u) => u.name)).toContain('Central investigation team')
      const officer = candidates.find((c) => c.userId === p.officerId)!
      expect(officer.openWork).toEqual([{ status: 'under_investigation', label: 'Under investigation', count: 2 }])
      expect(officer.totalOpen).toBe(2)
      // Thursday 26 November to Wednesday 2 December: five working days of 7.5 hours, Friday on leave.
      expect(officer.contractedHours).toBe(37.5)
      expect(officer.availableHours).toBe(30)
      const dm = candidates.find((c) => c.userId === p.dm.id)!
      expect(dm.contractedHours).toBeNull()
      const inUnit = await queueAllocation.allocation(p.dm, { unitId: unit.unitId })
      expect(inUnit.candidates.map((c) => c.userId)).toEqual([p.officerId])

      const [waiting] = await crimesAt(p, 'awaiting_allocation', 1)
      const result = await queueActions.bulkAct(
        p.dm,
        'awaiting-allocation',
        'allocate',
        [{ crimeId: waiting!.crimeId, expectedVersion: waiting!.version }],
        { assignedUserId: p.officerId, assignedUnitId: unit.unitId },
      )
      expect(result.done).toHaveLength(1)
      const after = await queueAllocation.allocation(p.dm, { unitId: unit.unitId })
      expect(after.candidates[0]!.totalOpen).toBe(3)
      const noOne = await failure(
        queueActions.bulkAct(p.dm, 'awaiting-allocation', 'allocate', [
          { crimeId: waiting!.crimeId, expectedVersion: waiting!.version },
        ]),
      )
      expect((noOne as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['assignedUserId'])
    })
  })

  describe('daily snapshots', () => {
    it('rebuilds past days from the status history, writes each day once, and feeds the trend', async () => {
      const p = await people()
      // Two arrive in awaiting filing on the 20th, one more on the 23rd; one leaves it on the 24th.
      const early = await at('2026-11-20T10:00:00Z', () => crimesAt(p, 'awaiting_filing', 2))
      await at('2026-11-23T10:00:00Z', () => crimesAt(p, 'awaiting_filing', 1))
      await at('2026-11-24T10:00:00Z', () =>
        queueActions.actOn(p.dm, 'awaiting-filing', early[0]!.crimeId, 'start_quality_check', early[0]!.version),
      )
      // Today, before the snapshot is taken, another arrives: it must not count on earlier days.
      await crimesAt(p, 'awaiting_filing', 1)

      const result = await queueDashboard.snapshot(p.supervisor, { maxDays: 10 })
      expect(result.days).toEqual([
        '2026-11-16',
        '2026-11-17',
        '2026-11-18',
        '2026-11-19',
        '2026-11-20',
        '2026-11-21',
        '2026-11-22',
        '2026-11-23',
        '2026-11-24',
        '2026-11-25',
      ])
      const again = await queueDashboard.snapshot(p.supervisor, { maxDays: 10 })
      expect(again).toMatchObject({ days: [], written: 0 })

      const dashboard = await queueDashboard.dashboard(p.supervisor)
      const filing = dashboard.trend.filter((point) => point.queue === 'awaiting-filing')
      expect(filing.map((point) => [point.day, point.size, point.live])).toEqual([
        ['2026-11-16', 0, false],
        ['2026-11-17', 0, false],
        ['2026-11-18', 0, false],
        ['2026-11-19', 0, false],
        ['2026-11-20', 2, false],
        ['2026-11-21', 2, false],
        ['2026-11-22', 2, false],
        ['2026-11-23', 3, false],
        ['2026-11-24', 2, false],
        ['2026-11-25', 2, false],
        ['2026-11-26', 3, true],
      ])
      const check = dashboard.trend.filter((point) => point.queue === 'imu-quality-check')
      expect(check.find((point) => point.day === '2026-11-24')?.size).toBe(1)
      // A week ago (the 19th) awaiting filing was empty.
      expect(dashboard.queues.find((q) => q.queue.key === 'awaiting-filing')?.weekAgo).toBe(0)
      // 24-hour recording, by week: every crime here was recorded two hours after the report.
      const recorded = dashboard.recording.reduce((sum, week) => sum + week.recorded, 0)
      expect(recorded).toBe(3)
      expect(dashboard.recording.every((week) => week.percent === null || week.percent === 100)).toBe(true)
      expect(dashboard.holders.find((h) => h.userId === p.officerId)?.total).toBe(4)
    })

    it('rebuilds the re-opened and recording-decision queues from the time each item spent in them', async () => {
      const p = await people()
      const operator = (await p.force.user('control_room_operator')).actor
      // An incident received on the 22nd and decided on the 24th; one received on the 25th, still waiting.
      const first = await at('2026-11-22T10:00:00Z', () =>
        ctx.deps.services.incidents.log(operator, {
          channel: '999',
          receivedAt: '2026-11-22T10:00:00Z',
          openingCategory: 'crime-theft',
        }),
      )
      await at('2026-11-24T10:00:00Z', () =>
        ctx.deps.services.crimes.record(p.dm, {
          incidentId: first.incidentId,
          offenceCode: '49',
          offenceFrom: '2026-11-22T09:00:00Z',
        }),
      )
      await at('2026-11-25T10:00:00Z', () =>
        ctx.deps.services.incidents.log(operator, {
          channel: '101',
          receivedAt: '2026-11-25T10:00:00Z',
          openingCategory: 'crime-theft',
        }),
      )
      // A crime filed on the 20th and re-opened on the 23rd.
      const filed = await at('2026-11-20T10:00:00Z', () => crimeAt(p, 'filed'))
      await at('2026-11-23T10:00:00Z', () =>
        queueActions.actOn(p.dm, 'recently-filed', filed.crimeId, 'reopen', filed.version, { reason: 'New witness' }),
      )
      await queueDashboard.snapshot(p.supervisor, { maxDays: 6 })
      const dashboard = await queueDashboard.dashboard(p.supervisor)
      const sizes = (key: string) =>
        dashboard.trend.filter((point) => point.queue === key).map((point) => [point.day, point.size])
      // The dashboard's own catch-up added the 19th (its week), rebuilt the same way.
      expect(sizes('recording-decision-due')).toEqual([
        ['2026-11-19', 0],
        ['2026-11-20', 0],
        ['2026-11-21', 0],
        ['2026-11-22', 1],
        ['2026-11-23', 1],
        ['2026-11-24', 0],
        ['2026-11-25', 1],
        ['2026-11-26', 1],
      ])
      expect(sizes('reopened')).toEqual([
        ['2026-11-19', 0],
        ['2026-11-20', 0],
        ['2026-11-21', 0],
        ['2026-11-22', 0],
        ['2026-11-23', 1],
        ['2026-11-24', 1],
        ['2026-11-25', 1],
        ['2026-11-26', 1],
      ])
    })

    it('the next day writes only the day just ended; every force in one call', async () => {
      const p = await people()
      await queueDashboard.snapshot(p.supervisor)
      const next = await at('2026-11-27T00:05:00Z', () => queueDashboard.snapshot(p.supervisor))
      expect(next.days).toEqual(['2026-11-26'])
      const all = await at('2026-11-28T00:05:00Z', () => queueDashboard.snapshotAllForces({ maxDays: 1 }))
      expect(all.find((r) => r.forceId === p.force.forceId)?.days).toEqual(['2026-11-27'])
    })
  })
})
