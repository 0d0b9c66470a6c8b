import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Forbidden } from '../../platform/http/errors.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { JustificationNeeded } from './crimes.service.ts'

/** Rule 20 (DPA 2018 s.62): a restricted crime record is shown only once the person says why, and the why is kept. */
describe('rule 20: a justification before viewing a restricted crime', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  let counter = 0
  const record = async (offenceCode: string, qualifiers: string[] = []) => {
    const operator = (await ctx.force.user('control_room_operator')).actor
    const { crime } = await ctx.deps.services.crimes.record(operator, {
      incident: {
        sourceSystem: 'STORM',
        sourceReference: `J-${++counter}`,
        channel: '999',
        receivedAt: '2026-11-26T08:00:00Z',
        location: { address: `${counter} Bridge Street, Northampton` },
        openingCategory: 'crime-sexual',
        narrative: 'Reported at the front desk.',
        qualifiers,
      },
      victim: { givenName: 'Jo', familyName: `Case${'abcdefghij'[counter]}` },
      offenceCode,
      offenceFrom: '2026-11-25T23:00:00Z',
    })
    return crime
  }

  const viewsOf = (crimeId: string) =>
    ctx.deps.db.withForce(ctx.force.forceId, async (tx) =>
      (await ctx.deps.services.auditTrail.forRecord(tx, 'crime', crimeId)).filter((e) => e.action === 'CRIME_VIEWED'),
    )

  it('rule 20: shows a crime once recorded as rape only with a reason from the list or typed, kept with the view', async () => {
    const dm = (await ctx.force.user('imu_decision_maker')).actor
    let crime = await record('19C', ['rape-or-attempted-rape'])
    crime = await ctx.deps.services.crimes.act(dm, crime.crimeId, {
      expectedVersion: crime.version,
      action: 'reclassify',
      offenceCode: '20A',
      reason: 'Touching, not penetration',
    })
    const refused = await ctx.deps.services.crimes.view(dm, crime.crimeId).catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(JustificationNeeded)
    expect((refused as JustificationNeeded).fieldErrors.map((e) => e.field)).toEqual(['justification'])
    expect((refused as JustificationNeeded).reasons).toContain('Investigating this crime')
    expect(await viewsOf(crime.crimeId)).toEqual([])

    const madeUp = await ctx.deps.services.crimes
      .view(dm, crime.crimeId, { justification: 'Curious' })
      .catch((error: unknown) => error)
    expect(madeUp).toBeInstanceOf(JustificationNeeded)
    await ctx.deps.services.crimes.view(dm, crime.crimeId, { justification: 'Investigating this crime' })
    await ctx.deps.services.crimes.view(dm, crime.crimeId, {
      justification: 'other',
      justificationText: 'Checking the N100 raised at reclassification',
    })
    expect((await viewsOf(crime.crimeId)).map((e) => e.reason)).toEqual([
      'Investigating this crime',
      'Checking the N100 raised at reclassification',
    ])
  })

  it('rule 20: an unrestricted crime needs no reason; a system reading a restricted one gives it in the query', async () => {
    const theft = await record('49')
    const api = await ctx.api('imu_decision_maker')
    expect((await api.get(`/api/v1/crimes/${theft.crimeId}`)).statusCode).toBe(200)
    const rape = await record('19C', ['rape-or-attempted-rape'])
    const refused = await api.get(`/api/v1/crimes/${rape.crimeId}`)
    expect(refused.statusCode).toBe(400)
    expect(refused.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('justification')
    const reasons = (await api.get('/api/v1/view-justifications')).json<{ reasons: string[] }>().reasons
    const read = await api.get(`/api/v1/crimes/${rape.crimeId}?justification=${encodeURIComponent(reasons[1]!)}`)
    expect(read.statusCode).toBe(200)
    expect((await viewsOf(rape.crimeId)).at(-1)!.reason).toBe(reasons[1])
  })

  it('rule 20: the crime page asks why before it shows a restricted record, and says what is wrong', async () => {
    const rape = await record('19D', ['rape-or-attempted-rape'])
    const officer = await ctx.as('officer')
    const asked = await officer.get(`/crimes/${rape.crimeId}`)
    expect(asked.statusCode).toBe(200)
    expect(asked.body).toContain('Why do you need to see this crime record?')
    expect(asked.body).not.toContain(rape.crimeReference)
    const blank = await officer.get(`/crimes/${rape.crimeId}?justification=other&justificationText=`)
    expect(blank.body).toContain('There is a problem')
    const shown = await officer.get(`/crimes/${rape.crimeId}?justification=Victim+care+or+safeguarding`)
    expect(shown.body).toContain(rape.crimeReference)
  })

  it('rule 20: the Force Crime Registrar sets the force’s reasons; an administrator cannot', async () => {
    const force = await ctx.newForce()
    const fcr = (await force.user('force_crime_registrar')).actor
    const admin = (await force.user('administrator')).actor
    const refused = await ctx.deps.services.crimeReferenceData
      .updateViewJustifications(admin, { justifications: ['Any'] })
      .catch((error: unknown) => error)
    expect(refused).toBeInstanceOf(Forbidden)
    await ctx.deps.services.crimeReferenceData.updateViewJustifications(fcr, {
      justifications: ['Operation Bluebell review', ' Operation Bluebell review '],
    })
    expect(await ctx.deps.services.crimes.viewJustifications(fcr)).toEqual(['Operation Bluebell review'])
  })
})
