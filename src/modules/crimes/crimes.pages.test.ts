import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type Agent, type TestContext } from '../../../test/support/test-context.ts'

const location = (response: { headers: Record<string, unknown> }) => String(response.headers.location)

describe('crime pages', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  let sequence = 0
  /** Victim keys ignore digits: spell each test's surname in letters so tests do not look like duplicates. */
  const surname = (stem: string) =>
    `${stem}${(++sequence).toString(26).replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]!)}`

  async function newIncident(agent: Agent, overrides: Record<string, string | string[]> = {}) {
    const created = await agent.post('/incidents/new', {
      channel: '999',
      'receivedAt-day': '26',
      'receivedAt-month': '11',
      'receivedAt-year': '2026',
      'receivedAt-hour': '08',
      'receivedAt-minute': '15',
      openingCategory: 'crime-theft',
      // A place of its own: the made-up surnames differ by a letter, which the duplicate check tolerates.
      address: `${++sequence} Market Square, Northampton`,
      narrative: 'Bag taken from a café table.',
      ...overrides,
    })
    expect(created.statusCode).toBe(303)
    return location(created).split('/').at(-1)!
  }

  /** Records a simple theft through the question pages; returns the crime id and the interactions it took. */
  async function recordTheft(agent: Agent, incidentId: string, familyName = surname('Jones')) {
    let interactions = 0
    const start = await agent.post('/crimes/drafts', { incidentId })
    interactions += 1 // "Record a crime"
    expect(start.statusCode).toBe(303)
    const victimPage = location(start)
    expect((await agent.get(victimPage)).body).toContain('Who is the victim?')
    const victim = await agent.post(victimPage, { givenName: 'Amy', familyName })
    interactions += 3 // given name, family name, Continue
    const offencePage = location(victim)
    expect((await agent.get(offencePage)).body).toContain('What is the offence?')
    const offence = await agent.post(offencePage, { offenceCode: '49' })
    interactions += 2 // choose the offence, Continue
    const whenPage = location(offence)
    const when = await agent.get(whenPage)
    expect(when.body).toContain('When did it happen?')
    // Prefilled with the time the incident was reported.
    expect(when.body).toMatch(/name="offenceFrom-hour"[^>]*value="08"/)
    const whenPosted = await agent.post(whenPage, {
      'offenceFrom-day': '26',
      'offenceFrom-month': '11',
      'offenceFrom-year': '2026',
      'offenceFrom-hour': '08',
      'offenceFrom-minute': '15',
    })
    interactions += 1 // Continue
    const checkPage = location(whenPosted)
    const check = await agent.get(checkPage)
    expect(check.body).toContain('Check your answers before recording the crime')
    expect(check.body).toContain('Other theft (49)')
    expect(check.body).toContain(`Amy ${familyName}`)
    const recorded = await agent.post(checkPage, {})
    interactions += 1 // Record crime
    expect(recorded.statusCode).toBe(303)
    const done = await agent.get(location(recorded))
    expect(done.body).toContain('Crime recorded')
    const reference = /data-qa="crime-reference">([^<]+)</.exec(done.body)?.[1]
    return { crimeId: location(recorded).split('/')[2]!, reference, interactions }
  }

  it('records a simple theft from a new incident in 8 interactions, with a check-your-answers page', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentId = await newIncident(operator)
    const { crimeId, reference, interactions } = await recordTheft(operator, incidentId)
    console.log(`Recording a simple theft from an incident took ${interactions} interactions`)
    expect(interactions).toBeLessThanOrEqual(10)
    expect(reference).toMatch(new RegExp(`^${ctx.force.code}/26/\\d{6}$`))
    const incident = await operator.get(`/incidents/${incidentId}`)
    expect(incident.body).toContain(reference)
    expect(incident.body).not.toContain('No crime to record')
    const page = await operator.get(`/crimes/${crimeId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Recorded – awaiting classification check')
    expect(page.body).toContain('moj-timeline')
    expect(page.body).toContain('Crime recorded')
    // The timeline in sentences, with names: not the fields' raw values.
    expect(page.body).toContain('Recorded 45 minutes after the report, by Test control_room_operator.')
    expect(page.body).toMatch(/Amy [^<.]+ added as victim\./)
    expect(page.body).toContain('Classified as Other theft (49).')
    expect(page.body).not.toMatch(/hate crime: false|recording delay minutes|offence code:/i)
  })

  it('offers the incident’s caller as the victim, and links their person record rather than adding another', async () => {
    const operator = await ctx.as('control_room_operator')
    const familyName = surname('Okafor')
    const incidentId = await newIncident(operator, { reportingGivenName: 'Grace', reportingFamilyName: familyName })
    const victimPage = location(await operator.post('/crimes/drafts', { incidentId }))
    const asked = await operator.get(victimPage)
    expect(asked.body).toContain(`Is Grace ${familyName} the victim?`)
    const unanswered = await operator.post(victimPage, {})
    expect(unanswered.statusCode).toBe(400)
    expect(unanswered.body).toContain(`Say whether Grace ${familyName} is the victim`)
    const offencePage = location(await operator.post(victimPage, { callerIsVictim: 'yes' }))
    const whenPage = location(await operator.post(offencePage, { offenceCode: '49' }))
    const checkPage = location(
      await operator.post(whenPage, {
        'offenceFrom-day': '26',
        'offenceFrom-month': '11',
        'offenceFrom-year': '2026',
        'offenceFrom-hour': '08',
        'offenceFrom-minute': '15',
      }),
    )
    expect((await operator.get(checkPage)).body).toContain(`Grace ${familyName}`)
    const recorded = await operator.post(checkPage, {})
    expect(recorded.statusCode).toBe(303)
    const crimeId = location(recorded).split('/')[2]!
    const actor = (await ctx.force.user('imu_decision_maker')).actor
    const incident = await ctx.deps.services.incidents.get(actor, incidentId)
    const crime = await ctx.deps.services.crimes.get(actor, crimeId)
    expect(crime.victimPersonId).toBe(incident.reportingPersonId)
  })

  it('says what is wrong on each question page, and on the check page if a question was skipped', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentId = await newIncident(operator)
    const victimPage = location(await operator.post('/crimes/drafts', { incidentId }))
    const base = victimPage.replace(/\/victim$/, '')
    const noName = await operator.post(victimPage, { givenName: 'Amy', familyName: '' })
    expect(noName.statusCode).toBe(400)
    expect(noName.body).toContain('href="#victim.familyName"')
    const badOffence = await operator.post(`${base}/offence`, { offenceCode: '' })
    expect(badOffence.statusCode).toBe(400)
    expect(badOffence.body).toContain('Choose the offence')
    const badTime = await operator.post(`${base}/when`, {
      'offenceFrom-day': '26',
      'offenceFrom-month': '11',
      'offenceFrom-year': '2026',
      'offenceFrom-hour': '09',
      'offenceFrom-minute': '30',
    })
    expect(badTime.statusCode).toBe(400)
    expect(badTime.body).toContain('The offence cannot have started after it was reported')
    const skipped = await operator.post(`${base}/check`, {})
    expect(skipped.statusCode).toBe(400)
    expect(skipped.body).toContain(`href="${base}/victim"`)
  })

  it('warns of a possible duplicate on the check page and records only once confirmed', async () => {
    const operator = await ctx.as('control_room_operator')
    const familyName = surname('Twice')
    const address = '12 Market Square, Northampton'
    await recordTheft(operator, await newIncident(operator, { address }), familyName)
    const incidentId = await newIncident(operator, { channel: 'online', address })
    const victimPage = location(await operator.post('/crimes/drafts', { incidentId }))
    const base = victimPage.replace(/\/victim$/, '')
    await operator.post(victimPage, { givenName: 'Amy', familyName })
    await operator.post(`${base}/offence`, { offenceCode: '49' })
    await operator.post(`${base}/when`, {
      'offenceFrom-day': '26',
      'offenceFrom-month': '11',
      'offenceFrom-year': '2026',
      'offenceFrom-hour': '08',
      'offenceFrom-minute': '00',
    })
    const check = await operator.get(`${base}/check`)
    expect(check.body).toContain('Possible duplicate')
    const refused = await operator.post(`${base}/check`, {})
    expect(refused.statusCode).toBe(409)
    expect(refused.body).toContain('Confirm this is a different crime')
    const recorded = await operator.post(`${base}/check`, { acknowledgeDuplicates: 'yes' })
    expect(recorded.statusCode).toBe(303)
  })

  it('offers each allowed action as a form, and re-renders it with the problems', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const dm = await ctx.as('imu_decision_maker')
    const page = await dm.get(`/crimes/${crimeId}`)
    expect(page.body).toContain(`href="/crimes/${crimeId}/confirm-classification"`)
    expect(page.body).toContain(`href="/crimes/${crimeId}/reclassify"`)
    const reclassify = await dm.get(`/crimes/${crimeId}/reclassify`)
    expect(reclassify.statusCode).toBe(200)
    expect(reclassify.body).toContain('New offence')
    const missing = await dm.post(`/crimes/${crimeId}/reclassify`, {
      expectedVersion: '1',
      offenceCode: '',
      reason: '',
    })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#reason"')
    expect(missing.body).toContain('href="#offenceCode"')
    const done = await dm.post(`/crimes/${crimeId}/reclassify`, {
      expectedVersion: '1',
      offenceCode: '39',
      reason: 'Taken from her hand',
    })
    expect(done.statusCode).toBe(303)
    const after = await dm.get(`/crimes/${crimeId}`)
    expect(after.body).toContain('Crime reclassified')
    expect(after.body).toContain('Taken from her hand')
    // Every action's form renders for a crime where it is allowed.
    const confirm = await dm.get(`/crimes/${crimeId}/confirm-classification`)
    expect(confirm.statusCode).toBe(200)
    for (const action of ['update-details', 'link-person', 'cancel', 'request-transfer']) {
      expect((await dm.get(`/crimes/${crimeId}/${action}`)).statusCode, action).toBe(200)
    }
    // An action the status does not allow is a clear conflict, not a form.
    const file = await dm.get(`/crimes/${crimeId}/file`)
    expect(file.statusCode).toBe(409)
    // An officer may only request a cancellation.
    const officer = await ctx.as('officer')
    expect((await officer.get(`/crimes/${crimeId}/cancel`)).statusCode).toBe(403)
    expect((await officer.get(`/crimes/${crimeId}/request-cancellation`)).statusCode).toBe(200)
  })

  it('files a crime through the outcome and quality-check forms', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const dm = await ctx.as('imu_decision_maker')
    const officerUser = await ctx.force.user('officer')
    const officer = await ctx.as('officer')
    expect((await dm.post(`/crimes/${crimeId}/confirm-classification`, { expectedVersion: '1' })).statusCode).toBe(303)
    const allocate = await dm.get(`/crimes/${crimeId}/allocate`)
    expect(allocate.body).toContain('Test officer')
    expect(
      (await dm.post(`/crimes/${crimeId}/allocate`, { expectedVersion: '2', assignedUserId: officerUser.userId }))
        .statusCode,
    ).toBe(303)
    const outcomeForm = await officer.get(`/crimes/${crimeId}/submit-for-filing`)
    expect(outcomeForm.body).toContain('18: Investigation complete – no suspect identified')
    const wrong = await officer.post(`/crimes/${crimeId}/submit-for-filing`, {
      expectedVersion: '3',
      outcomeType: '8',
      closingSummary: '',
    })
    expect(wrong.statusCode).toBe(400)
    for (const href of ['#victimConsulted', '#offenderAccepted', '#closingSummary']) {
      expect(wrong.body).toContain(`href="${href}"`)
    }
    expect(
      (
        await officer.post(`/crimes/${crimeId}/submit-for-filing`, {
          expectedVersion: '3',
          outcomeType: '18',
          closingSummary: 'No CCTV, no witnesses, no forensic opportunities.',
        })
      ).statusCode,
    ).toBe(303)
    expect((await dm.post(`/crimes/${crimeId}/start-quality-check`, { expectedVersion: '4' })).statusCode).toBe(303)
    const partial = await dm.post(`/crimes/${crimeId}/file`, {
      expectedVersion: '5',
      checklist: ['classificationCorrect'],
    })
    expect(partial.statusCode).toBe(400)
    const filed = await dm.post(`/crimes/${crimeId}/file`, {
      expectedVersion: '5',
      checklist: ['classificationCorrect', 'outcomeValid', 'victimToldOfOutcome', 'victimsCodeContactsDone'],
    })
    expect(filed.statusCode).toBe(303)
    const page = await dm.get(`/crimes/${crimeId}`)
    expect(page.body).toContain('Crime filed')
    expect(page.body).toContain('18: Investigation complete – no suspect identified')
    expect(page.body).toContain('Classification at filing')
  })

  it('raises an N100 from a report of rape recorded as another offence, and lists it for the FCR', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentId = await newIncident(operator, {
      openingCategory: 'crime-sexual',
      qualifiers: ['rape-or-attempted-rape'],
    })
    const base = location(await operator.post('/crimes/drafts', { incidentId })).replace(/\/victim$/, '')
    await operator.post(`${base}/victim`, { givenName: 'N', familyName: surname('Hundred') })
    const offencePage = await operator.get(`${base}/offence`)
    expect(offencePage.body).toContain('If this is not being recorded as rape, why not?')
    const missing = await operator.post(`${base}/offence`, { offenceCode: '20A' })
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#n100Reason"')
    await operator.post(`${base}/offence`, { offenceCode: '20A', n100Reason: 'No penetration described' })
    await operator.post(`${base}/when`, {
      'offenceFrom-day': '25',
      'offenceFrom-month': '11',
      'offenceFrom-year': '2026',
      'offenceFrom-hour': '23',
      'offenceFrom-minute': '00',
    })
    expect((await operator.post(`${base}/check`, {})).statusCode).toBe(303)
    const fcr = await ctx.as('force_crime_registrar')
    const list = await fcr.get('/n100s')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('No penetration described')
    const n100Id = /href="\/n100s\/([0-9a-f-]{36})"/.exec(list.body)![1]!
    const show = await fcr.get(`/n100s/${n100Id}`)
    expect(show.body).toContain('Resolve')
    const closed = await fcr.post(`/n100s/${n100Id}`, {
      expectedVersion: '1',
      outcome: 'closed',
      rationale: 'Victim confirms account',
    })
    expect(closed.statusCode).toBe(303)
    expect((await operator.get('/n100s')).statusCode).toBe(403)
  })

  it('lets an administrator see and change the crime-recording settings', async () => {
    const admin = await ctx.as('administrator')
    const page = await admin.get('/admin/crime-recording')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('2017-18')
    expect(page.body).toContain('{prefix}/{yy}/{seq:6}')
    const bad = await admin.post('/admin/crime-recording/settings', {
      expectedVersion: '0',
      referenceFormat: '{prefix}',
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('href="#referenceFormat"')
    const codes = await admin.get('/admin/crime-recording/offence-codes')
    expect(codes.body).toContain('Rape of a female aged 16 and over')
    const importPage = await admin.get('/admin/crime-recording/offence-codes/import')
    expect(importPage.statusCode).toBe(200)
    const badImport = await admin.post('/admin/crime-recording/offence-codes/import', {
      version: '2026-27',
      source: 'Home Office',
      licence: 'OGL v3',
      csv: 'code,label\n46,Shoplifting',
      makeCurrent: 'yes',
    })
    expect(badImport.statusCode).toBe(400)
    expect(badImport.body).toContain('missing the column')
    // Who may authorise cancelling rape is the Force Crime Registrar's to say (rule 6), not an administrator's.
    const decisionMaker = await ctx.force.user('imu_decision_maker')
    expect(page.body).not.toContain('Designate a decision maker')
    expect(
      (await admin.post('/admin/crime-recording/decision-makers', { userId: decisionMaker.userId })).statusCode,
    ).toBe(403)
    expect(
      (
        await admin.post('/admin/crime-recording/authorisation-groups', {
          expectedVersion: '0',
          authorisationGroups: '',
        })
      ).statusCode,
    ).toBe(403)
    const fcr = await ctx.as('force_crime_registrar')
    expect((await fcr.get('/admin/crime-recording')).body).toContain('Designate a decision maker')
    const designated = await fcr.post('/admin/crime-recording/decision-makers', { userId: decisionMaker.userId })
    expect(designated.statusCode).toBe(303)
    expect((await admin.get('/admin/crime-recording')).body).toContain('Test imu_decision_maker (')
    const groups = await fcr.post('/admin/crime-recording/authorisation-groups', {
      expectedVersion: '0',
      authorisationGroups: 'rape, nonsense',
    })
    expect(groups.statusCode).toBe(400)
    expect(groups.body).toContain('href="#authorisationGroups"')
  })

  it('lists crimes by queue and finds one by reference', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId, reference } = await recordTheft(operator, await newIncident(operator))
    const list = await operator.get('/crimes?view=recorded')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain(reference)
    const found = await operator.get(`/crimes?reference=${encodeURIComponent(reference!)}`)
    expect(found.statusCode).toBe(303)
    expect(location(found)).toBe(`/crimes/${crimeId}`)
    const notFound = await operator.get('/crimes?reference=NOPE')
    expect(notFound.body).toContain('No crime has the reference NOPE')
  })

  const viewsOf = async (crimeId: string) =>
    (
      await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
        ctx.deps.services.auditTrail.forRecord(tx, 'crime', crimeId),
      )
    ).filter((event) => event.action === 'CRIME_VIEWED').length

  it('links a date’s error to its first box, and marks every box (rule 23 on the forms)', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentId = await newIncident(operator)
    const base = location(await operator.post('/crimes/drafts', { incidentId })).replace(/\/victim$/, '')
    const badBirth = await operator.post(`${base}/victim`, {
      givenName: 'Amy',
      familyName: surname('Dates'),
      'dateOfBirth-day': '31',
      'dateOfBirth-month': '2',
      'dateOfBirth-year': '1990',
    })
    expect(badBirth.statusCode).toBe(400)
    expect(badBirth.body).toContain('href="#victim.dateOfBirth-day"')
    expect(badBirth.body).toMatch(/govuk-input--error" id="victim.dateOfBirth-day"/)
    const badTime = await operator.post(`${base}/when`, {
      'offenceFrom-day': '26',
      'offenceFrom-month': '11',
      'offenceFrom-year': '2026',
      'offenceFrom-hour': '09',
      'offenceFrom-minute': '30',
      'offenceTo-day': '45',
      'offenceTo-month': '11',
      'offenceTo-year': '2026',
      'offenceTo-hour': '09',
      'offenceTo-minute': '30',
    })
    expect(badTime.statusCode).toBe(400)
    for (const field of ['offenceFrom', 'offenceTo']) {
      expect(badTime.body).toContain(`href="#${field}-day"`)
      expect(badTime.body).toContain(`id="${field}-error"`)
      expect(badTime.body).toMatch(new RegExp(`govuk-input--error" id="${field}-minute"`))
    }
    // The same on the crime's own forms.
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const dm = await ctx.as('imu_decision_maker')
    const details = await dm.post(`/crimes/${crimeId}/update-details`, {
      expectedVersion: '1',
      'offenceFrom-day': '',
      'offenceFrom-month': '',
      'offenceFrom-year': '',
      'offenceFrom-hour': '',
      'offenceFrom-minute': '',
    })
    expect(details.statusCode).toBe(400)
    expect(details.body).toContain('href="#offenceFrom-day"')
    await dm.post(`/crimes/${crimeId}/request-transfer`, {
      expectedVersion: '1',
      receivingForce: 'BTP',
      reason: 'Train',
    })
    const acceptance = await dm.post(`/crimes/${crimeId}/accept-transfer`, {
      expectedVersion: '2',
      receivingReference: 'BTP/1',
      'acceptedOn-day': '30',
      'acceptedOn-month': '2',
      'acceptedOn-year': '2026',
    })
    expect(acceptance.statusCode).toBe(400)
    expect(acceptance.body).toContain('href="#acceptedOn-day"')
    expect(acceptance.body).toMatch(/govuk-input--error" id="acceptedOn-day"/)
    // Rule 5: accepting a transfer asks whether the victim was told.
    expect(acceptance.body).toContain('href="#victimInformed"')
    expect(acceptance.body).toContain('Has the victim been told the crime is being transferred?')
  })

  it('records one view of the crime per action form shown, and none for re-showing it with the problems', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const dm = await ctx.as('imu_decision_maker')
    const before = await viewsOf(crimeId)
    expect((await dm.get(`/crimes/${crimeId}/reclassify`)).statusCode).toBe(200)
    expect(await viewsOf(crimeId)).toBe(before + 1)
    for (let attempt = 0; attempt < 3; attempt++) {
      expect((await dm.post(`/crimes/${crimeId}/reclassify`, { expectedVersion: '1', reason: '' })).statusCode).toBe(
        400,
      )
    }
    expect(await viewsOf(crimeId)).toBe(before + 1)
  })

  it('names the role on the "Add a person" form when none is chosen, in the radios too (rule 22)', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const officer = await ctx.as('officer')
    const page = await officer.post(`/crimes/${crimeId}/link-person`, {
      expectedVersion: '1',
      givenName: 'No',
      familyName: 'Role',
    })
    expect(page.statusCode).toBe(400)
    expect(page.body).toContain('href="#personRole"')
    expect(page.body).toContain('id="personRole-error"')
    expect(page.body).not.toContain('href="#role"')
  })

  it('changes how a person is involved from the crime (rule 22), reached from the person page', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const officer = await ctx.as('officer')
    expect(
      (
        await officer.post(`/crimes/${crimeId}/link-person`, {
          expectedVersion: '1',
          givenName: 'Sam',
          familyName: surname('Suspect'),
          personRole: 'suspect',
        })
      ).statusCode,
    ).toBe(303)
    const { people } = await ctx.deps.services.crimes.view(ctx.force.system, crimeId)
    const suspect = people.find((person) => person.role === 'suspect')!
    const personPage = await officer.get(`/people/${suspect.personId}`)
    const href = `/crimes/${crimeId}/change-involvement?involvementId=${suspect.involvementId}`
    expect(personPage.body).toContain(`href="${href}"`)
    const form = await officer.get(href)
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('How are they involved now?')
    expect(form.body).toMatch(new RegExp(`value="${suspect.involvementId}" checked`))
    expect(form.body).not.toContain('value="victim"')
    const saved = await officer.post(`/crimes/${crimeId}/change-involvement`, {
      expectedVersion: '2',
      involvementId: suspect.involvementId,
      personRole: 'suspect',
      suspectStatus: 'interviewed',
    })
    expect(saved.statusCode).toBe(303)
    const page = await officer.get(`/crimes/${crimeId}`)
    expect(page.body).toContain('Involvement updated')
    expect(page.body).toContain('Interviewed')
  })

  it('records a direct report of rape through the question pages, with its N100 (rules 1 and 8)', async () => {
    const dm = await ctx.as('imu_decision_maker')
    const list = await dm.get('/crimes')
    expect(list.body).toContain('Record a direct report')
    const start = await dm.post('/crimes/drafts', {})
    expect(location(start)).toMatch(/\/crimes\/drafts\/[0-9a-f-]{36}\/report$/)
    const base = location(start).replace(/\/report$/, '')
    expect((await dm.get(`${base}/report`)).body).toContain('How was the crime reported?')
    const missing = await dm.post(`${base}/report`, {})
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('href="#directReportChannel"')
    expect(missing.body).toContain('href="#reportedAt-day"')
    const reported = await dm.post(`${base}/report`, {
      directReportChannel: 'front_counter',
      'reportedAt-day': '26',
      'reportedAt-month': '11',
      'reportedAt-year': '2026',
      'reportedAt-hour': '08',
      'reportedAt-minute': '40',
      rapeReported: 'yes',
    })
    expect(location(reported)).toBe(`${base}/victim`)
    await dm.post(`${base}/victim`, { givenName: 'D', familyName: surname('Direct') })
    const offencePage = await dm.get(`${base}/offence`)
    expect(offencePage.body).toContain('If this is not being recorded as rape, why not?')
    expect((await dm.post(`${base}/offence`, { offenceCode: '20A' })).statusCode).toBe(400)
    await dm.post(`${base}/offence`, { offenceCode: '20A', n100Reason: 'Touching over clothing described' })
    await dm.post(`${base}/when`, {
      'offenceFrom-day': '25',
      'offenceFrom-month': '11',
      'offenceFrom-year': '2026',
      'offenceFrom-hour': '23',
      'offenceFrom-minute': '00',
    })
    const check = await dm.get(`${base}/check`)
    expect(check.body).toContain('Front counter, 26 November 2026')
    expect(check.body).toContain('rape or attempted rape reported')
    const recorded = await dm.post(`${base}/check`, {})
    expect(recorded.statusCode).toBe(303)
    const crimeId = location(recorded).split('/')[2]!
    const { crime, n100s } = await ctx.deps.services.crimes.view(ctx.force.system, crimeId)
    expect(crime).toMatchObject({ incidentId: null, directReportChannel: 'front_counter', offenceCode: '20A' })
    expect(n100s).toEqual([expect.objectContaining({ reason: 'Touching over clothing described', status: 'open' })])
  })

  it('goes back to a person’s open draft for an incident instead of starting another', async () => {
    const operator = await ctx.as('control_room_operator')
    const incidentId = await newIncident(operator)
    const first = location(await operator.post('/crimes/drafts', { incidentId }))
    await operator.post(first, { givenName: 'Amy', familyName: surname('Again') })
    const again = location(await operator.post('/crimes/drafts', { incidentId }))
    expect(again).toBe(first.replace(/\/victim$/, '/offence'))
  })

  it('shows who has the victim-care tasks', async () => {
    const operator = await ctx.as('control_room_operator')
    const { crimeId } = await recordTheft(operator, await newIncident(operator))
    const dm = await ctx.as('imu_decision_maker')
    await dm.post(`/crimes/${crimeId}/request-transfer`, {
      expectedVersion: '1',
      receivingForce: 'BTP',
      reason: 'Train',
    })
    const page = await dm.get(`/crimes/${crimeId}`)
    expect(page.body).toContain('Transfer to British Transport Police awaiting acceptance')
    expect(page.body).toMatch(/Victim care[\s\S]*This force, until the transfer is accepted/)
  })

  it('answers a malformed "older" cursor with a 400, not a database error', async () => {
    const operator = await ctx.as('control_room_operator')
    for (const before of ['abc_def', '1700000000000_not-a-uuid', '1_2']) {
      expect((await operator.get(`/crimes?before=${before}`)).statusCode, before).toBe(400)
    }
    expect((await operator.get('/crimes?before=1800000000000_01900000-0000-7000-8000-000000000000')).statusCode).toBe(
      200,
    )
  })
})
