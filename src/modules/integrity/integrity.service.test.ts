import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { systemActor } from '../../platform/auth/actor.ts'
import { Forbidden } from '../../platform/http/errors.ts'
import { fieldsOf } from '../../../test/support/assertions.ts'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'

describe('IntegrityService', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  async function openIncident(force: TestForce, openingCategory: string, narrative: string) {
    const operator = await force.user('control_room_operator')
    const { incidentId } = await ctx.deps.services.incidents.log(operator.actor, {
      channel: '101',
      receivedAt: '2026-11-26T07:00:00Z',
      openingCategory,
      narrative,
    })
    return { operator, incident: await ctx.deps.services.incidents.get(operator.actor, incidentId) }
  }

  async function closeAsNonCrime(force: TestForce, narrative = 'Man seen in a garden at night') {
    const { operator, incident } = await openIncident(force, 'suspicious-circumstances', narrative)
    const decided = await ctx.deps.services.crimes.recordNonCrimeDecision(operator.actor, incident.incidentId, {
      expectedVersion: incident.version,
      reason: 'credible_evidence_to_contrary',
      rationale: 'The man was the householder’s son; he had lost his key. Confirmed by the householder.',
      victimInformed: true,
    })
    return ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
      expectedVersion: decided.version,
      closingCategory: 'crime-violence',
      closingRationale: 'x',
    })
  }

  describe('rule 4: non-crime closures of crime-related incidents go to the IMU non-crime audit queue', () => {
    it('rule 4: opened as suspicious circumstances, closed as violence with rationale "x" — refused until a non-crime decision with the victim told, then queued for review', async () => {
      const force = await ctx.newForce()
      const { operator, incident } = await openIncident(force, 'suspicious-circumstances', 'Man seen in a garden')
      expect(
        await fieldsOf(
          ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
            expectedVersion: incident.version,
            closingCategory: 'crime-violence',
            closingRationale: 'x',
          }),
        ),
      ).toEqual(['closingCategory'])
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.recordNonCrimeDecision(operator.actor, incident.incidentId, {
            expectedVersion: incident.version,
            reason: 'no_notifiable_offence',
            rationale: 'x',
            victimInformed: false,
          }),
        ),
      ).toEqual(['victimNotInformedReason'])
      const dm = await force.user('imu_decision_maker')
      expect(await ctx.deps.services.integrity.nonCrimeQueue(dm.actor, 'awaiting')).toEqual([])

      const closed = await closeAsNonCrime(force)
      expect(closed).toMatchObject({ status: 'closed', crimeRelated: true, recordingDecision: 'not_crimed' })
      const queue = await ctx.deps.services.integrity.nonCrimeQueue(dm.actor, 'awaiting')
      expect(queue).toEqual([
        expect.objectContaining({
          incidentId: closed.incidentId,
          nonCrimeReason: 'credible_evidence_to_contrary',
          victimInformed: true,
          status: 'awaiting',
        }),
      ])
    })

    it('a decision maker agrees, or sends back (the incident reopens with no decision); both are audited', async () => {
      const force = await ctx.newForce()
      const first = await closeAsNonCrime(force)
      const second = await closeAsNonCrime(force)
      const dm = await force.user('imu_decision_maker')
      const queue = await ctx.deps.services.integrity.nonCrimeQueue(dm.actor, 'awaiting')
      const review = (incidentId: string) => queue.find((r) => r.incidentId === incidentId)!

      const operator = await force.user('control_room_operator')
      await expect(
        ctx.deps.services.integrity.reviewNonCrime(operator.actor, review(first.incidentId).reviewId, {
          expectedVersion: 1,
          decision: 'agree',
        }),
      ).rejects.toBeInstanceOf(Forbidden)
      expect(
        await fieldsOf(
          ctx.deps.services.integrity.reviewNonCrime(dm.actor, review(second.incidentId).reviewId, {
            expectedVersion: 1,
            decision: 'send_back',
          }),
        ),
      ).toEqual(['note'])

      await ctx.deps.services.integrity.reviewNonCrime(dm.actor, review(first.incidentId).reviewId, {
        expectedVersion: 1,
        decision: 'agree',
      })
      await ctx.deps.services.integrity.reviewNonCrime(dm.actor, review(second.incidentId).reviewId, {
        expectedVersion: 1,
        decision: 'send_back',
        note: 'The caller said he was punched: record the assault',
      })
      expect(await ctx.deps.services.integrity.nonCrimeQueue(dm.actor, 'awaiting')).toEqual([])
      const reopened = await ctx.deps.services.incidents.get(dm.actor, second.incidentId)
      expect(reopened).toMatchObject({ status: 'open', recordingDecision: null, crimeRelated: true })

      const trail = await ctx.deps.db.withForce(force.forceId, async (tx) => [
        ...(await ctx.deps.services.auditTrail.forRecord(tx, 'incident', first.incidentId)),
        ...(await ctx.deps.services.auditTrail.forRecord(tx, 'incident', second.incidentId)),
      ])
      expect(trail.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          'NON_CRIME_CLOSURE_QUEUED',
          'NON_CRIME_CLOSURE_AGREED',
          'NON_CRIME_CLOSURE_SENT_BACK',
          'INCIDENT_NON_CRIME_SENT_BACK',
        ]),
      )
    })
  })

  describe('the uncrimed-incident detector', () => {
    it('flags an incident closed without a crime whose narrative discloses one, with the reasons', async () => {
      const force = await ctx.newForce()
      const { operator, incident } = await openIncident(
        force,
        'concern-for-safety',
        'Caller says her ex-partner punched her in the face and kicked her when she fell',
      )
      await ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        closingCategory: 'concern-for-safety',
        closingRationale: 'Advice given',
      })
      const quiet = await openIncident(force, 'lost-found-property', 'Caller lost her purse in town')
      await ctx.deps.services.incidents.close(operator.actor, quiet.incident.incidentId, {
        expectedVersion: quiet.incident.version,
        closingCategory: 'lost-found-property',
        closingRationale: 'Advice given',
      })
      const dm = await force.user('imu_decision_maker')
      const findings = await ctx.deps.services.integrity.findings(dm.actor, 'open')
      expect(findings).toHaveLength(1)
      expect(findings[0]).toMatchObject({
        incidentId: incident.incidentId,
        offenceGroup: 'violence-against-the-person',
      })
      expect(findings[0]!.reasons.join(' ')).toMatch(/punched/)
      expect(findings[0]!.score).toBeGreaterThan(0.5)
    })

    it('a "crime recorded now" verdict needs the crime recorded from the incident, and links it', async () => {
      const force = await ctx.newForce()
      const { operator, incident } = await openIncident(force, 'civil-dispute', 'Neighbour smashed my car window')
      const closed = await ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        closingCategory: 'civil-dispute',
        closingRationale: 'Civil matter',
      })
      const dm = await force.user('imu_decision_maker')
      const [finding] = await ctx.deps.services.integrity.findings(dm.actor, 'open')
      expect(
        await fieldsOf(
          ctx.deps.services.integrity.recordVerdict(dm.actor, finding!.findingId, {
            expectedVersion: finding!.version,
            verdict: 'crime_recorded',
            crimeReference: 'NOPE/1',
          }),
        ),
      ).toEqual(['crimeReference'])
      const open = await ctx.deps.services.incidents.reopen(dm.actor, incident.incidentId, {
        expectedVersion: closed.version,
        reason: 'Detector finding: criminal damage disclosed',
      })
      const { crime } = await ctx.deps.services.crimes.record(dm.actor, {
        incidentId: open.incidentId,
        victim: { givenName: 'Sam', familyName: 'Okafor' },
        offenceCode: '58A',
        offenceFrom: '2026-11-26T06:30:00Z',
      })
      const verdict = await ctx.deps.services.integrity.recordVerdict(dm.actor, finding!.findingId, {
        expectedVersion: finding!.version,
        verdict: 'crime_recorded',
        crimeReference: crime.crimeReference,
      })
      expect(verdict).toMatchObject({ status: 'crime_recorded', crimeId: crime.crimeId, verdictBy: dm.actor.name })
    })

    it('learns from a force’s verdicts: its scores on similar text change, another force’s do not', async () => {
      const force = await ctx.newForce()
      const other = await ctx.newForce()
      const text = 'Caller reports the school caretaker took his ladder from the shed without permission'
      const before = await ctx.deps.services.integrity.detectorFor(systemActor(force.forceId))
      const initial = before.assess(
        'The caretaker took the ladder from the garage without permission',
        'civil-dispute',
      ).score
      expect(initial).toBeGreaterThan(0.5)
      const dm = await force.user('imu_decision_maker')
      for (let i = 0; i < 3; i++) {
        const { operator, incident } = await openIncident(force, 'civil-dispute', `${text} (${i})`)
        await ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
          expectedVersion: incident.version,
          closingCategory: 'civil-dispute',
          closingRationale: 'His own ladder',
        })
      }
      for (const finding of await ctx.deps.services.integrity.findings(dm.actor, 'open')) {
        await ctx.deps.services.integrity.recordVerdict(dm.actor, finding.findingId, {
          expectedVersion: finding.version,
          verdict: 'not_a_crime',
          note: 'The ladder belongs to the caretaker; taking back his own property is not theft',
        })
      }
      const after = await ctx.deps.services.integrity.detectorFor(systemActor(force.forceId))
      const learnt = after.assess('The caretaker took the ladder from the garage without permission', 'civil-dispute')
      expect(learnt.score).toBeLessThan(initial - 0.2)
      expect(learnt.reasons.join(' ')).toMatch(/this force’s own verdicts/)
      const untouched = await ctx.deps.services.integrity.detectorFor(systemActor(other.forceId))
      expect(
        untouched.assess('The caretaker took the ladder from the garage without permission', 'civil-dispute').score,
      ).toBe(initial)
    })
  })
})
