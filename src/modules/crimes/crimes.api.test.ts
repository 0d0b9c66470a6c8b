import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type ApiClient, type TestContext } from '../../../test/support/test-context.ts'

interface Problem {
  status: number
  title: string
  detail?: string
  errors?: Array<{ field: string; message: string }>
}

describe('crimes and incidents API', () => {
  let ctx: TestContext
  let control: ApiClient
  beforeAll(async () => {
    ctx = await createTestContext()
    control = await ctx.api('control_room_operator')
  })
  afterAll(() => ctx.close())

  let sequence = 0
  const incident = (overrides: Record<string, unknown> = {}) => ({
    sourceSystem: 'STORM',
    sourceReference: `CAD-API-${++sequence}`,
    channel: '999',
    receivedAt: '2026-11-26T08:00:00Z',
    // A place of its own: the made-up surnames differ by a letter, which the duplicate check tolerates.
    location: { address: `${sequence} Gold Street, Northampton` },
    openingCategory: 'crime-theft',
    narrative: 'Phone snatched from the caller’s hand.',
    ...overrides,
  })
  /** Victim keys ignore digits, so each test's victim gets a surname spelt from letters. */
  const surname = () => `March${(++sequence).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`
  const theft = (overrides: Record<string, unknown> = {}) => ({
    incident: incident(),
    victim: { givenName: 'Jo', familyName: surname() },
    offenceCode: '39',
    offenceFrom: '2026-11-26T07:50:00Z',
    ...overrides,
  })

  it('takes an incident idempotently: 201, then 200 for the same submission, 409 for different content', async () => {
    const body = incident()
    const first = await control.post('/api/v1/incidents', body)
    expect(first.statusCode).toBe(201)
    const created = first.json<{ incident: { incidentId: string; incidentNumber: string; decisionDueBy: string } }>()
    expect(created.incident.decisionDueBy).toBe('2026-11-27T08:00:00.000Z')
    const again = await control.post('/api/v1/incidents', body)
    expect(again.statusCode).toBe(200)
    expect(again.json<{ incident: { incidentId: string }; replayed: boolean }>()).toMatchObject({
      replayed: true,
      incident: { incidentId: created.incident.incidentId },
    })
    const clash = await control.post('/api/v1/incidents', { ...body, channel: '101' })
    expect(clash.statusCode).toBe(409)
    expect(clash.json<Problem & { incidentNumber: string }>()).toMatchObject({
      detail: expect.stringContaining('different content') as string,
      incidentNumber: created.incident.incidentNumber,
    })
    const read = await control.get(`/api/v1/incidents/${created.incident.incidentId}`)
    expect(read.statusCode).toBe(200)
  })

  it('leaves exactly one incident and one crime after 1,000 replays of one submission, some concurrent', async () => {
    const force = await ctx.newForce()
    const client = await ctx.api('control_room_operator', force)
    const body = theft({ incident: incident({ sourceReference: 'CAD-REPLAYED' }) })
    const statuses: number[] = []
    const crimeIds = new Set<string>()
    // 40 waves of 25 concurrent submissions.
    for (let wave = 0; wave < 40; wave++) {
      const responses = await Promise.all(Array.from({ length: 25 }, () => client.post('/api/v1/crimes', body)))
      for (const response of responses) {
        statuses.push(response.statusCode)
        crimeIds.add(response.json<{ crime: { crimeId: string } }>().crime.crimeId)
      }
    }
    expect(statuses).toHaveLength(1000)
    expect(statuses.filter((status) => status === 201)).toHaveLength(1)
    expect(statuses.filter((status) => status === 200)).toHaveLength(999)
    expect(crimeIds.size).toBe(1)
    expect(await force.rowCount('incident')).toBe(1)
    expect(await force.rowCount('crime')).toBe(1)
    expect(await force.rowCount('person')).toBe(1)
    expect(await force.rowCount('crime_status_change')).toBe(1)
  }, 120_000)

  describe('invalid input gets a clear error naming the field, and nothing is half-written', () => {
    it.each<[string, Record<string, unknown>, string[]]>([
      [
        'a report time in the future',
        { incident: incident({ receivedAt: '2026-11-26T09:30:00Z' }) },
        ['incident.receivedAt'],
      ],
      ['an offence ending before it started', { offenceTo: '2026-11-26T07:00:00Z' }, ['offenceTo']],
      ['an offence starting after the report', { offenceFrom: '2026-11-26T08:30:00Z' }, ['offenceFrom']],
      ['an unknown offence code', { offenceCode: '999Z' }, ['offenceCode']],
      [
        'no incident and no direct-report channel',
        { incident: undefined, reportedAt: '2026-11-26T08:00:00Z' },
        ['directReportChannel'],
      ],
      ['an unknown channel', { incident: incident({ channel: 'carrier-pigeon' }) }, ['incident.channel']],
      ['a property the API does not know', { colour: 'red' }, ['request']],
    ])('%s', async (_name, change, fields) => {
      const force = await ctx.newForce()
      const client = await ctx.api('control_room_operator', force)
      const response = await client.post('/api/v1/crimes', { ...theft(), ...change })
      expect(response.statusCode).toBe(400)
      const problem = response.json<Problem>()
      if (fields[0] !== 'request') {
        expect(problem.errors!.map((error) => error.field)).toEqual(fields)
      }
      expect(problem.errors!.every((error) => error.message.length > 0)).toBe(true)
      for (const table of ['incident', 'crime', 'person', 'location']) {
        expect(await force.rowCount(table), table).toBe(0)
      }
    })

    it('refuses a cancellation without a rationale, or by the wrong role, and changes nothing', async () => {
      const recorded = (await control.post('/api/v1/crimes', theft())).json<{
        crime: { crimeId: string; version: number }
      }>().crime
      const dm = await ctx.api('imu_decision_maker')
      const officer = await ctx.api('officer')
      const noRationale = await dm.post(`/api/v1/crimes/${recorded.crimeId}/cancel`, {
        expectedVersion: recorded.version,
        cancellationCode: 'C4',
        rationale: '',
        victimInformed: true,
      })
      expect(noRationale.statusCode).toBe(400)
      expect(noRationale.json<Problem>().errors).toEqual([
        { field: 'rationale', message: 'Enter the rationale for cancelling this crime' },
      ])
      const wrongRole = await officer.post(`/api/v1/crimes/${recorded.crimeId}/cancel`, {
        expectedVersion: recorded.version,
        cancellationCode: 'C4',
        rationale: 'Recorded in error',
        victimInformed: true,
      })
      expect(wrongRole.statusCode).toBe(403)
      expect(wrongRole.json<Problem>().detail).toMatch(/request the cancellation instead/)
      const operator = await control.post(`/api/v1/crimes/${recorded.crimeId}/cancel`, { expectedVersion: 1 })
      expect(operator.statusCode).toBe(403)
      const after = await dm.get(`/api/v1/crimes/${recorded.crimeId}`)
      expect(after.json<{ status: string; version: number }>()).toMatchObject({ status: 'recorded', version: 1 })
    })
  })

  it('answers a possible duplicate with a 409 listing it, and records once acknowledged', async () => {
    const victim = { givenName: 'Dup', familyName: 'Licate' }
    const location = { address: '1 Gold Street, Northampton', postcode: 'NN1 1RA' }
    const first = await control.post('/api/v1/crimes', theft({ victim, incident: incident({ location }) }))
    const reference = first.json<{ crime: { crimeReference: string } }>().crime.crimeReference
    const second = await control.post(
      '/api/v1/crimes',
      theft({ victim, incident: incident({ channel: 'online', location }) }),
    )
    expect(second.statusCode).toBe(409)
    expect(second.json<{ duplicates: Array<{ crimeReference: string }> }>().duplicates).toEqual([
      expect.objectContaining({ crimeReference: reference }),
    ])
    const confirmed = await control.post(
      '/api/v1/crimes',
      theft({ victim, incident: incident({ channel: 'online', location }), acknowledgeDuplicates: true }),
    )
    expect(confirmed.statusCode).toBe(201)
  })

  it('takes each lifecycle action at its own route with an expected version, and lists the allowed ones', async () => {
    const dm = await ctx.api('imu_decision_maker')
    const { crime } = (await control.post('/api/v1/crimes', theft())).json<{
      crime: { crimeId: string; version: number }
    }>()
    const allowed = await dm.get(`/api/v1/crimes/${crime.crimeId}/allowed-actions`)
    expect(allowed.json<{ actions: Array<{ action: string; path: string }> }>().actions[0]).toEqual({
      action: 'confirm_classification',
      label: 'Confirm the classification',
      path: `/api/v1/crimes/${crime.crimeId}/confirm-classification`,
      requires: [],
      fcrOverride: false,
    })
    const confirmed = await dm.post(`/api/v1/crimes/${crime.crimeId}/confirm-classification`, {
      expectedVersion: crime.version,
    })
    expect(confirmed.json<{ status: string; version: number }>()).toMatchObject({
      status: 'awaiting_allocation',
      version: 2,
    })
    const stale = await dm.post(`/api/v1/crimes/${crime.crimeId}/reclassify`, {
      expectedVersion: crime.version,
      offenceCode: '49',
      reason: 'x',
    })
    expect(stale.statusCode).toBe(409)
    expect(stale.json<Problem>().detail).toMatch(/changed by someone else/)
  })

  it('records a direct report, a non-crime decision, and serves daily flows and timeliness', async () => {
    const force = await ctx.newForce()
    const operator = await ctx.api('control_room_operator', force)
    const supervisor = await ctx.api('imu_supervisor', force)
    const direct = await operator.post('/api/v1/crimes', {
      directReportChannel: 'front_counter',
      reportedAt: '2026-11-25T08:00:00Z',
      offenceCode: '46',
      offenceFrom: '2026-11-25T07:30:00Z',
      sourceSystem: 'FRONT-COUNTER',
      sourceReference: 'FC-1',
    })
    expect(direct.statusCode).toBe(201)
    expect(direct.json<{ crime: { recordedLate: boolean; recordingDelaySeconds: number } }>().crime).toMatchObject({
      recordedLate: true,
      recordingDelaySeconds: 25 * 3600,
    })
    const { incident: logged } = (await operator.post('/api/v1/incidents', incident())).json<{
      incident: { incidentId: string; version: number }
    }>()
    const decision = await operator.post(`/api/v1/incidents/${logged.incidentId}/non-crime-decision`, {
      expectedVersion: logged.version,
      reason: 'credible_evidence_to_contrary',
      rationale: 'The phone was found in the caller’s car',
      victimInformed: true,
    })
    expect(decision.json()).toMatchObject({ recordingDecision: 'not_crimed' })
    const closed = await operator.post(`/api/v1/incidents/${logged.incidentId}/close`, {
      expectedVersion: 2,
      closingCategory: 'lost-found-property',
      closingRationale: 'Found',
    })
    expect(closed.statusCode).toBe(200)
    const flows = await supervisor.get('/api/v1/crimes/daily-flows?from=2026-11-26&to=2026-11-26')
    expect(flows.json()).toEqual({
      flows: [{ date: '2026-11-26', status: 'recorded', entered: 1, left: 0, leftBy: [] }],
    })
    const timeliness = await supervisor.get('/api/v1/crimes/recording-timeliness?from=2026-11-01&to=2026-11-30')
    expect(timeliness.json()).toEqual({
      weeks: [{ weekStarting: '2026-11-23', recorded: 1, late: 1, withinLimitPercent: 0 }],
    })
    const codes = await operator.get('/api/v1/offence-codes')
    expect(codes.json<{ version: string; codes: unknown[] }>()).toMatchObject({ version: '2017-18', current: true })
    expect(codes.json<{ codes: unknown[] }>().codes).toHaveLength(164)
  })

  it('lists incidents awaiting a recording decision, with query parameters as strings', async () => {
    const force = await ctx.newForce()
    const client = await ctx.api('control_room_operator', force)
    await client.post('/api/v1/incidents', incident())
    await client.post('/api/v1/incidents', incident({ openingCategory: 'concern-for-safety' }))
    const due = await client.get('/api/v1/incidents?decisionDue=true&limit=5')
    expect(due.statusCode).toBe(200)
    expect(
      due.json<{ incidents: Array<{ openingCategory: string }> }>().incidents.map((i) => i.openingCategory),
    ).toEqual(['crime-theft'])
    const all = await client.get('/api/v1/incidents?status=open')
    expect(all.json<{ incidents: unknown[] }>().incidents).toHaveLength(2)
  })

  it('lists crimes and reads one (a read is recorded in the audit trail)', async () => {
    const { crime } = (await control.post('/api/v1/crimes', theft())).json<{
      crime: { crimeId: string; crimeReference: string }
    }>()
    const inspector = await ctx.api('inspector')
    const list = await inspector.get(`/api/v1/crimes?reference=${encodeURIComponent(crime.crimeReference)}`)
    expect(list.json<{ crimes: Array<{ crimeId: string; offenceLabel: string }> }>().crimes).toEqual([
      expect.objectContaining({ crimeId: crime.crimeId, offenceLabel: 'Theft from the person' }),
    ])
    expect((await inspector.get(`/api/v1/crimes/${crime.crimeId}`)).statusCode).toBe(200)
    const trail = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      ctx.deps.services.auditTrail.forRecord(tx, 'crime', crime.crimeId),
    )
    expect(trail.at(-1)).toMatchObject({ action: 'CRIME_VIEWED', actorType: 'token' })
    expect((await inspector.post('/api/v1/crimes', theft())).statusCode).toBe(403)
  })

  it('answers two truly concurrent actions on one crime with one success and one 409, never a 500', async () => {
    const force = await ctx.newForce()
    const client = await ctx.api('control_room_operator', force)
    const dm = await ctx.api('imu_decision_maker', force)
    for (let attempt = 0; attempt < 5; attempt++) {
      const { crime } = (await client.post('/api/v1/crimes', theft())).json<{
        crime: { crimeId: string; version: number }
      }>()
      const responses = await Promise.all(
        ['49', '46'].map((offenceCode) =>
          dm.post(`/api/v1/crimes/${crime.crimeId}/reclassify`, {
            expectedVersion: crime.version,
            offenceCode,
            reason: `Reclassified as ${offenceCode}`,
          }),
        ),
      )
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409])
      const conflict = responses.find((response) => response.statusCode === 409)!
      expect(conflict.json<Problem>().detail).toMatch(/changed by someone else/)
    }
    expect(await force.rowCount('crime_classification')).toBe(10)
  })

  it('takes rapeReported on a direct report, and needs the N100 reason when it is not recorded as rape (rule 8)', async () => {
    const force = await ctx.newForce()
    const dm = await ctx.api('imu_decision_maker', force)
    const direct = {
      directReportChannel: 'online',
      reportedAt: '2026-11-26T08:00:00Z',
      rapeReported: true,
      victim: { givenName: 'Ola', familyName: surname() },
      offenceCode: '20A',
      offenceFrom: '2026-11-25T22:00:00Z',
    }
    const missing = await dm.post('/api/v1/crimes', direct)
    expect(missing.statusCode).toBe(400)
    expect(missing.json<Problem>().errors!.map((error) => error.field)).toEqual(['n100Reason'])
    expect((await dm.post('/api/v1/crimes', { ...direct, n100Reason: 'Sexual assault described' })).statusCode).toBe(
      201,
    )
    expect(await force.rowCount('n100')).toBe(1)
  })
})
