import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { Actor } from '../../platform/auth/actor.ts'

/**
 * Rule 20 (DPA 2018 s.62): combining person records is logged; here a merge also keeps exactly which links it
 * moved, so reversing it puts back those links and no others.
 */
describe('rule 20: a merge is logged and can be reversed', () => {
  let ctx: TestContext
  let dm: Actor
  beforeAll(async () => {
    ctx = await createTestContext()
    dm = (await ctx.force.user('imu_decision_maker')).actor
  })
  afterAll(() => ctx.close())

  let counter = 0
  const recordCrime = async (victimPersonId: string) => {
    const now = ctx.clock.now()
    counter += 1
    return (
      await ctx.deps.services.crimes.record(dm, {
        directReportChannel: '101',
        reportedAt: new Date(now.getTime() - counter * 3_600_000),
        offenceCode: '49',
        offenceFrom: new Date(now.getTime() - (counter + 1) * 3_600_000),
        victimPersonId,
        acknowledgeDuplicates: true,
      })
    ).crime
  }

  /** Everything that links a person to records, as the database holds it. */
  const linksOf = (personId: string) =>
    ctx.deps.db.withForce(ctx.force.forceId, async (tx) => ({
      involvements: (
        await tx
          .selectFrom('personInvolvement')
          .select(['involvementId', 'recordType', 'recordId', 'role', 'version'])
          .where('personId', '=', personId)
          .orderBy('involvementId')
          .execute()
      ).map((row) => ({ ...row })),
      crimes: (await tx.selectFrom('crime').select('crimeId').where('victimPersonId', '=', personId).execute())
        .map((row) => row.crimeId)
        .sort(),
      care: (await tx.selectFrom('victimCare').select('careId').where('victimPersonId', '=', personId).execute())
        .map((row) => row.careId)
        .sort(),
      assessments: (
        await tx.selectFrom('personAssessment').select('assessmentId').where('personId', '=', personId).execute()
      )
        .map((row) => row.assessmentId)
        .sort(),
    }))

  const trail = (recordType: string, recordId: string) =>
    ctx.deps.db.withForce(ctx.force.forceId, (tx) => ctx.deps.services.auditTrail.forRecord(tx, recordType, recordId))

  it('rule 20: a merge is logged and can be reversed: the links move, the merge is in the audit trail, and an unmerge restores exactly what moved', async () => {
    const people = ctx.deps.services.people
    const { personId: surviving } = await people.createPerson(dm, {
      givenName: 'Jane',
      familyName: 'Smith',
      dateOfBirth: '1980-01-01',
    })
    const { personId: duplicate } = await people.createPerson(dm, {
      givenName: 'Jane',
      familyName: 'Smyth',
      dateOfBirth: '1980-01-01',
    })
    const onlyDuplicates = await recordCrime(duplicate)
    const both = await recordCrime(surviving)
    // The duplicate is also recorded as the victim of the survivor's crime: after the merge that is one link.
    await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      people.linkPerson(tx, dm, { personId: duplicate, recordType: 'crime', recordId: both.crimeId, role: 'victim' }),
    )
    await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      people.addAssessment(tx, dm, duplicate, { kind: 'vulnerability', assessment: 'Lives alone; recently bereaved.' }),
    )
    const survivorBefore = await linksOf(surviving)
    const duplicateBefore = await linksOf(duplicate)
    expect(duplicateBefore.involvements).toHaveLength(2)
    expect(duplicateBefore.crimes).toEqual([onlyDuplicates.crimeId])
    expect(duplicateBefore.care).toHaveLength(1)
    expect(duplicateBefore.assessments).toHaveLength(1)

    const api = await ctx.api('imu_decision_maker')
    const merged = await api.post(`/api/v1/people/${surviving}/merges`, {
      duplicatePersonId: duplicate,
      reason: 'Same woman: same date of birth and address, surname misspelt at the front desk',
    })
    expect(merged.statusCode, merged.body).toBe(201)
    const { mergeId, linksMoved } = merged.json<{ mergeId: string; linksMoved: number }>()
    expect(linksMoved).toBe(5)

    const duplicateAfter = await linksOf(duplicate)
    expect(duplicateAfter).toEqual({ involvements: [], crimes: [], care: [], assessments: [] })
    const survivorAfter = await linksOf(surviving)
    expect(survivorAfter.crimes).toEqual([onlyDuplicates.crimeId, both.crimeId].sort())
    expect(survivorAfter.involvements.filter((i) => i.recordId === both.crimeId)).toHaveLength(1)
    expect(survivorAfter.involvements).toHaveLength(2)
    expect(survivorAfter.care).toHaveLength(2)
    expect(survivorAfter.assessments).toEqual(duplicateBefore.assessments)

    for (const person of [surviving, duplicate]) {
      expect((await trail('person', person)).map((e) => e.action)).toContain('PERSON_MERGED')
    }
    const onCrime = (await trail('crime', onlyDuplicates.crimeId)).find((e) => e.action === 'PERSON_LINKS_MERGED')
    expect(onCrime).toMatchObject({
      reason: 'Same woman: same date of birth and address, surname misspelt at the front desk',
      changes: { mergeId, personId: { before: duplicate, after: surviving } },
    })

    // A person merged into another cannot be merged again until that merge is reversed.
    const again = await api.post(`/api/v1/people/${surviving}/merges`, {
      duplicatePersonId: duplicate,
      reason: 'Trying the same merge a second time',
    })
    expect(again.statusCode).toBe(409)

    const unmerged = await api.post(`/api/v1/people/merges/${mergeId}/unmerge`, {
      reason: 'Different women: checked with the victim, different address history',
    })
    expect(unmerged.statusCode, unmerged.body).toBe(200)
    expect(typeof unmerged.json<{ unmergedBy: unknown }>().unmergedBy).toBe('string')
    expect(await linksOf(duplicate)).toEqual(duplicateBefore)
    expect(await linksOf(surviving)).toEqual(survivorBefore)
    for (const person of [surviving, duplicate]) {
      expect((await trail('person', person)).map((e) => e.action)).toContain('PERSON_UNMERGED')
    }
    expect((await trail('crime', both.crimeId)).map((e) => e.action)).toContain('PERSON_LINKS_UNMERGED')

    const twice = await api.post(`/api/v1/people/merges/${mergeId}/unmerge`, { reason: 'Reversing it a second time' })
    expect(twice.statusCode).toBe(409)

    const history = await api.get(`/api/v1/people/${duplicate}/merges`)
    const merges = history.json<{ merges: Array<{ mergeId: string; unmergedAt: string | null }> }>().merges
    expect(merges.map((merge) => merge.mergeId)).toEqual([mergeId])
    expect(merges[0]!.unmergedAt).not.toBeNull()
  })

  it('rule 20: a merge without a reason or a duplicate is refused naming the field, and nothing moves', async () => {
    const { personId } = await ctx.deps.services.people.createPerson(dm, { givenName: 'Ola', familyName: 'Ade' })
    const api = await ctx.api('imu_supervisor')
    const mergesBefore = await ctx.force.rowCount('person_merge')
    const refused = await api.post(`/api/v1/people/${personId}/merges`, { reason: 'short' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('duplicatePersonId')
    expect(refused.body).toContain('reason')
    const unknown = await api.post(`/api/v1/people/${personId}/merges`, {
      duplicatePersonId: '01900000-0000-7000-8000-000000000000',
      reason: 'Same person according to the PNC',
    })
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('duplicatePersonId')
    expect(await ctx.force.rowCount('person_merge')).toBe(mergesBefore)
  })

  it('rule 20: only the IMU merges person records', async () => {
    const { personId } = await ctx.deps.services.people.createPerson(dm, { givenName: 'Kim', familyName: 'Lee' })
    const body = { duplicatePersonId: personId, reason: 'Same person according to the PNC' }
    expect((await (await ctx.api('officer')).post(`/api/v1/people/${personId}/merges`, body)).statusCode).toBe(403)
    expect((await (await ctx.api('auditor')).get(`/api/v1/people/${personId}/merges`)).statusCode).toBe(403)
    expect((await (await ctx.as('control_room_operator')).get(`/people/${personId}/merge`)).statusCode).toBe(403)
    // Another force's person, or none, is not there at all.
    const other = await ctx.newForce()
    const theirs = (await other.user('imu_decision_maker')).actor
    const { personId: theirPerson } = await ctx.deps.services.people.createPerson(theirs, {
      givenName: 'Kim',
      familyName: 'Elsewhere',
    })
    expect((await (await ctx.api('imu_supervisor')).get(`/api/v1/people/${theirPerson}/merges`)).statusCode).toBe(404)
    expect(
      (await (await ctx.api('imu_supervisor')).post(`/api/v1/people/${theirPerson}/merges`, body)).statusCode,
    ).toBe(404)
  })

  it('rule 20: the merge page offers the people with similar names, merges, and reverses from the merges page', async () => {
    const people = ctx.deps.services.people
    const { personId: surviving } = await people.createPerson(dm, { givenName: 'Mohammed', familyName: 'Rahman' })
    const { personId: duplicate } = await people.createPerson(dm, { givenName: 'Mohammad', familyName: 'Rahman' })
    await recordCrime(duplicate)
    const agent = await ctx.as('imu_decision_maker')
    const form = await agent.get(`/people/${surviving}/merge`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain(`value="${duplicate}"`)
    expect(form.body).not.toContain(`value="${surviving}"`)

    const refused = await agent.post(`/people/${surviving}/merge`, { duplicatePersonId: duplicate })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Say why these are the same person')

    const done = await agent.post(`/people/${surviving}/merge`, {
      duplicatePersonId: duplicate,
      reason: 'Same man: spelling of the first name differs only',
    })
    expect(done.statusCode).toBe(303)
    const merges = await agent.get(`/people/${surviving}/merges`)
    expect(merges.body).toContain('Mohammad Rahman merged into Mohammed Rahman')
    const mergeId = /action="\/people\/merges\/([^/]+)\/unmerge"/.exec(merges.body)![1]!
    const reversed = await agent.post(`/people/merges/${mergeId}/unmerge`, {
      personId: surviving,
      reason: 'Two brothers: checked at the address',
    })
    expect(reversed.statusCode).toBe(303)
    expect((await linksOf(duplicate)).crimes).toHaveLength(1)
  })
})
