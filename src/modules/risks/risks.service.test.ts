import { systemActor } from '../../platform/auth/actor.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ValidationFailed, Conflict } from '../../platform/http/errors.ts'
import { createTestContext, TEST_NOW, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { defineIndicator, IndicatorRegistry, type Indicator } from './risks.indicators.ts'
import { RisksRepository } from './risks.repository.ts'
import type { Reading } from './risks.rules.ts'
import { RisksService } from './risks.service.ts'

describe(RisksService.name, () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  /** A register whose awaiting-filing size reads whatever the test sets. */
  function registerWith(extra: Indicator[] = []) {
    const state: { backlog: Reading; failing: boolean } = { backlog: null, failing: false }
    const indicators = new IndicatorRegistry([
      defineIndicator('queues.awaiting-filing.size', () =>
        state.failing ? Promise.reject(new Error('queue unavailable')) : Promise.resolve(state.backlog),
      ),
      ...extra,
    ])
    const errors: string[] = []
    const risks = new RisksService(
      ctx.deps.db,
      new RisksRepository(),
      ctx.deps.services.auditTrail,
      ctx.deps.services.accounts,
      ctx.clock,
      indicators,
      (key) => errors.push(key),
    )
    return { risks, state, errors }
  }

  async function validRisk(force: TestForce) {
    const owner = await force.user('imu_supervisor')
    return {
      title: 'IMU backlog growing',
      description: 'Crimes awaiting filing rising week on week',
      ownerUserId: owner.userId,
      likelihood: 3,
      impact: 4,
      mitigations: 'Overtime approved for two weeks',
      status: 'open',
      reviewDate: '2026-12-31',
    }
  }

  it('offers as owners only people whose roles may see and manage the register (issue 16)', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const registrar = await force.user('force_crime_registrar')
    const auditor = await force.user('auditor')
    const partner = await force.user('partner_reporter')
    const inspector = await force.user('inspector')
    const { risks } = registerWith()
    const owners = (await risks.possibleOwners(supervisor.actor)).map((owner) => owner.userId)
    expect(owners).toEqual(expect.arrayContaining([supervisor.userId, registrar.userId]))
    expect(owners).not.toContain(auditor.userId)
    expect(owners).not.toContain(partner.userId)
    expect(owners).not.toContain(inspector.userId)
    await expect(
      risks.create(supervisor.actor, { ...(await validRisk(force)), ownerUserId: auditor.userId }),
    ).rejects.toThrow(ValidationFailed)
  })

  it('records a risk with its score and the first entry in its history', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const { risks } = registerWith()
    const { riskId } = await risks.create(supervisor.actor, await validRisk(force))
    const { risk, history } = await risks.get(supervisor.actor, riskId)
    expect(risk).toMatchObject({ score: 12, rating: 'high', ownerName: 'Test imu_supervisor', raisedBy: 'person' })
    expect(history.map((h) => h.kind)).toEqual(['created'])
    const audit = await ctx.deps.services.auditTrail.search(systemActor(supervisor.actor.forceId), {
      recordType: 'risk',
      recordId: riskId,
      limit: 10,
    })
    expect(audit.map((e) => e.action)).toEqual(['RISK_CREATED'])
  })

  it.each([
    ['likelihood', { likelihood: 7 }, 'Likelihood must be a whole number from 1 (rare) to 5 (almost certain)'],
    ['impact', { impact: 0 }, 'Impact must be a whole number from 1 (negligible) to 5 (severe)'],
    ['reviewDate', { reviewDate: '2026-02-30' }, 'Review date must be a real date'],
    ['ownerUserId', { ownerUserId: '0190d1a0-0000-7000-8000-000000000000' }, 'Choose an owner from this force’s users'],
    ['status', { status: 'maybe' }, 'Status must be one of: open, treating, tolerated, closed'],
    ['title', { title: '  ' }, 'Enter a title for the risk'],
  ])('refuses a risk with a bad %s, naming the field, and stores nothing', async (field, change, message) => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const { risks } = registerWith()
    const error = await risks
      .create(supervisor.actor, { ...(await validRisk(force)), ...change })
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationFailed)
    expect((error as ValidationFailed).fieldErrors).toEqual([{ field, message }])
    expect(await risks.list(supervisor.actor, { includeClosed: true })).toEqual([])
  })

  it('keeps every change with before, after, who and why, and refuses a stale version', async () => {
    const force = await ctx.newForce()
    const supervisor = await force.user('imu_supervisor')
    const { risks } = registerWith()
    const input = await validRisk(force)
    const { riskId } = await risks.create(supervisor.actor, input)
    await risks.update(supervisor.actor, riskId, {
      ...input,
      likelihood: 4,
      expectedVersion: 1,
      reason: 'Two more absences',
    })
    const { risk, history } = await risks.get(supervisor.actor, riskId)
    expect(risk).toMatchObject({ likelihood: 4, score: 16, rating: 'very-high', version: 2 })
    expect(history[0]).toMatchObject({
      kind: 'updated',
      actorName: 'Test imu_supervisor',
      reason: 'Two more absences',
      changes: { likelihood: { before: 3, after: 4 } },
    })
    await expect(risks.update(supervisor.actor, riskId, { ...input, expectedVersion: 1 })).rejects.toBeInstanceOf(
      Conflict,
    )
  })

  describe('watched indicators', () => {
    it('raises a risk when an indicator crosses its trigger, tells the owner and records why — once', async () => {
      const force = await ctx.newForce()
      const supervisor = await force.user('imu_supervisor')
      const { risks, state } = registerWith()

      state.backlog = 640
      const quiet = await risks.evaluateIndicators(force.system, '2026-11-26')
      expect(quiet).toMatchObject({ checked: 1, raised: [], escalated: [] })
      // The default watch was installed by the first check, with nobody having to set it up.
      expect(
        (await risks.watches(supervisor.actor)).map((w) => [w.indicatorKey, w.triggerText, w.lastReading]),
      ).toEqual([['queues.awaiting-filing.size', 'above 1,000', '640']])

      state.backlog = 1200
      const first = await risks.evaluateIndicators(force.system, '2026-11-27')
      expect(first.raised).toHaveLength(1)
      const raised = first.raised[0]!
      expect(raised.reason).toBe('Crimes awaiting filing read 1,200, above 1,000 (checked 2026-11-27)')

      // Checking again, even twice at once, raises nothing more.
      const again = await Promise.all([
        risks.evaluateIndicators(force.system, '2026-11-27'),
        risks.evaluateIndicators(force.system, '2026-11-28'),
      ])
      expect(again.flatMap((r) => [...r.raised, ...r.escalated])).toEqual([])
      expect(await risks.list(supervisor.actor)).toHaveLength(1)

      const { risk, history } = await risks.get(supervisor.actor, raised.riskId)
      expect(risk).toMatchObject({
        title: 'Awaiting-filing backlog above its threshold',
        raisedBy: 'indicator',
        ownerUserId: supervisor.userId,
        likelihood: 4,
        impact: 4,
        reviewDate: '2026-11-27',
      })
      expect(history).toEqual([
        expect.objectContaining({ kind: 'raised', actorName: 'Test setup', reason: raised.reason }),
      ])

      const notifications = await risks.notificationsFor(supervisor.actor)
      expect(notifications).toEqual([
        expect.objectContaining({
          riskId: raised.riskId,
          message: 'Tally raised a new risk: Awaiting-filing backlog above its threshold',
          reason: raised.reason,
        }),
      ])
      await risks.markNotificationRead(supervisor.actor, notifications[0]!.notificationId)
      expect(await risks.notificationsFor(supervisor.actor)).toEqual([])

      const audit = await ctx.deps.services.auditTrail.search(systemActor(supervisor.actor.forceId), {
        recordType: 'risk',
        limit: 10,
      })
      expect(audit.map((e) => e.action)).toEqual(['RISK_RAISED'])
    })

    it('notes when the indicator is back within its trigger, and escalates the same risk if it crosses again', async () => {
      const force = await ctx.newForce()
      const supervisor = await force.user('imu_supervisor')
      const { risks, state } = registerWith()
      state.backlog = 1100
      const { raised } = await risks.evaluateIndicators(force.system, '2026-11-20')
      const riskId = raised[0]!.riskId

      state.backlog = 900
      const cleared = await risks.evaluateIndicators(force.system, '2026-11-23')
      expect(cleared.cleared).toEqual([
        {
          riskId,
          reason: 'Crimes awaiting filing read 900, back within its trigger (above 1,000) (checked 2026-11-23)',
        },
      ])

      state.backlog = 1400
      const escalated = await risks.evaluateIndicators(force.system, '2026-11-26')
      expect(escalated.raised).toEqual([])
      expect(escalated.escalated).toEqual([expect.objectContaining({ riskId })])
      const { risk, history } = await risks.get(supervisor.actor, riskId)
      expect(risk).toMatchObject({ likelihood: 5, score: 20, version: 2 })
      expect(history.map((h) => h.kind)).toEqual(['escalated', 'indicator_cleared', 'raised'])
      expect(history[0]!.changes).toEqual({ likelihood: { before: 4, after: 5 } })
      expect((await risks.notificationsFor(supervisor.actor)).map((n) => n.message)).toEqual([
        'Tally escalated a risk you own: Awaiting-filing backlog above its threshold (likelihood 4 → 5, score 16 → 20)',
        'Tally raised a new risk: Awaiting-filing backlog above its threshold',
      ])
    })

    it('escalates a risk a person linked to an indicator, re-opening it if it was tolerated', async () => {
      const force = await ctx.newForce()
      const supervisor = await force.user('imu_supervisor')
      let percent: Reading = 95
      const { risks } = registerWith([
        defineIndicator('staff.control-room-trained-percent', () => Promise.resolve(percent)),
      ])
      const { riskId } = await risks.create(supervisor.actor, {
        ...(await validRisk(force)),
        title: 'Control-room recruits not released for training',
        status: 'tolerated',
      })
      await expect(
        risks.linkIndicator(supervisor.actor, riskId, {
          indicatorKey: 'staff.control-room-trained-percent',
          kind: 'within-weeks',
          weeks: 2,
        }),
      ).rejects.toThrow('kind: For this indicator the trigger must be: above or below')
      await expect(
        risks.linkIndicator(supervisor.actor, riskId, {
          indicatorKey: 'staff.control-room-trained-percent',
          kind: 'below',
          threshold: 140,
        }),
      ).rejects.toThrow('threshold: A percentage threshold must be from 0 to 100')
      await risks.linkIndicator(supervisor.actor, riskId, {
        indicatorKey: 'staff.control-room-trained-percent',
        kind: 'below',
        threshold: '85',
      })

      percent = 70
      const result = await risks.evaluateIndicators(force.system, '2026-11-26')
      // The default watch on the same indicator (below 90) raises its own risk; the linked one escalates.
      expect(result.escalated.map((e) => e.riskId)).toEqual([riskId])
      expect(result.raised.map((r) => r.title)).toEqual(['Control-room staff not trained in crime recording'])
      const { risk, watches } = await risks.get(supervisor.actor, riskId)
      expect(risk).toMatchObject({ status: 'open', likelihood: 4, reviewDate: '2026-11-26' })
      expect(watches).toEqual([
        expect.objectContaining({ triggerText: 'below 85%', state: 'triggered', lastReading: '70%' }),
      ])
    })

    it('leaves a watch alone when its indicator cannot be read, and says which', async () => {
      const force = await ctx.newForce()
      await force.user('imu_supervisor')
      const { risks, state, errors } = registerWith()
      state.failing = true
      const result = await risks.evaluateIndicators(force.system, '2026-11-26')
      expect(result).toMatchObject({ checked: 0, raised: [], unreadable: ['queues.awaiting-filing.size'] })
      expect(errors).toEqual(['queues.awaiting-filing.size'])
    })

    it('lets a supervisor change a watch’s trigger, or switch it off', async () => {
      const force = await ctx.newForce()
      const supervisor = await force.user('imu_supervisor')
      const { risks, state } = registerWith()
      await risks.evaluateIndicators(force.system, '2026-11-25')
      const [watch] = await risks.watches(supervisor.actor)
      await expect(
        risks.updateWatch(supervisor.actor, watch!.linkId, {
          kind: 'above',
          threshold: 'lots',
          active: true,
          expectedVersion: 1,
        }),
      ).rejects.toThrow('threshold: Enter the threshold as a number')
      await risks.updateWatch(supervisor.actor, watch!.linkId, {
        kind: 'above',
        threshold: 1500,
        active: false,
        expectedVersion: 1,
      })
      state.backlog = 2000
      expect((await risks.evaluateIndicators(force.system, '2026-11-26')).checked).toBe(0)
      await expect(
        risks.updateWatch(supervisor.actor, watch!.linkId, {
          kind: 'above',
          threshold: 1500,
          active: true,
          expectedVersion: 1,
        }),
      ).rejects.toBeInstanceOf(Conflict)
    })

    it('only reads when asked for the watches: the first check installs the defaults, audited, once', async () => {
      const force = await ctx.newForce()
      const supervisor = await force.user('imu_supervisor')
      const { risks } = registerWith()
      expect(await risks.watches(supervisor.actor)).toEqual([])
      expect(await risks.lastCheck(supervisor.actor)).toBeUndefined()

      const first = await risks.evaluateIndicators(force.system, '2026-11-26')
      expect(first).toMatchObject({ installed: 1, checked: 1 })
      const [watch] = await risks.watches(supervisor.actor)
      const audit = await ctx.deps.services.auditTrail.search(systemActor(supervisor.actor.forceId), {
        recordType: 'risk-indicator-link',
        limit: 10,
      })
      expect(audit).toEqual([
        expect.objectContaining({
          action: 'RISK_WATCH_INSTALLED',
          recordId: watch!.linkId,
          actorName: 'Test setup',
          changes: {
            indicatorKey: { before: null, after: 'queues.awaiting-filing.size' },
            trigger: { before: null, after: { kind: 'above', threshold: 1000 } },
            preset: { before: null, after: watch!.preset },
          },
        }),
      ])

      ctx.clock.advance(60 * 60 * 1000)
      try {
        expect(await risks.evaluateIndicators(force.system, '2026-11-26')).toMatchObject({ installed: 0 })
        expect(await risks.lastCheck(supervisor.actor)).toEqual({
          checkedAt: new Date('2026-11-26T10:00:00.000Z'),
          checkedFor: '2026-11-26',
          requestedBy: 'Test setup',
          installed: 0,
          checked: 1,
          raised: 0,
          escalated: 0,
          cleared: 0,
          unreadable: [],
        })
      } finally {
        ctx.clock.set(TEST_NOW)
      }
      expect(
        await ctx.deps.services.auditTrail.search(systemActor(supervisor.actor.forceId), {
          action: 'RISK_WATCH_INSTALLED',
          limit: 10,
        }),
      ).toHaveLength(1)
    })

    it('keeps a check’s unreadable indicators by name for the register', async () => {
      const force = await ctx.newForce()
      const { risks, state } = registerWith()
      state.failing = true
      await risks.evaluateIndicators(force.system, '2026-11-26')
      expect(await risks.lastCheck(force.system)).toMatchObject({ checked: 0, unreadable: ['Crimes awaiting filing'] })
    })
  })

  describe('notifications', () => {
    it('marks a notification for everyone read for one person only', async () => {
      // No supervisor or registrar yet, so the raised risk has no owner and its notification is for everyone.
      const force = await ctx.newForce()
      const { risks, state } = registerWith()
      state.backlog = 1500
      const { raised } = await risks.evaluateIndicators(force.system, '2026-11-26')
      expect(raised).toHaveLength(1)
      const supervisor = await force.user('imu_supervisor')
      const registrar = await force.user('force_crime_registrar')
      const [shared] = await risks.notificationsFor(supervisor.actor)
      expect(shared).toMatchObject({ riskId: raised[0]!.riskId, recipientUserId: null })

      await risks.markNotificationRead(supervisor.actor, shared!.notificationId)
      expect(await risks.notificationsFor(supervisor.actor)).toEqual([])
      expect((await risks.notificationsFor(registrar.actor)).map((n) => n.notificationId)).toEqual([
        shared!.notificationId,
      ])
      await expect(risks.markNotificationRead(supervisor.actor, shared!.notificationId)).rejects.toThrow(
        'No unread notification with that id for you',
      )
      const seen = async (actor: typeof supervisor.actor) =>
        (await risks.get(actor, raised[0]!.riskId)).notifications.map((n) => n.readAt !== null)
      expect(await seen(supervisor.actor)).toEqual([true])
      expect(await seen(registrar.actor)).toEqual([false])

      await risks.markNotificationRead(registrar.actor, shared!.notificationId)
      expect(await risks.notificationsFor(registrar.actor)).toEqual([])
    })

    it('lets nobody but its recipient mark a notification addressed to one person', async () => {
      const force = await ctx.newForce()
      const supervisor = await force.user('imu_supervisor')
      const registrar = await force.user('force_crime_registrar')
      const { risks, state } = registerWith()
      state.backlog = 1500
      await risks.evaluateIndicators(force.system, '2026-11-26')
      const [mine] = await risks.notificationsFor(supervisor.actor)
      expect(mine).toMatchObject({ recipientUserId: supervisor.userId })
      expect(await risks.notificationsFor(registrar.actor)).toEqual([])
      await expect(risks.markNotificationRead(registrar.actor, mine!.notificationId)).rejects.toThrow(
        'No unread notification with that id for you',
      )
      expect(await risks.notificationsFor(supervisor.actor)).toHaveLength(1)
    })
  })

  it('keeps one force’s risks out of another’s sight', async () => {
    const mine = await ctx.newForce()
    const theirs = await ctx.newForce()
    const { risks } = registerWith()
    const { riskId } = await risks.create((await mine.user('imu_supervisor')).actor, await validRisk(mine))
    const other = (await theirs.user('imu_supervisor')).actor
    expect(await risks.list(other)).toEqual([])
    await expect(risks.get(other, riskId)).rejects.toThrow('No risk with that id')
  })
})
