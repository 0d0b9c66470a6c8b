import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { Conflict, Forbidden, ValidationFailed } from '../../platform/http/errors.ts'
import { createTestContext, TEST_NOW, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import type { RecordCrimeInput } from '../crimes/index.ts'

async function fieldsOf(work: Promise<unknown>): Promise<string[]> {
  const error = await work.then(
    () => new Error('expected it to fail'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ValidationFailed)
  return (error as ValidationFailed).fieldErrors.map((e) => e.field)
}

// The test clock stands at Thursday 26 November 2026; a theft recorded then is next reviewed in November 2032.
describe('RetentionService', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())
  afterEach(() => ctx.clock.set(TEST_NOW))

  let n = 0
  const letters = () => (++n).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)
  const retention = () => ctx.deps.services.retention
  const registrar = async (force: TestForce) => (await force.user('force_crime_registrar')).actor

  async function record(force: TestForce, overrides: Partial<RecordCrimeInput> = {}) {
    const operator = (await force.user('control_room_operator')).actor
    const { crime } = await ctx.deps.services.crimes.record(operator, {
      directReportChannel: 'front_counter',
      reportedAt: ctx.clock.now().toISOString(),
      victim: { givenName: 'Amy', familyName: `Retain${letters()}`, dateOfBirth: '1980-02-03' },
      offenceCode: '49',
      offenceFrom: new Date(ctx.clock.now().getTime() - 3600_000).toISOString(),
      summary: 'Purse taken from Amy at the bus station',
      acknowledgeDuplicates: true,
      ...overrides,
    })
    return crime
  }

  const victimOf = async (force: TestForce, crimeId: string) =>
    (
      await ctx.deps.db.kysely
        .selectFrom('crime')
        .select('victimPersonId')
        .where('forceId', '=', force.forceId)
        .where('crimeId', '=', crimeId)
        .executeTakeFirstOrThrow()
    ).victimPersonId!

  const eventsFor = (force: TestForce, recordId: string) =>
    ctx.deps.db.kysely
      .selectFrom('auditEvent')
      .select(['action', 'changes', 'reason'])
      .where('forceId', '=', force.forceId)
      .where('recordId', '=', recordId)
      .orderBy('seq')
      .execute()

  /** Seven years on: the crimes recorded today are due for review. */
  async function sevenYearsOn(force: TestForce) {
    ctx.clock.set('2033-12-01T09:00:00Z')
    await retention().scheduleAll(await registrar(force))
  }

  it('rule 21: every force, a new one too, has the default schedule, never below six years', async () => {
    const force = await ctx.newForce()
    const schedules = await retention().schedules(await registrar(force))
    expect(schedules.map((s) => [s.category, s.reviewAfterYears])).toEqual([
      ['public_protection', 10],
      ['serious', 10],
      ['undetected', 6],
      ['other_offence', 6],
    ])
  })

  it('rule 21: every crime and person has a retention category and a next review date', async () => {
    const force = await ctx.newForce()
    const theft = await record(force)
    const assault = await record(force, { offenceCode: '8N', summary: 'Punched outside the pub' })
    const written = await retention().scheduleAll(force.system)
    expect(written).toEqual({ crimes: 2, people: 2 })
    const actor = await registrar(force)
    expect((await retention().record(actor, 'crime', theft.crimeId)).record).toMatchObject({
      category: 'other_offence',
      countsFrom: '2026-11-26',
      nextReviewOn: '2032-11-26',
      status: 'retained',
      due: false,
    })
    expect((await retention().record(actor, 'crime', assault.crimeId)).record.nextReviewOn).toBe('2036-11-26')
    const victim = await retention().record(actor, 'person', await victimOf(force, assault.crimeId))
    expect(victim.record).toMatchObject({ category: 'serious', nextReviewOn: '2036-11-26' })
    expect(victim.record.reference).toBe(assault.crimeReference)
    // A second run writes nothing: it is idempotent.
    expect(await retention().scheduleAll(force.system)).toEqual({ crimes: 0, people: 0 })
  })

  it('rule 21: a crime looked at before the nightly run gets its next review date there and then', async () => {
    const force = await ctx.newForce()
    const crime = await record(force)
    const { record: view } = await retention().record(await registrar(force), 'crime', crime.crimeId)
    expect(view.nextReviewOn).toBe('2032-11-26')
  })

  it('rule 21: the review queue lists records whose date has come, oldest first, with the date', async () => {
    const force = await ctx.newForce()
    const first = await record(force)
    ctx.clock.set('2026-12-10T09:00:00Z')
    const second = await record(force)
    await sevenYearsOn(force)
    const queue = await retention().queue(await registrar(force))
    const crimes = queue.records.filter((r) => r.recordType === 'crime')
    expect(crimes.map((r) => [r.reference, r.nextReviewOn])).toEqual([
      [first.crimeReference, '2032-11-26'],
      [second.crimeReference, '2032-12-10'],
    ])
    expect(queue.total).toBe(4)
    expect(queue.today).toBe('2033-12-01')
  })

  it('rule 21: a review cannot complete without a decision', async () => {
    const force = await ctx.newForce()
    const crime = await record(force)
    await sevenYearsOn(force)
    const actor = await registrar(force)
    const before = (await retention().record(actor, 'crime', crime.crimeId)).record
    expect(
      await fieldsOf(
        retention().review(actor, 'crime', crime.crimeId, {
          decision: '',
          reason: 'Looked at it',
          nextReviewOn: '',
          expectedVersion: before.version,
        }),
      ),
    ).toEqual(['decision'])
    expect(
      await fieldsOf(
        retention().review(actor, 'crime', crime.crimeId, {
          decision: 'retain',
          reason: '',
          nextReviewOn: '',
          expectedVersion: before.version,
        }),
      ),
    ).toEqual(['reason', 'nextReviewOn'])
    const after = await retention().record(actor, 'crime', crime.crimeId)
    expect(after.record).toMatchObject({ status: 'retained', version: before.version, due: true })
    expect(after.reviews).toEqual([])
    expect((await eventsFor(force, crime.crimeId)).map((e) => e.action)).not.toContain('RECORD_RETAINED')
  })

  it('rule 21: retaining records the reason and a new review date, which the schedule does not undo', async () => {
    const force = await ctx.newForce()
    const crime = await record(force)
    await sevenYearsOn(force)
    const actor = await registrar(force)
    const { version } = (await retention().record(actor, 'crime', crime.crimeId)).record
    const outcome = await retention().review(actor, 'crime', crime.crimeId, {
      decision: 'retain',
      reason: 'Suspect linked to a series still under investigation',
      nextReviewOn: '2036-12-01',
      expectedVersion: version,
    })
    expect(outcome).toEqual({ decision: 'retain', nextReviewOn: '2036-12-01', disposal: null })
    await retention().scheduleAll(force.system)
    const view = await retention().record(actor, 'crime', crime.crimeId)
    expect(view.record).toMatchObject({
      nextReviewOn: '2036-12-01',
      due: false,
      reviewedBy: 'Test force_crime_registrar',
    })
    expect(view.reviews).toMatchObject([
      { decision: 'retain', reason: 'Suspect linked to a series still under investigation' },
    ])
    expect((await retention().queue(actor)).records.map((r) => r.recordId)).not.toContain(crime.crimeId)
    const retained = (await eventsFor(force, crime.crimeId)).find((e) => e.action === 'RECORD_RETAINED')
    expect(retained).toMatchObject({ reason: 'Suspect linked to a series still under investigation' })
    // A second reviewer holding the old version is told, not silently overwritten.
    await expect(
      retention().review(actor, 'crime', crime.crimeId, {
        decision: 'dispose',
        reason: '',
        nextReviewOn: '',
        expectedVersion: version,
      }),
    ).rejects.toBeInstanceOf(Conflict)
  })

  it('rule 21: disposal keeps the counting record and removes personal data', async () => {
    const force = await ctx.newForce()
    const crime = await record(force, { summary: 'Purse taken from Amy Doyle at the bus station' })
    const victimId = await victimOf(force, crime.crimeId)
    await sevenYearsOn(force)
    const actor = await registrar(force)
    const { version } = (await retention().record(actor, 'crime', crime.crimeId)).record
    const outcome = await retention().review(actor, 'crime', crime.crimeId, {
      decision: 'dispose',
      reason: 'No policing purpose remains',
      nextReviewOn: '',
      expectedVersion: version,
    })
    expect(outcome.disposal).toMatchObject({ peopleRemoved: 1, peopleKept: 0 })

    const kept = await ctx.deps.db.kysely
      .selectFrom('crime')
      .select(['crimeReference', 'offenceCode', 'recordedAt', 'reportedAt', 'status', 'outcomeType', 'summary'])
      .where('forceId', '=', force.forceId)
      .where('crimeId', '=', crime.crimeId)
      .executeTakeFirstOrThrow()
    expect(kept).toMatchObject({
      crimeReference: crime.crimeReference,
      offenceCode: '49',
      status: crime.status,
      summary: '',
    })
    expect(kept.recordedAt.toISOString()).toBe(TEST_NOW)
    expect(await force.rowCount('crime')).toBe(1)

    const person = await ctx.deps.db.kysely
      .selectFrom('person')
      .select(['givenName', 'familyName', 'dateOfBirth', 'aliases'])
      .where('forceId', '=', force.forceId)
      .where('personId', '=', victimId)
      .executeTakeFirstOrThrow()
    expect(person).toEqual({ givenName: '', familyName: 'Removed at retention review', dateOfBirth: null, aliases: [] })
    expect(await force.rowCount('person_name_key')).toBe(0)
    expect((await retention().record(actor, 'person', victimId)).record.status).toBe('disposed')
    expect((await retention().record(actor, 'crime', crime.crimeId)).record.status).toBe('disposed')
  })

  it('rule 21: disposing of a crime before the nightly run reached its victim still marks the victim disposed of', async () => {
    const force = await ctx.newForce()
    const crime = await record(force)
    const victimId = await victimOf(force, crime.crimeId)
    ctx.clock.set('2033-12-01T09:00:00Z')
    const actor = await registrar(force)
    const { version } = (await retention().record(actor, 'crime', crime.crimeId)).record
    await retention().review(actor, 'crime', crime.crimeId, {
      decision: 'dispose',
      reason: '',
      nextReviewOn: '',
      expectedVersion: version,
    })
    expect((await retention().record(actor, 'person', victimId)).record.status).toBe('disposed')
  })

  it('rule 20: a disposal is in the audit trail by category of data, never the data itself', async () => {
    const force = await ctx.newForce()
    const crime = await record(force, { summary: 'Purse taken from Amy Doyle at the bus station' })
    const victimId = await victimOf(force, crime.crimeId)
    await sevenYearsOn(force)
    const actor = await registrar(force)
    const { version } = (await retention().record(actor, 'crime', crime.crimeId)).record
    await retention().review(actor, 'crime', crime.crimeId, {
      decision: 'dispose',
      reason: '',
      nextReviewOn: '',
      expectedVersion: version,
    })
    const disposed = (await eventsFor(force, crime.crimeId)).find((e) => e.action === 'RECORD_DISPOSED')
    const disposedChanges = disposed?.changes as { category: string; removed: string[] }
    expect(disposedChanges.category).toBe('other_offence')
    expect(disposedChanges.removed).toContain('crime narrative and reasons')
    const erased = (await eventsFor(force, victimId)).find((e) => e.action === 'PERSONAL_DATA_ERASED')
    expect((erased?.changes as { removed: string[] }).removed).toEqual([
      'names',
      'aliases',
      'date of birth',
      'search keys',
    ])
    const logged = JSON.stringify([disposed, erased])
    expect(logged).not.toContain('Doyle')
    expect(logged).not.toContain('Retain')
    expect(logged).not.toContain('1980-02-03')
  })

  it('rule 21: a person linked to another crime still retained keeps their data, and cannot be disposed of alone', async () => {
    const force = await ctx.newForce()
    const first = await record(force)
    const victimId = await victimOf(force, first.crimeId)
    const second = await record(force, { victim: undefined, victimPersonId: victimId, offenceCode: '8N' })
    await sevenYearsOn(force)
    const actor = await registrar(force)
    const { version } = (await retention().record(actor, 'crime', first.crimeId)).record
    const outcome = await retention().review(actor, 'crime', first.crimeId, {
      decision: 'dispose',
      reason: '',
      nextReviewOn: '',
      expectedVersion: version,
    })
    expect(outcome.disposal).toMatchObject({ peopleRemoved: 0, peopleKept: 1 })
    const person = await retention().record(actor, 'person', victimId)
    expect(person.record.status).toBe('retained')

    const refused = retention().review(actor, 'person', victimId, {
      decision: 'dispose',
      reason: '',
      nextReviewOn: '',
      expectedVersion: person.record.version,
    })
    const error = await refused.catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationFailed)
    expect((error as ValidationFailed).fieldErrors[0]).toMatchObject({ field: 'decision' })
    expect((error as ValidationFailed).message).toContain(second.crimeReference)
    const names = await ctx.deps.db.kysely
      .selectFrom('person')
      .select('givenName')
      .where('forceId', '=', force.forceId)
      .where('personId', '=', victimId)
      .executeTakeFirstOrThrow()
    expect(names.givenName).toBe('Amy')
  })

  it('rule 21: a disposal that cannot be recorded changes nothing (one transaction)', async () => {
    const force = await ctx.newForce()
    const crime = await record(force)
    const victimId = await victimOf(force, crime.crimeId)
    await sevenYearsOn(force)
    const actor = await registrar(force)
    await expect(
      retention().review(actor, 'crime', crime.crimeId, {
        decision: 'dispose',
        reason: '',
        nextReviewOn: '',
        expectedVersion: 999,
      }),
    ).rejects.toBeInstanceOf(Conflict)
    const person = await ctx.deps.db.kysely
      .selectFrom('person')
      .select('givenName')
      .where('forceId', '=', force.forceId)
      .where('personId', '=', victimId)
      .executeTakeFirstOrThrow()
    expect(person.givenName).toBe('Amy')
    expect((await retention().record(actor, 'crime', crime.crimeId)).record.status).toBe('retained')
  })

  it('rule 21: only reviewers decide, and only the registrar or an administrator changes a period', async () => {
    const force = await ctx.newForce()
    const crime = await record(force)
    const inspector = (await force.user('inspector')).actor
    const input = { decision: 'dispose', reason: '', nextReviewOn: '', expectedVersion: 1 }
    await expect(retention().review(inspector, 'crime', crime.crimeId, input)).rejects.toBeInstanceOf(Forbidden)
    await expect(
      retention().changeSchedule(inspector, 'other_offence', { reviewAfterYears: 7, expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(Forbidden)
    const admin = (await force.user('administrator')).actor
    await retention().changeSchedule(admin, 'other_offence', { reviewAfterYears: 7, expectedVersion: 1 })
    await retention().scheduleAll(force.system)
    const { record: view } = await retention().record(await registrar(force), 'crime', crime.crimeId)
    expect(view.nextReviewOn).toBe('2033-11-26')
    expect(
      await fieldsOf(retention().changeSchedule(admin, 'other_offence', { reviewAfterYears: 0, expectedVersion: 2 })),
    ).toEqual(['reviewAfterYears'])
  })
})
