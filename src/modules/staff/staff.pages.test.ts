import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Role } from '../../platform/auth/roles.ts'
import { ALL_ROLES, createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { ukDate } from '../../platform/dates.ts'
import { staffIndicators } from '../risks/index.ts'

const unitDetails = {
  function: 'Does the work',
  location: 'Headquarters',
  hours: 'Office hours',
  contact: 'Extension 1',
  whatToSend: 'Work',
  takesWork: [] as string[],
  active: true,
}

const VIEWERS: readonly Role[] = ['imu_supervisor', 'force_crime_registrar', 'inspector', 'administrator']

/** Pulls the error summary's links out of a page: which fields it names. */
function errorSummaryFields(html: string): string[] {
  const summary = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? ''
  return [...summary.matchAll(/href="#([^"]+)"/g)].map((match) => match[1]!)
}

describe('staff pages and API', () => {
  let ctx: TestContext
  let imu: string
  let controlRoom: string
  let ann: string
  let bob: string
  let olu: string

  beforeAll(async () => {
    ctx = await createTestContext()
    const actor = ctx.force.system
    const { directory, staff, staffReferenceData, staffAbsences } = ctx.deps.services
    imu = (await directory.createUnit(actor, { ...unitDetails, name: 'IMU', unitType: 'investigation_management' }))
      .unitId
    controlRoom = (
      await directory.createUnit(actor, { ...unitDetails, name: 'Control room', unitType: 'control_room' })
    ).unitId
    await staffReferenceData.addStandardSkills(actor)
    await staffReferenceData.addStandardCourses(actor)
    const person = (name: string, unitId: string) =>
      staff.createStaff(actor, {
        name,
        jobTitle: 'Decision maker',
        unitId,
        contractedHours: 37,
        workingDays: [1, 2, 3, 4, 5],
        startedOn: '2019-04-01',
      })
    ann = (await person('Ann Expert', imu)).staffId
    bob = (await person('Bob Competent', imu)).staffId
    olu = (await person('Olu Operator', controlRoom)).staffId
    await staff.setSkillLevel(actor, ann, { skill: 'filing', level: 3 })
    await staff.setSkillLevel(actor, ann, { skill: 'n100_review', level: 3 })
    await staff.setSkillLevel(actor, bob, { skill: 'filing', level: 2 })
    await staffAbsences.recordAbsence(actor, ann, {
      absenceType: 'sickness',
      planned: false,
      startsOn: '2026-09-14',
      expectedEndOn: '',
      hoursPerDay: undefined,
    })
  })
  afterAll(() => ctx.close())

  it.each(ALL_ROLES)('lets a %s into the staff pages only with staff.view', async (role) => {
    const agent = await ctx.as(role)
    const expected = VIEWERS.includes(role) ? 200 : 403
    for (const path of [
      '/staff',
      '/staff/skills',
      '/staff/absences',
      '/staff/training',
      '/staff/training/not-released',
      `/staff/${ann}`,
    ]) {
      expect((await agent.get(path)).statusCode, `${role} ${path}`).toBe(expected)
    }
  })

  it('shows a supervisor the staff list, with today’s long-term absence', async () => {
    const page = await (await ctx.as('imu_supervisor')).get('/staff')
    expect(page.body).toContain('Ann Expert')
    expect(page.body).toContain('Long-term absence: sickness')
    expect(page.body).toContain('Add a staff member')
    expect(page.body.match(/<h1/g)).toHaveLength(1)
    expect(page.body).not.toMatch(/\sstyle=/)
    const filtered = await (await ctx.as('imu_supervisor')).get(`/staff?unit=${controlRoom}`)
    expect(filtered.body).toContain('Olu Operator')
    expect(filtered.body).not.toContain('Ann Expert')
  })

  it('shows the skills matrix, the skills held by fewer than two available people, and who can backfill whom', async () => {
    const page = await (await ctx.as('imu_supervisor')).get('/staff/skills')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('data-qa="skills-matrix"')
    expect(page.body).toMatch(/skills are held by fewer than two available people/)
    expect(page.body).toMatch(/<strong>N100 review<\/strong>:\s*nobody available \(Ann Expert away\)/)
    expect(page.body).toMatch(/<strong>Filing and outcome check<\/strong>:\s*only Bob Competent \(Ann Expert away\)/)
    const backfill = /data-qa="backfill"[\s\S]*?<\/dl>/.exec(page.body)![0]
    expect(backfill).toContain('Ann Expert')
    expect(backfill).toMatch(/Filing and outcome check \(expert\):\s*Bob Competent \(competent\)/)
    expect(backfill).toMatch(/N100 review \(expert\):\s*<strong class="govuk-tag govuk-tag--red">\s*Nobody available/)
  })

  it('counts the same thin skills on the skills page as the risk register’s indicator: the IMU’s, named', async () => {
    const force = await ctx.newForce()
    const actor = force.system
    const { directory, staff, staffReferenceData, staffCover } = ctx.deps.services
    const unit = (name: string, unitType: 'investigation_management' | 'control_room') =>
      directory.createUnit(actor, { ...unitDetails, name, unitType })
    const imuId = (await unit('Investigation Management Unit', 'investigation_management')).unitId
    const roomId = (await unit('Control room', 'control_room')).unitId
    await staffReferenceData.addStandardSkills(actor)
    const member = async (name: string, unitId: string, skills: string[]) => {
      const { staffId } = await staff.createStaff(actor, {
        name,
        jobTitle: 'Decision maker',
        unitId,
        contractedHours: 37,
        workingDays: [1, 2, 3, 4, 5],
        startedOn: '2019-04-01',
      })
      for (const skill of skills) {
        await staff.setSkillLevel(actor, staffId, { skill, level: 3 })
      }
    }
    // Filing has two holders across the force but only one in the IMU.
    await member('Ivy Imu', imuId, ['filing'])
    await member('Carl Control', roomId, ['filing'])
    const indicator = staffIndicators(staffCover).find((i) => i.key === 'staff.skills-under-two-available')!
    expect(indicator.label).toBe('IMU skills with fewer than two available holders')
    const reading = await indicator.read(actor, ukDate(ctx.clock.now()))
    const page = await (await ctx.as('imu_supervisor', force)).get('/staff/skills')
    expect(page.body).toContain('Skills and backfill: Investigation Management Unit')
    const shown =
      /(\d+) skills? (?:is|are) held by fewer than two available people in Investigation Management Unit/.exec(
        page.body,
      )
    expect(Number(shown?.[1])).toBe(reading)
    const all = await (await ctx.as('imu_supervisor', force)).get('/staff/skills?unit=')
    expect(all.body).toMatch(/held by fewer than two available people across all units/)
  })

  it('shows a staff member’s page with who can cover them, and records the view', async () => {
    const page = await (await ctx.as('inspector')).get(`/staff/${bob}`)
    expect(page.body).toContain('Bob Competent')
    expect(page.body).toMatch(/Filing and outcome check[\s\S]*?Competent[\s\S]*?Nobody available/)
    expect(page.body).not.toContain('Record an absence')
    const [event] = await ctx.deps.services.auditTrail.search(ctx.force.system, {
      recordId: bob,
      action: 'STAFF_VIEWED',
      limit: 1,
    })
    expect(event).toBeDefined()
  })

  it('refuses changes from a role that can only read', async () => {
    const inspector = await ctx.as('inspector')
    expect((await inspector.get('/staff/new')).statusCode).toBe(403)
    expect((await inspector.post(`/staff/${bob}/absences/new`, { absenceType: 'leave' })).statusCode).toBe(403)
  })

  it('adds a staff member through the form, naming each bad field and storing nothing until all is well', async () => {
    const agent = await ctx.as('imu_supervisor')
    const form = {
      name: 'Cat New',
      jobTitle: 'Decision maker',
      unitId: imu,
      userId: '',
      contractedHours: '37',
      workingDays: ['1', '2', '3', '4', '5'],
      'startedOn-day': '30',
      'startedOn-month': '2',
      'startedOn-year': '2026',
    }
    const bad = await agent.post('/staff/new', { ...form, contractedHours: 'full time' })
    expect(bad.statusCode).toBe(400)
    // A date's error links to the first of its three boxes, where a keyboard can land.
    expect(errorSummaryFields(bad.body)).toEqual(['contractedHours', 'startedOn-day'])
    expect(bad.body).toMatch(/govuk-input--error" id="startedOn-day"/)
    expect(bad.body).toContain('Enter the date they started in the unit as a real date')
    expect(bad.body).toContain('value="full time"')
    expect((await ctx.deps.services.staff.listStaff(ctx.force.system)).map((person) => person.name)).not.toContain(
      'Cat New',
    )

    const good = await agent.post('/staff/new', { ...form, 'startedOn-day': '2' })
    expect(good.statusCode).toBe(303)
    const page = await agent.get(good.headers.location as string)
    expect(page.body).toContain('Cat New added')
    expect(page.body).toContain('37 a week, Monday to Friday')
  })

  it('records an absence, refusing one that ends before it starts by naming the end date', async () => {
    const agent = await ctx.as('imu_supervisor')
    const form = {
      absenceType: 'leave',
      planned: 'yes',
      'startsOn-day': '21',
      'startsOn-month': '12',
      'startsOn-year': '2026',
      'expectedEndOn-day': '18',
      'expectedEndOn-month': '12',
      'expectedEndOn-year': '2026',
    }
    const bad = await agent.post(`/staff/${bob}/absences/new`, form)
    expect(bad.statusCode).toBe(400)
    expect(errorSummaryFields(bad.body)).toEqual(['expectedEndOn-day'])
    expect(bad.body).toContain('The expected end date must be the same as or after the date the absence starts')
    expect(bad.body).toContain('<title>Error: Record an absence')
    expect(
      await ctx.deps.services.staffAbsences.listAbsences(ctx.force.system, { from: '2026-12-01', to: '2026-12-31' }),
    ).toHaveLength(1)

    const good = await agent.post(`/staff/${bob}/absences/new`, { ...form, 'expectedEndOn-day': '24' })
    expect(good.statusCode).toBe(303)
    const absences = await agent.get('/staff/absences')
    expect(absences.body).toContain('Bob Competent')
    expect(absences.body).toContain('24 December 2026 (expected)')
  })

  it('refuses an unknown skill by naming the skill field', async () => {
    const agent = await ctx.as('imu_supervisor')
    const bad = await agent.post(`/staff/${bob}/skills`, { skill: 'juggling', level: '2' })
    expect(bad.statusCode).toBe(400)
    expect(errorSummaryFields(bad.body)).toEqual(['skill'])
    expect(bad.body).toContain('Unknown skill: juggling')
    expect((await agent.post(`/staff/${bob}/skills`, { skill: 'n100_review', level: '2' })).statusCode).toBe(303)
    const matrix = await agent.get('/staff/skills')
    expect(matrix.body).toMatch(/N100 review \(expert\):\s*Bob Competent \(competent\)/)
  })

  it('books training, cancels it because the person was not released, and reports it', async () => {
    const agent = await ctx.as('imu_supervisor')
    const booked = await agent.post(`/staff/${olu}/bookings/new`, {
      course: 'crime-recording',
      'courseOn-day': '19',
      'courseOn-month': '11',
      'courseOn-year': '2026',
    })
    expect(booked.statusCode).toBe(303)
    const profile = await agent.get(`/staff/${olu}`)
    const cancelHref = /href="(\/staff\/[^"]+\/bookings\/[^"]+\/cancel)"/.exec(profile.body)![1]!
    const form = await agent.get(cancelHref)
    const version = /name="version" value="(\d+)"/.exec(form.body)![1]
    const bad = await agent.post(cancelHref, { reason: 'not_released', detail: '', decidedBy: '', version })
    expect(errorSummaryFields(bad.body)).toEqual(['detail', 'decidedBy'])
    const good = await agent.post(cancelHref, {
      reason: 'not_released',
      detail: 'Not released — staffing',
      decidedBy: 'Duty inspector',
      version,
    })
    expect(good.statusCode).toBe(303)
    const report = await agent.get('/staff/training/not-released')
    expect(report.body).toContain('1 booking cancelled for 1 person')
    expect(report.body).toContain('Olu Operator')
    expect(report.body).toContain('Not released — staffing')
    expect(report.body).toContain('Duty inspector')

    const training = await agent.get('/staff/training')
    expect(training.body).toMatch(/0%<\/p>\s*<p class="govuk-body">of control-room staff trained \(0 of 1\)/)
    expect(training.body).toContain('Never trained')
  })

  it('serves staff, availability and indicators as JSON', async () => {
    const api = await ctx.api('imu_supervisor')
    const list = await api.get(`/api/v1/staff?unitId=${imu}`)
    expect(list.statusCode).toBe(200)
    const names = list.json<{ staff: Array<{ name: string }> }>().staff.map((person) => person.name)
    expect(names).toContain('Ann Expert')
    expect(names).not.toContain('Olu Operator')

    const availability = await api.get('/api/v1/staff/availability?from=2026-11-26&to=2026-11-26')
    const days = availability.json<{ days: Array<{ name: string; hours: number }> }>().days
    expect(days.find((day) => day.name === 'Ann Expert')!.hours).toBe(0)
    expect(days.find((day) => day.name === 'Olu Operator')!.hours).toBe(7.4)

    const indicators = await api.get('/api/v1/staff/indicators?date=2026-11-26')
    expect(indicators.statusCode).toBe(200)
    const body = indicators.json<{
      longTermAbsences: Array<{ name: string; days: number }>
      controlRoomTrainingCompliance: { total: number }
    }>()
    expect(body.longTermAbsences).toEqual([expect.objectContaining({ name: 'Ann Expert', days: 74 })])
    expect(body.controlRoomTrainingCompliance.total).toBe(1)

    const bad = await api.get('/api/v1/staff/availability?from=2026-11-26&to=2026-11-01')
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ errors: [{ field: 'to' }] })
  })

  it('changes staff records through the API with field errors, nothing stored on a bad request', async () => {
    const api = await ctx.api('imu_supervisor')
    const absence = await api.post(`/api/v1/staff/${bob}/absences`, {
      absenceType: 'secondment',
      planned: true,
      startsOn: '2027-03-01',
      expectedEndOn: '2027-02-01',
    })
    expect(absence.statusCode).toBe(400)
    expect(absence.json()).toMatchObject({ errors: [{ field: 'expectedEndOn' }] })

    const skill = await api.request('PUT', `/api/v1/staff/${bob}/skills/juggling`, { level: 2 })
    expect(skill.statusCode).toBe(400)
    const { errors } = skill.json<{ errors: Array<{ field: string; message: string }> }>()
    expect(errors.map((error) => error.field)).toEqual(['skill'])
    expect(errors[0]!.message).toContain('Unknown skill')

    const created = await api.post('/api/v1/staff', {
      name: 'Dev API',
      jobTitle: 'Operator',
      unitId: controlRoom,
      contractedHours: 30,
      workingDays: [1, 2, 3, 4],
      startedOn: '2026-01-05',
    })
    expect(created.statusCode).toBe(201)
    const { staffId } = created.json<{ staffId: string }>()
    expect(
      (await api.request('PUT', `/api/v1/staff/${staffId}/skills/recording_decision`, { level: 2 })).statusCode,
    ).toBe(204)
    const recorded = await api.post(`/api/v1/staff/${staffId}/training-records`, {
      course: 'crime-recording',
      completedOn: '2026-02-10',
    })
    expect(recorded.json()).toMatchObject({ expiresOn: '2028-02-10' })
    const one = await api.get(`/api/v1/staff/${staffId}`)
    expect(one.json()).toMatchObject({
      name: 'Dev API',
      skills: [{ skill: 'recording_decision', level: 2 }],
      training: [{ courseCode: 'crime-recording', expiresOn: '2028-02-10' }],
    })
    const reader = await ctx.api('inspector')
    expect((await reader.post('/api/v1/staff', {})).statusCode).toBe(403)
  })
})
