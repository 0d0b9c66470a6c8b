import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

/** Rule 20 (DPA 2018 s.62): a disclosure log must let the recipients and the justification be established. */
describe('rule 20: a disclosure records its recipient', () => {
  let ctx: TestContext
  let crimeId: string
  let reference: string
  beforeAll(async () => {
    ctx = await createTestContext()
    const operator = (await ctx.force.user('control_room_operator')).actor
    const { crime } = await ctx.deps.services.crimes.record(operator, {
      incident: {
        sourceSystem: 'STORM',
        sourceReference: 'D-1',
        channel: '999',
        receivedAt: '2026-11-26T08:00:00Z',
        location: { address: '1 Bridge Street, Northampton' },
        openingCategory: 'crime-theft',
        narrative: 'Bicycle taken from outside the library.',
      },
      victim: { givenName: 'Sam', familyName: 'Disclosed' },
      offenceCode: '49',
      offenceFrom: '2026-11-25T23:00:00Z',
    })
    crimeId = crime.crimeId
    reference = crime.crimeReference
  })
  afterAll(() => ctx.close())

  const disclosuresInTrail = () =>
    ctx.deps.db.withForce(ctx.force.forceId, async (tx) =>
      (await ctx.deps.services.auditTrail.forRecord(tx, 'crime', crimeId)).filter(
        (e) => e.action === 'CRIME_DISCLOSED',
      ),
    )

  it('rule 20: a disclosure through the API names the recipient, what they received and why, in the register and the audit trail', async () => {
    const officer = await ctx.api('officer')
    const response = await officer.post(`/api/v1/crimes/${crimeId}/disclosures`, {
      recipientName: 'Asha Khan',
      recipientOrganisation: 'Crown Prosecution Service',
      whatWasDisclosed: 'Crime report and witness statements',
      justification: 'Preparing a file or disclosure for the CPS',
    })
    expect(response.statusCode, response.body).toBe(201)
    expect(response.json()).toMatchObject({ recipientName: 'Asha Khan', crimeId })

    const [event] = await disclosuresInTrail()
    expect(event).toMatchObject({
      reason: 'Preparing a file or disclosure for the CPS',
      changes: {
        reference,
        recipientName: 'Asha Khan',
        recipientOrganisation: 'Crown Prosecution Service',
        whatWasDisclosed: 'Crime report and witness statements',
      },
    })

    const auditor = await ctx.api('auditor')
    const list = await auditor.get(`/api/v1/crimes/${crimeId}/disclosures`)
    expect(list.statusCode).toBe(200)
    expect(list.json<{ disclosures: unknown[] }>().disclosures).toEqual([
      expect.objectContaining({
        recipientName: 'Asha Khan',
        justification: 'Preparing a file or disclosure for the CPS',
      }),
    ])
  })

  it('rule 20: a disclosure without a recipient or a justification is refused naming each, and nothing is written', async () => {
    const officer = await ctx.api('officer')
    const before = (await disclosuresInTrail()).length
    const response = await officer.post(`/api/v1/crimes/${crimeId}/disclosures`, {
      recipientOrganisation: 'Victim Support',
      whatWasDisclosed: 'Contact details',
    })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('recipientName')
    expect(response.body).toContain('justification')
    expect(await disclosuresInTrail()).toHaveLength(before)
    expect(await ctx.force.rowCount('disclosure')).toBe(1)
  })

  it('rule 20: the disclosures register is for the audit roles; recording one is for those who share records', async () => {
    expect((await (await ctx.api('officer')).get(`/api/v1/crimes/${crimeId}/disclosures`)).statusCode).toBe(403)
    expect((await (await ctx.api('inspector')).post(`/api/v1/crimes/${crimeId}/disclosures`, {})).statusCode).toBe(403)
    expect((await (await ctx.as('officer')).get(`/crimes/${crimeId}/disclosures`)).statusCode).toBe(403)
    expect((await (await ctx.as('auditor')).get(`/crimes/${crimeId}/disclosures/new`)).statusCode).toBe(403)
  })

  it('rule 20: the page asks who received the record and why, and records the disclosure', async () => {
    const agent = await ctx.as('victim_care_officer')
    const form = await agent.get(`/crimes/${crimeId}/disclosures/new`)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Who received it')
    expect(form.body).toContain('Investigating this crime')

    const refused = await agent.post(`/crimes/${crimeId}/disclosures/new`, { recipientName: 'Lee Jones' })
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Enter the organisation they work for')
    expect(refused.body).toContain('Say why the record is being disclosed')

    const done = await agent.post(`/crimes/${crimeId}/disclosures/new`, {
      recipientName: 'Lee Jones',
      recipientOrganisation: 'Victim Support',
      whatWasDisclosed: 'Victim’s name and phone number for the support referral',
      justification: 'other',
      justificationText: 'Referral to victim support with the victim’s consent',
    })
    expect(done.statusCode, done.body).toBe(303)

    const register = await (await ctx.as('force_crime_registrar')).get(`/crimes/${crimeId}/disclosures`)
    expect(register.statusCode).toBe(200)
    expect(register.body).toContain('Lee Jones, Victim Support')
    expect(register.body).toContain('Referral to victim support with the victim’s consent')
  })

  it('rule 20: a disclosure of a crime the force does not hold is a 404', async () => {
    const response = await (
      await ctx.api('officer')
    ).post('/api/v1/crimes/01900000-0000-7000-8000-000000000000/disclosures', {
      recipientName: 'A',
      recipientOrganisation: 'B',
      whatWasDisclosed: 'C',
      justification: 'Investigating this crime',
    })
    expect(response.statusCode).toBe(404)
  })
})
