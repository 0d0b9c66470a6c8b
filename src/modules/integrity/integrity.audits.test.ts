import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../platform/auth/actor.ts'
import type { ValidationFailed } from '../../platform/http/errors.ts'
import { Forbidden } from '../../platform/http/errors.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { Answers } from './integrity.audits.rules.ts'

const NO_ANSWERS: Answers = {
  shouldHaveBeenCrimed: null,
  wasCrimed: null,
  correctClassification: null,
  recordedOnTime: null,
  cancellationCorrect: null,
  victimTold: null,
}

describe('rule 24: CDI self-audit', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  /** Logs incidents through the control-room service: 6 by 999 and 4 by 101, on 20–24 November 2026. */
  async function reports(force: TestForce) {
    const operator = await force.user('control_room_operator')
    for (let i = 0; i < 10; i++) {
      await ctx.deps.services.incidents.log(operator.actor, {
        channel: i < 6 ? '999' : '101',
        receivedAt: `2026-11-${20 + (i % 5)}T10:0${i}:00Z`,
        openingCategory: i % 2 === 0 ? 'crime-violence' : 'concern-for-safety',
      })
    }
  }

  const audit = (force: TestForce, overrides = {}) =>
    force.user('auditor').then((auditor) =>
      ctx.deps.services.audits.create(auditor.actor, {
        title: 'Reports of violence, November',
        population: 'incidents',
        periodFrom: '2026-11-20',
        periodTo: '2026-11-24',
        design: 'simple',
        targetMarginPoints: 20,
        seed: 20261126,
        ...overrides,
      }),
    )

  it('rule 24: draws a random sample sized for the margin, with the seed recorded, the same again from the same seed', async () => {
    const force = await ctx.newForce()
    await reports(force)
    const first = await audit(force)
    expect(first).toMatchObject({ populationSize: 10, seed: 20261126, design: 'simple', targetMargin: 0.2 })
    const auditor = await force.user('auditor')
    const items = (await ctx.deps.services.audits.view(auditor.actor, first.auditId)).items
    // n0 = 1.96²·0.25/0.2² ≈ 24.01, corrected for a population of 10: 8.
    expect(items).toHaveLength(8)
    const again = await ctx.deps.services.audits.view(auditor.actor, (await audit(force)).auditId)
    expect(again.items.map((i) => i.recordId).sort()).toEqual(items.map((i) => i.recordId).sort())
    const other = await ctx.deps.services.audits.view(auditor.actor, (await audit(force, { seed: 7 })).auditId)
    expect(other.items.map((i) => i.recordId).sort()).not.toEqual(items.map((i) => i.recordId).sort())
  })

  it('rule 24: stratifies by channel in proportion to the population', async () => {
    const force = await ctx.newForce()
    await reports(force)
    const drawn = await audit(force, { design: 'stratified', targetMarginPoints: 30 })
    expect(drawn.strata).toEqual([
      { stratum: '101', population: 4, sample: expect.any(Number) as number },
      { stratum: '999', population: 6, sample: expect.any(Number) as number },
    ])
    const auditor = await force.user('auditor')
    const { items } = await ctx.deps.services.audits.view(auditor.actor, drawn.auditId)
    for (const stratum of drawn.strata) {
      expect(items.filter((i) => i.stratum === stratum.stratum)).toHaveLength(stratum.sample)
    }
  })

  it('rule 24: verdicts give the recording rate with its Wilson interval and the crimes not recorded in a year; each verdict is audited; a rate below the force’s level raises a risk', async () => {
    const force = await ctx.newForce()
    await reports(force)
    const drawn = await audit(force)
    const auditor = await force.user('auditor')
    const { items } = await ctx.deps.services.audits.view(auditor.actor, drawn.auditId)
    const operator = await force.user('control_room_operator')
    await expect(
      ctx.deps.services.audits.recordVerdict(operator.actor, drawn.auditId, items[0]!.itemId, {
        expectedVersion: 1,
        answers: { ...NO_ANSWERS, shouldHaveBeenCrimed: false },
      }),
    ).rejects.toBeInstanceOf(Forbidden)
    const missing = await ctx.deps.services.audits
      .recordVerdict(auditor.actor, drawn.auditId, items[0]!.itemId, {
        expectedVersion: 1,
        answers: { ...NO_ANSWERS, shouldHaveBeenCrimed: true },
      })
      .catch((e: unknown) => e)
    expect((missing as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['wasCrimed'])
    // Six should have been crimed; three were.
    for (const [i, item] of items.entries()) {
      await ctx.deps.services.audits.recordVerdict(auditor.actor, drawn.auditId, item.itemId, {
        expectedVersion: 1,
        answers: { ...NO_ANSWERS, shouldHaveBeenCrimed: i < 6, wasCrimed: i < 6 ? i < 3 : null, victimTold: i < 4 },
      })
    }
    const { results, audit: stored } = await ctx.deps.services.audits.view(auditor.actor, drawn.auditId)
    expect(results.recording).toMatchObject({ rate: 0.5, n: 6 })
    expect(results.recording.low).toBeCloseTo(0.1876, 3)
    expect(results.recording.high).toBeCloseTo(0.8124, 3)
    expect(results.checks.find((c) => c.key === 'victimTold')!.interval).toMatchObject({ rate: 0.5, n: 8 })
    // No crimes were recorded in the force's year, so the estimate scales nothing.
    expect(stored.recordedCrimeInYear).toBe(0)
    expect(results.unrecorded).toEqual({ central: 0, low: 0, high: 0 })

    const trail = await ctx.deps.db.withForce(force.forceId, (tx) =>
      ctx.deps.services.auditTrail.forRecord(tx, 'integrity_audit', drawn.auditId),
    )
    expect(trail.filter((e) => e.action === 'INTEGRITY_AUDIT_VERDICT')).toHaveLength(8)

    const check = await ctx.deps.services.risks.evaluateIndicators(systemActor(force.forceId), '2026-11-26')
    expect(check.raised.map((r) => r.title)).toContain('Self-audit found crimes going unrecorded')
  })

  it('records findings and actions with an owner and a due date', async () => {
    const force = await ctx.newForce()
    await reports(force)
    const drawn = await audit(force)
    const auditor = await force.user('auditor')
    const bad = await ctx.deps.services.audits
      .addAction(auditor.actor, drawn.auditId, { finding: '', action: 'x', owner: '', dueDate: '2026-02-30' })
      .catch((e: unknown) => e)
    expect((bad as ValidationFailed).fieldErrors.map((e) => e.field)).toEqual(['finding', 'owner', 'dueDate'])
    await ctx.deps.services.audits.addAction(auditor.actor, drawn.auditId, {
      finding: 'Assaults closed as concern for safety',
      action: 'Brief control-room supervisors on the recording test',
      owner: 'Control room inspector',
      dueDate: '2027-01-31',
    })
    const { actions } = await ctx.deps.services.audits.view(auditor.actor, drawn.auditId)
    expect(actions).toEqual([expect.objectContaining({ owner: 'Control room inspector', dueDate: '2027-01-31' })])
  })
})
