import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, Forbidden } from '../../platform/http/errors.ts'
import { fieldsOf } from '../../../test/support/assertions.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { IncidentSubmission } from './incidents.service.ts'

describe('IncidentsService', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  const theftReport = (overrides: Partial<IncidentSubmission> = {}): IncidentSubmission => ({
    sourceSystem: 'STORM',
    sourceReference: `CAD-${Math.random().toString(36).slice(2)}`,
    channel: '999',
    receivedAt: '2026-11-26T08:15:00Z',
    location: { address: '12 Market Square, Northampton', postcode: 'NN1 2DL' },
    reportingPerson: { givenName: 'Amy', familyName: 'Jones' },
    openingCategory: 'crime-theft',
    qualifiers: [],
    narrative: 'Caller reports her bag was taken from a café table.',
    ...overrides,
  })

  describe('rule 1: incident first', () => {
    it('gives every report an incident with a unique id and number, its channel and received-at time', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const first = await ctx.deps.services.incidents.log(operator.actor, {
        channel: '101',
        receivedAt: '2026-11-26T08:00:00Z',
        openingCategory: 'asb-nuisance',
        narrative: 'Noise from a party',
      })
      const second = await ctx.deps.services.incidents.log(operator.actor, {
        channel: 'online',
        receivedAt: new Date('2026-11-26T08:30:00Z'),
        openingCategory: 'crime-damage',
      })
      expect(first.incidentId).not.toBe(second.incidentId)
      expect(first.incidentNumber).toMatch(/^261126-\d{4}$/)
      expect(second.incidentNumber).not.toBe(first.incidentNumber)
      const stored = await ctx.deps.services.incidents.get(operator.actor, second.incidentId)
      expect(stored).toMatchObject({ channel: 'online', crimeRelated: true, status: 'open', recordingDecision: null })
      expect(stored.receivedAt.toISOString()).toBe('2026-11-26T08:30:00.000Z')
    })

    it('refuses a report without a channel, received-at time or category, naming each field, and stores nothing', async () => {
      const force = await ctx.newForce()
      const operator = await force.user('control_room_operator')
      expect(
        await fieldsOf(
          ctx.deps.services.incidents.log(operator.actor, {
            channel: 'pigeon',
            receivedAt: undefined,
            openingCategory: 'made-up',
            qualifiers: ['nonsense'],
          }),
        ),
      ).toEqual(['receivedAt', 'channel', 'openingCategory', 'qualifiers'])
      expect(
        await fieldsOf(
          ctx.deps.services.incidents.log(operator.actor, {
            channel: '999',
            receivedAt: '2026-11-26T09:30:00Z',
            openingCategory: 'crime-theft',
          }),
        ),
      ).toEqual(['receivedAt'])
      expect(
        await fieldsOf(
          ctx.deps.services.incidents.log(operator.actor, {
            channel: '999',
            receivedAt: '2026-11-26T08:30:00Z',
            openingCategory: 'crime-theft',
            reportingPerson: { givenName: 'A', familyName: '' },
            location: { address: ' ' },
          }),
        ),
      ).toEqual(['location.address', 'reportingPerson.familyName'])
      expect(await force.rowCount('incident')).toBe(0)
    })

    it('links the reporting person and location through the people module', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(operator.actor, theftReport())
      const view = await ctx.deps.services.incidents.view(operator.actor, incident.incidentId)
      expect(view.location).toMatchObject({ address: '12 Market Square, Northampton', postcode: 'NN1 2DL' })
      expect(view.people).toEqual([
        expect.objectContaining({ displayName: expect.stringContaining('Jones') as string, role: 'reporting_person' }),
      ])
      expect(view.decisionDueBy.toISOString()).toBe('2026-11-27T08:15:00.000Z')
      const trail = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
        ctx.deps.services.auditTrail.forRecord(tx, 'incident', incident.incidentId),
      )
      expect(trail.map((event) => event.action)).toEqual(['PERSON_LINKED', 'INCIDENT_LOGGED', 'INCIDENT_VIEWED'])
    })
  })

  describe('idempotent intake', () => {
    it('returns the same incident for the same submission, and refuses different content under the same reference', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const submission = theftReport()
      const first = await ctx.deps.services.incidents.intake(operator.actor, submission)
      const again = await ctx.deps.services.incidents.intake(operator.actor, {
        ...submission,
        // The same instant written differently and keys in another order are the same submission.
        receivedAt: '2026-11-26T08:15:00.000+00:00',
      })
      expect(first.replayed).toBe(false)
      expect(again.replayed).toBe(true)
      expect(again.incident.incidentId).toBe(first.incident.incidentId)
      const clash = ctx.deps.services.incidents.intake(operator.actor, { ...submission, narrative: 'Something else' })
      await expect(clash).rejects.toBeInstanceOf(Conflict)
      await expect(clash).rejects.toThrow(/already submitted with different content/)
    })

    it('makes one incident from many concurrent copies of a submission', async () => {
      const force = await ctx.newForce()
      const operator = await force.user('control_room_operator')
      const submission = theftReport()
      const results = await Promise.all(
        Array.from({ length: 12 }, () => ctx.deps.services.incidents.intake(operator.actor, submission)),
      )
      expect(new Set(results.map((r) => r.incident.incidentId)).size).toBe(1)
      expect(results.filter((r) => !r.replayed)).toHaveLength(1)
      expect(await force.rowCount('incident')).toBe(1)
    })
  })

  describe('rule 4: non-crime rationale', () => {
    it('will not close a crime-related incident with no crime and no recorded rationale', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(operator.actor, theftReport())
      const fields = await fieldsOf(
        ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
          expectedVersion: incident.version,
          closingCategory: 'crime-theft',
          closingRationale: 'Advice given',
        }),
      )
      expect(fields).toEqual(['closingCategory'])
    })

    it('rule 4 applies to the closing category: opened as suspicious circumstances, closed as violence with rationale "x", is refused', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(
        operator.actor,
        theftReport({ openingCategory: 'suspicious-circumstances', narrative: 'Man seen in a garden' }),
      )
      expect(incident.crimeRelated).toBe(false)
      expect(
        await fieldsOf(
          ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
            expectedVersion: incident.version,
            closingCategory: 'crime-violence',
            closingRationale: 'x',
          }),
        ),
      ).toEqual(['closingCategory'])
      const unchanged = await ctx.deps.services.incidents.get(operator.actor, incident.incidentId)
      expect(unchanged).toMatchObject({ status: 'open', recordingDecision: null })
    })

    it('rule 4 applies to anything that made it crime-related on the way: taking the qualifier off does not undo it', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(
        operator.actor,
        theftReport({ openingCategory: 'concern-for-safety', qualifiers: [] }),
      )
      const raised = await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        qualifiers: ['rape-or-attempted-rape'],
      })
      const lowered = await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: raised.version,
        qualifiers: [],
      })
      expect(lowered.crimeRelated).toBe(true)
      expect(
        await fieldsOf(
          ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
            expectedVersion: lowered.version,
            closingCategory: 'concern-for-safety',
            closingRationale: 'Advice given',
          }),
        ),
      ).toEqual(['closingCategory'])
    })

    it('closes it once the reason no crime was recorded is on the incident (rule 5: and the victim was told)', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(operator.actor, theftReport())
      expect(
        await fieldsOf(
          ctx.deps.services.crimes.recordNonCrimeDecision(operator.actor, incident.incidentId, {
            expectedVersion: incident.version,
            reason: 'made-up',
            rationale: '',
            victimInformed: false,
          }),
        ),
      ).toEqual(['reason', 'rationale', 'victimNotInformedReason'])
      const decided = await ctx.deps.services.crimes.recordNonCrimeDecision(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        reason: 'credible_evidence_to_contrary',
        rationale: 'CCTV shows the caller left the bag on the bus; it was handed in.',
        victimInformed: true,
      })
      expect(decided.recordingDecision).toBe('not_crimed')
      const closed = await ctx.deps.services.incidents.close(operator.actor, incident.incidentId, {
        expectedVersion: decided.version,
        closingCategory: 'lost-found-property',
        closingRationale: 'Property found and returned',
      })
      expect(closed).toMatchObject({ status: 'closed', closingCategory: 'lost-found-property' })
    })

    it('closes a non-crime incident with just a closing category and rationale', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incidentId } = await ctx.deps.services.incidents.log(operator.actor, {
        channel: '101',
        receivedAt: '2026-11-26T07:00:00Z',
        openingCategory: 'concern-for-safety',
      })
      const incident = await ctx.deps.services.incidents.get(operator.actor, incidentId)
      const closed = await ctx.deps.services.incidents.close(operator.actor, incidentId, {
        expectedVersion: incident.version,
        closingCategory: 'concern-for-safety',
        closingRationale: 'Found safe and well',
      })
      expect(closed.status).toBe('closed')
      await expect(
        ctx.deps.services.incidents.close(operator.actor, incidentId, {
          expectedVersion: closed.version,
          closingCategory: 'concern-for-safety',
          closingRationale: 'again',
        }),
      ).rejects.toBeInstanceOf(Conflict)
      const reopened = await ctx.deps.services.incidents.reopen(operator.actor, incidentId, {
        expectedVersion: closed.version,
        reason: 'Caller rang back',
      })
      expect(reopened).toMatchObject({ status: 'open', closedAt: null })
    })
  })

  describe('updates', () => {
    it('refuses a stale version with a clear conflict and changes nothing', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(operator.actor, theftReport())
      await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        narrative: 'Updated by the first operator',
      })
      const stale = ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        narrative: 'Second operator, working from an old copy',
      })
      await expect(stale).rejects.toThrow(/changed by someone else/)
      const now = await ctx.deps.services.incidents.get(operator.actor, incident.incidentId)
      expect(now.narrative).toBe('Updated by the first operator')
    })

    it('lets only the roles in the workflow table act', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const supervisor = await ctx.force.user('imu_supervisor')
      const { incident } = await ctx.deps.services.incidents.intake(operator.actor, theftReport())
      await expect(
        ctx.deps.services.incidents.update(supervisor.actor, incident.incidentId, {
          expectedVersion: incident.version,
          narrative: 'x',
        }),
      ).rejects.toBeInstanceOf(Forbidden)
      await expect(ctx.deps.services.incidents.log(supervisor.actor, theftReport())).rejects.toBeInstanceOf(Forbidden)
    })

    it('marks an incident crime-related when a qualifier discloses rape', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(
        operator.actor,
        theftReport({ openingCategory: 'concern-for-safety' }),
      )
      expect(incident.crimeRelated).toBe(false)
      const updated = await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        qualifiers: ['rape-or-attempted-rape'],
      })
      expect(updated).toMatchObject({ crimeRelated: true, rapeReported: true })
    })
  })

  describe('rule 20: reading an incident', () => {
    it('records a view whenever the narrative is read, and gives forms a summary without it', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(operator.actor, theftReport())
      const views = async () =>
        (
          await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
            ctx.deps.services.auditTrail.forRecord(tx, 'incident', incident.incidentId),
          )
        ).filter((event) => event.action === 'INCIDENT_VIEWED')
      const summary = await ctx.deps.services.incidents.summary(operator.actor, incident.incidentId)
      expect(summary).not.toHaveProperty('narrative')
      expect(summary).toMatchObject({ incidentNumber: incident.incidentNumber, version: incident.version })
      expect(await views()).toEqual([])
      const read = await ctx.deps.services.incidents.get(operator.actor, incident.incidentId)
      expect(read.narrative).toContain('café table')
      expect(await views()).toEqual([expect.objectContaining({ actorName: 'Test control_room_operator' })])
    })
  })

  describe('rule 8: rape reported after the recording decision', () => {
    it('calls the hook in the same transaction only when the rape qualifier is added after a decision', async () => {
      const operator = await ctx.force.user('control_room_operator')
      const { incident } = await ctx.deps.services.incidents.intake(
        operator.actor,
        theftReport({ openingCategory: 'crime-sexual' }),
      )
      // No decision yet: the recording decision itself will see the qualifier.
      const before = await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: incident.version,
        qualifiers: ['rape-or-attempted-rape'],
      })
      const n100s = () => ctx.deps.services.crimes.forIncident(operator.actor, incident.incidentId)
      expect((await n100s()).n100s).toEqual([])
      const withoutRape = await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: before.version,
        qualifiers: [],
      })
      const decided = await ctx.deps.services.crimes.recordNonCrimeDecision(operator.actor, incident.incidentId, {
        expectedVersion: withoutRape.version,
        reason: 'victim_does_not_confirm',
        rationale: 'Caller unsure what happened',
        victimInformed: true,
      })
      await ctx.deps.services.incidents.update(operator.actor, incident.incidentId, {
        expectedVersion: decided.version,
        qualifiers: ['rape-or-attempted-rape'],
      })
      expect((await n100s()).n100s).toEqual([
        expect.objectContaining({
          status: 'open',
          reason: expect.stringContaining('after the recording decision: no crime recorded') as string,
        }),
      ])
    })
  })
})
