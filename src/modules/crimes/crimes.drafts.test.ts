import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, TEST_NOW, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { IncidentSubmission } from '../incidents/index.ts'

describe('CrimeDraftsService', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  let reference = 0
  const submission = (overrides: Partial<IncidentSubmission> = {}): IncidentSubmission => ({
    sourceSystem: 'STORM',
    sourceReference: `CAD-${++reference}-${Math.random().toString(36).slice(2, 8)}`,
    channel: '999',
    receivedAt: '2026-11-26T08:00:00Z',
    location: { address: '12 Market Square, Northampton', postcode: 'NN1 2DL' },
    openingCategory: 'crime-theft',
    narrative: 'Bag taken from a café table.',
    ...overrides,
  })

  const audit = (force: TestForce, recordType: string, recordId: string) =>
    ctx.deps.db.withForce(force.forceId, (tx) => ctx.deps.services.auditTrail.forRecord(tx, recordType, recordId))

  describe('rule 20: record-a-crime drafts hold a victim’s personal data', () => {
    it('reuses a person’s open draft for an incident, and audits starting it and answering the victim question', async () => {
      const operator = (await ctx.force.user('control_room_operator')).actor
      const officer = (await ctx.force.user('officer')).actor
      const { incident } = await ctx.deps.services.incidents.intake(operator, submission())
      const draftId = await ctx.deps.services.crimeDrafts.startDraft(operator, incident.incidentId)
      expect(await ctx.deps.services.crimeDrafts.startDraft(operator, incident.incidentId)).toBe(draftId)
      expect(await ctx.deps.services.crimeDrafts.startDraft(officer, incident.incidentId)).not.toBe(draftId)
      await ctx.deps.services.crimeDrafts.saveDraftStep(operator, draftId, 'victim', {
        victim: { givenName: 'Amy', familyName: 'Draftington', dateOfBirth: '1990-01-02' },
      })
      const trail = await audit(ctx.force, 'crime-draft', draftId)
      expect(trail.map((event) => event.action)).toEqual(['CRIME_DRAFT_STARTED', 'CRIME_DRAFT_VICTIM_RECORDED'])
      expect(JSON.stringify(trail)).not.toContain('Draftington')
    })

    it('deletes drafts untouched for a week, when a draft is started and when purged', async () => {
      const force = await ctx.newForce()
      const operator = (await force.user('control_room_operator')).actor
      const first = (await ctx.deps.services.incidents.intake(operator, submission())).incident
      const second = (await ctx.deps.services.incidents.intake(operator, submission())).incident
      const old = await ctx.deps.services.crimeDrafts.startDraft(operator, first.incidentId)
      try {
        ctx.clock.advance(6 * 24 * 3600_000)
        await ctx.deps.services.crimeDrafts.startDraft(operator, second.incidentId)
        expect((await ctx.deps.services.crimeDrafts.draft(operator, old)).draftId).toBe(old)
        ctx.clock.advance(2 * 24 * 3600_000)
        await ctx.deps.services.crimeDrafts.startDraft(operator, second.incidentId)
        await expect(ctx.deps.services.crimeDrafts.draft(operator, old)).rejects.toThrow(/does not exist/)
        expect((await audit(force, 'crime-draft', old)).at(-1)).toMatchObject({ action: 'CRIME_DRAFT_PURGED' })
        ctx.clock.advance(8 * 24 * 3600_000)
        expect(await ctx.deps.services.crimeDrafts.purgeDrafts(force.system)).toBe(1)
        expect(await force.rowCount('crime_draft')).toBe(0)
      } finally {
        ctx.clock.set(TEST_NOW)
      }
    })
  })
})
