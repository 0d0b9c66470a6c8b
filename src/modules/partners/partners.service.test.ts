import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeActor, type Actor } from '../../platform/auth/actor.ts'
import { Conflict, NotFound } from '../../platform/http/errors.ts'
import { fieldsOf } from '../../../test/support/assertions.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { PartnerReportInput } from './partners.rules.ts'

const report = (overrides: Partial<PartnerReportInput> = {}): PartnerReportInput => ({
  partnerReference: 'SCH-1',
  kind: 'theft',
  whatHappened: 'A pupil’s phone was taken from the cloakroom.',
  happenedAt: new Date('2026-11-25T10:00:00Z'),
  address: 'St Anne’s School, Mill Lane',
  postcode: 'NN1 1AA',
  anonymous: false,
  victim: { givenName: 'Lily', familyName: 'Morgan', dateOfBirth: '2015-04-12' },
  consentToShare: true,
  wantsPoliceContact: true,
  ...overrides,
})

describe('third-party reports', () => {
  let ctx: TestContext
  let admin: Actor
  let schoolA: string
  let schoolB: string
  let partnerA: Actor
  let partnerB: Actor

  const partnerUser = async (username: string): Promise<Actor> => {
    const { userId } = await ctx.deps.services.accounts.createUser(admin, {
      username,
      displayName: `Reporter ${username}`,
      password: 'correct horse battery',
      roles: ['partner_reporter'],
    })
    return makeActor({
      forceId: ctx.force.forceId,
      type: 'user',
      id: userId,
      name: `Reporter ${username}`,
      roles: ['partner_reporter'],
    })
  }

  beforeAll(async () => {
    ctx = await createTestContext()
    admin = (await ctx.force.user('administrator')).actor
    const { partners } = ctx.deps.services
    schoolA = (
      await partners.createOrganisation(admin, {
        name: 'St Anne’s School',
        kind: 'school',
        contact: 'DSL 01604 000111',
      })
    ).organisationId
    schoolB = (
      await partners.createOrganisation(admin, {
        name: 'Greenfield Academy',
        kind: 'school',
        contact: 'DSL 01604 000222',
      })
    ).organisationId
    partnerA = await partnerUser('reporter-a')
    partnerB = await partnerUser('reporter-b')
    await partners.addMember(admin, schoolA, partnerA.id)
    await partners.addMember(admin, schoolB, partnerB.id)
    await ctx.force.user('imu_decision_maker')
  })
  afterAll(() => ctx.close())

  it('refuses an organisation with a bad kind or a name already used, naming the field', async () => {
    const { partners } = ctx.deps.services
    expect(await fieldsOf(partners.createOrganisation(admin, { name: '', kind: 'pub', contact: 'x' }))).toEqual([
      'name',
      'kind',
    ])
    expect(
      await fieldsOf(partners.createOrganisation(admin, { name: 'st anne’s school', kind: 'school', contact: 'x' })),
    ).toEqual(['name'])
  })

  it('links only partner reporters, each to one organisation, to a known organisation', async () => {
    const { partners } = ctx.deps.services
    const officer = await ctx.force.user('officer')
    expect(await fieldsOf(partners.addMember(admin, schoolA, officer.userId))).toEqual(['memberId'])
    expect(await fieldsOf(partners.addMember(admin, schoolB, partnerA.id))).toEqual(['memberId'])
    const unknown = '01900000-0000-7000-8000-000000000000'
    expect(await fieldsOf(partners.addMember(admin, unknown, partnerA.id))).toEqual(['organisationId'])
  })

  it('gives a reference at once, makes an incident from the partner channel and puts it in triage', async () => {
    const { partners, incidents, notifications } = ctx.deps.services
    const { report: made, replayed } = await partners.submit(partnerA, report({ partnerReference: 'SCH-10' }))
    expect(replayed).toBe(false)
    expect(made.acknowledgementReference).toMatch(/^TPR-[3-9A-Y]{4}-[3-9A-Y]{4}$/)
    expect(made.status).toBe('triage')
    const incident = await incidents.get(ctx.force.system, made.incidentId)
    expect(incident.channel).toBe('partner')
    expect(incident.openingCategory).toBe('crime-theft')
    expect(incident.narrative).toContain(made.acknowledgementReference)
    expect(incident.incidentNumber).toMatch(/^\d{6}-\d{4}$/)
    const triager = await ctx.force.user('imu_decision_maker')
    expect((await partners.triageQueue(triager.actor)).map((row) => row.reportId)).toContain(made.reportId)
    const { notifications: told } = await notifications.mine(triager.actor)
    expect(told.map((n) => n.subject)).toContain(`New third-party report ${made.acknowledgementReference} to triage`)
  })

  it('is idempotent on the partner’s reference: same report → same; different report → Conflict, nothing stored', async () => {
    const { partners } = ctx.deps.services
    const first = await partners.submit(partnerA, report({ partnerReference: 'SCH-20' }))
    const incidentsBefore = await ctx.force.rowCount('incident')
    const again = await partners.submit(partnerA, report({ partnerReference: 'SCH-20' }))
    expect(again.replayed).toBe(true)
    expect(again.report.reportId).toBe(first.report.reportId)
    await expect(
      partners.submit(partnerA, report({ partnerReference: 'SCH-20', whatHappened: 'Something else' })),
    ).rejects.toBeInstanceOf(Conflict)
    expect(await ctx.force.rowCount('incident')).toBe(incidentsBefore)
    // Another organisation may use the same reference for its own report.
    const other = await partners.submit(partnerB, report({ partnerReference: 'SCH-20' }))
    expect(other.report.reportId).not.toBe(first.report.reportId)
  })

  it('makes two at once of the same report into one', async () => {
    const { partners } = ctx.deps.services
    const results = await Promise.all(
      [1, 2, 3].map(() => partners.submit(partnerA, report({ partnerReference: 'SCH-RACE' }))),
    )
    expect(new Set(results.map((result) => result.report.reportId)).size).toBe(1)
  })

  it('refuses a report without consent, or without a victim’s name unless anonymous, naming each field and storing nothing', async () => {
    const { partners } = ctx.deps.services
    const [reports, incidents] = [await ctx.force.rowCount('partner_report'), await ctx.force.rowCount('incident')]
    expect(await fieldsOf(partners.submit(partnerA, report({ consentToShare: false })))).toEqual(['consentToShare'])
    expect(await fieldsOf(partners.submit(partnerA, report({ consentToShare: undefined })))).toEqual(['consentToShare'])
    expect(
      await fieldsOf(
        partners.submit(
          partnerA,
          report({ victim: { givenName: '', familyName: '' }, kind: 'burglary', happenedAt: new Date('2027-01-01') }),
        ),
      ),
    ).toEqual(['kind', 'happenedAt', 'victim.givenName', 'victim.familyName'])
    expect(await ctx.force.rowCount('partner_report')).toBe(reports)
    expect(await ctx.force.rowCount('incident')).toBe(incidents)
    // An anonymous victim needs no name, and any name sent is not kept.
    const anonymous = await partners.submit(partnerA, report({ partnerReference: 'SCH-ANON', anonymous: true }))
    expect(anonymous.report.victimFamilyName).toBeNull()
  })

  it('refuses an unknown partner organisation and an account in none', async () => {
    const { partners } = ctx.deps.services
    const [reports] = [await ctx.force.rowCount('partner_report')]
    expect(await fieldsOf(partners.submit(partnerA, report({ partnerReference: 'SCH-30' }), schoolB))).toEqual([
      'organisationId',
    ])
    expect(
      await fieldsOf(
        partners.submit(partnerA, report({ partnerReference: 'SCH-30' }), '01900000-0000-7000-8000-000000000000'),
      ),
    ).toEqual(['organisationId'])
    const loose = await partnerUser('reporter-loose')
    expect(await fieldsOf(partners.submit(loose, report()))).toEqual(['organisationId'])
    expect((await partners.reportsForPartner(loose)).reports).toEqual([])
    expect(await ctx.force.rowCount('partner_report')).toBe(reports)
  })

  it('shows a partner only its own organisation’s reports: another organisation’s ids are not found', async () => {
    const { partners } = ctx.deps.services
    const mine = await partners.submit(partnerA, report({ partnerReference: 'SCH-40' }))
    const theirs = await partners.submit(
      partnerB,
      report({ partnerReference: 'GA-40', whatHappened: 'Greenfield’s own report' }),
    )
    expect((await partners.reportForPartner(partnerA, mine.report.reportId)).acknowledgementReference).toBe(
      mine.report.acknowledgementReference,
    )
    for (const probe of [theirs.report.reportId, '01900000-0000-7000-8000-000000000000', 'not-an-id']) {
      await expect(partners.reportForPartner(partnerA, probe)).rejects.toBeInstanceOf(NotFound)
    }
    const listed = (await partners.reportsForPartner(partnerA)).reports.map((row) => row.reportId)
    expect(listed).toContain(mine.report.reportId)
    expect(listed).not.toContain(theirs.report.reportId)
    const listedB = (await partners.reportsForPartner(partnerB)).reports.map((row) => row.reportId)
    expect(listedB).not.toContain(mine.report.reportId)
  })

  it('triage: recorded as a crime only once a crime is recorded from the incident, audited, and the partner told', async () => {
    const { partners, crimes, auditTrail, notifications } = ctx.deps.services
    const triager = (await ctx.force.user('imu_decision_maker')).actor
    const { report: made } = await partners.submit(partnerA, report({ partnerReference: 'SCH-50' }))
    expect(
      await fieldsOf(
        partners.decide(triager, made.reportId, { decision: 'recorded_as_crime', expectedVersion: made.version }),
      ),
    ).toEqual(['decision'])
    await crimes.record(triager, {
      incidentId: made.incidentId,
      victim: { givenName: 'Lily', familyName: 'Morgan' },
      offenceCode: '49',
      offenceFrom: '2026-11-25T10:00:00Z',
    })
    await partners.decide(triager, made.reportId, { decision: 'recorded_as_crime', expectedVersion: made.version })
    const seen = await partners.reportForPartner(partnerA, made.reportId)
    expect(seen.outcome).toBe('Recorded as a crime')
    expect((await partners.triageQueue(triager)).map((row) => row.reportId)).not.toContain(made.reportId)
    // Decided once: a second decision on the old version is a conflict.
    await expect(
      partners.decide(triager, made.reportId, { decision: 'closed', rationale: 'x', expectedVersion: made.version }),
    ).rejects.toBeInstanceOf(Conflict)
    const events = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      auditTrail.forRecord(tx, 'partner-report', made.reportId),
    )
    expect(events.map((event) => event.action)).toContain('PARTNER_REPORT_TRIAGED')
    const told = await notifications.mine(partnerA)
    expect(told.notifications.map((n) => n.subject)).toContain(
      `Your report ${made.acknowledgementReference}: Recorded as a crime`,
    )
  })

  it('rule 20: a disclosure records its recipient: passing a report on needs the agency and a rationale, both logged; the partner sees the agency, never the rationale', async () => {
    const { partners } = ctx.deps.services
    const triager = (await ctx.force.user('imu_decision_maker')).actor
    const { report: made } = await partners.submit(partnerA, report({ partnerReference: 'SCH-60' }))
    expect(
      await fieldsOf(
        partners.decide(triager, made.reportId, { decision: 'passed_to_agency', expectedVersion: made.version }),
      ),
    ).toEqual(['agency', 'rationale'])
    expect(
      await fieldsOf(partners.decide(triager, made.reportId, { decision: 'ignored', expectedVersion: made.version })),
    ).toEqual(['decision'])
    await partners.decide(triager, made.reportId, {
      decision: 'passed_to_agency',
      agency: 'Children’s social care',
      rationale: 'The mother’s boyfriend is known to social care',
      expectedVersion: made.version,
    })
    const seen = await partners.reportForPartner(partnerA, made.reportId)
    expect(seen.outcome).toBe('Passed to another agency (Children’s social care)')
    // Rule 20: a disclosure records its recipient: the agency and the rationale are in the audit trail.
    const disclosed = await ctx.deps.db.withForce(ctx.force.forceId, async (tx) =>
      (await ctx.deps.services.auditTrail.forRecord(tx, 'partner-report', made.reportId)).filter(
        (event) => event.action === 'PARTNER_REPORT_DISCLOSED',
      ),
    )
    expect(disclosed).toEqual([
      expect.objectContaining({
        reason: 'The mother’s boyfriend is known to social care',
        changes: { recipientOrganisation: 'Children’s social care', reference: made.acknowledgementReference },
      }),
    ])
    expect(JSON.stringify(seen)).not.toContain('boyfriend')
  })
})
