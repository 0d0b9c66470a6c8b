import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createViewEnvironment } from '../../platform/views/nunjucks.ts'
import { ALL_ROLES, createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { UnitInput } from './directory.rules.ts'

const imu: UnitInput = {
  name: 'Investigation Management Unit',
  unitType: 'investigation_management',
  function: 'Classifies, allocates, quality-checks and files crimes',
  location: 'Headquarters, first floor, room 1.14',
  hours: 'Monday to Friday 7am to 7pm',
  contact: 'Extension 3350',
  whatToSend: 'Incidents awaiting a recording decision',
  takesWork: ['incident', 'crime'],
  active: true,
}

const form = {
  name: 'Control room',
  unitType: 'control_room',
  function: 'Answers calls and creates incidents',
  location: 'Headquarters, ground floor',
  hours: 'Always open',
  contact: 'Duty inspector, extension 3100',
  whatToSend: 'Nothing: it sends work out',
  active: 'yes',
}

describe('unit directory pages and API', () => {
  let ctx: TestContext
  let unitId: string
  beforeAll(async () => {
    ctx = await createTestContext()
    unitId = (await ctx.deps.services.directory.createUnit(ctx.force.system, imu)).unitId
  })
  afterAll(() => ctx.close())

  it.each(ALL_ROLES)('lets a %s read the directory and a unit', async (role) => {
    const agent = await ctx.as(role)
    const list = await agent.get('/directory')
    expect(list.statusCode).toBe(200)
    expect(list.body).toContain('Investigation Management Unit')
    const unit = await agent.get(`/directory/${unitId}`)
    expect(unit.statusCode).toBe(200)
    expect(unit.body).toContain('Headquarters, first floor, room 1.14')
    expect(unit.body).toContain('Incidents awaiting a recording decision')
  })

  it('lets only directory managers add or edit units', async () => {
    const operator = await ctx.as('control_room_operator')
    expect((await operator.get('/directory/new')).statusCode).toBe(403)
    expect((await operator.get(`/directory/${unitId}/edit`)).statusCode).toBe(403)
    expect((await operator.post('/directory/new', form)).statusCode).toBe(403)
    const list = await operator.get('/directory')
    expect(list.body).not.toContain('Add a unit')
  })

  it('adds a unit through the form (post/redirect/get) with a success banner', async () => {
    const supervisor = await ctx.as('imu_supervisor')
    const response = await supervisor.post('/directory/new', form)
    expect(response.statusCode).toBe(303)
    const page = await supervisor.get(response.headers.location as string)
    expect(page.body).toContain('Control room added to the directory')
    expect(page.body).toContain('Duty inspector, extension 3100')
  })

  it('re-shows the form with an error summary naming each missing field', async () => {
    const supervisor = await ctx.as('imu_supervisor')
    const response = await supervisor.post('/directory/new', { ...form, name: 'Cells', hours: '', unitType: '' })
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain('href="#hours"')
    expect(response.body).toContain('Enter the unit’s working hours')
    expect(response.body).toContain('href="#unitType"')
    expect(response.body).toContain('value="Cells"')
    expect(response.body).toContain('<title>Error: Add a unit')
  })

  it('edits a unit and tells the second of two editors their copy is out of date', async () => {
    const { unitId: id } = await ctx.deps.services.directory.createUnit(ctx.force.system, {
      ...imu,
      name: 'Crime bureau',
    })
    const first = await ctx.as('imu_supervisor')
    const second = await ctx.as('administrator')
    expect((await first.get(`/directory/${id}/edit`)).body).toContain('name="version" value="1"')
    expect((await second.get(`/directory/${id}/edit`)).body).toContain('name="version" value="1"')
    const values = { ...form, name: 'Crime bureau', unitType: 'investigation', version: '1' }
    expect((await first.post(`/directory/${id}/edit`, { ...values, hours: '9 to 5' })).statusCode).toBe(303)
    const stale = await second.post(`/directory/${id}/edit`, { ...values, hours: '8 to 4' })
    expect(stale.statusCode).toBe(409)
    expect(stale.body).toContain('changed by someone else')
    expect((await ctx.deps.services.directory.getUnit(ctx.force.system, id)).hours).toBe('9 to 5')
  })

  it('serves units as JSON, filtered by the work they take', async () => {
    const api = await ctx.api('control_room_operator')
    const all = await api.get('/api/v1/units')
    expect(all.statusCode).toBe(200)
    const names = all.json<{ units: Array<{ name: string }> }>().units.map((unit) => unit.name)
    expect(names).toContain('Investigation Management Unit')
    const incidents = await api.get('/api/v1/units?work=incident')
    const routed = incidents.json<{ units: Array<{ name: string; takesWork: string[] }> }>().units
    expect(routed.length).toBeGreaterThan(0)
    expect(routed.every((unit) => unit.takesWork.includes('incident'))).toBe(true)
    const imus = await api.get('/api/v1/units?unitType=investigation_management')
    expect(imus.json<{ units: Array<{ unitType: string }> }>().units.map((unit) => unit.unitType)).toEqual([
      'investigation_management',
    ])
    expect((await api.get('/api/v1/units?unitType=canteen')).statusCode).toBe(400)
    const one = await api.get(`/api/v1/units/${unitId}`)
    expect(one.json()).toMatchObject({ unitId, unitType: 'investigation_management', version: 1 })
    expect((await api.post('/api/v1/units', { ...imu, name: 'Another' })).statusCode).toBe(403)
  })

  it('adds and changes units through the API, with field errors and a 409 on a stale version', async () => {
    const api = await ctx.api('administrator')
    const bad = await api.post('/api/v1/units', { ...imu, name: 'API unit', contact: '' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ errors: [{ field: 'contact', message: 'Enter how to contact the unit' }] })

    const created = await api.post('/api/v1/units', { ...imu, name: 'API unit' })
    expect(created.statusCode).toBe(201)
    const { unitId: id } = created.json<{ unitId: string }>()
    const changed = await api.request('PUT', `/api/v1/units/${id}`, {
      ...imu,
      name: 'API unit',
      hours: 'Always',
      active: true,
      expectedVersion: 1,
    })
    expect(changed.statusCode).toBe(200)
    expect(changed.json()).toMatchObject({ hours: 'Always', version: 2 })
    const stale = await api.request('PUT', `/api/v1/units/${id}`, {
      ...imu,
      name: 'API unit',
      active: true,
      expectedVersion: 1,
    })
    expect(stale.statusCode).toBe(409)
    expect((await api.get('/api/v1/units/not-a-uuid')).statusCode).toBe(400)
  })
})

describe('the routing panel partial (directory/views/_routing-panel.njk)', () => {
  const views = createViewEnvironment({ watch: false })

  it('renders each unit that takes the work as a labelled aside, escaping what it shows', () => {
    const routing = [
      {
        unitId: '0192f0c4-0000-7000-8000-000000000001',
        name: 'Investigation Management Unit',
        function: 'Classifies and files crimes',
        location: 'Headquarters, room 1.14',
        hours: 'Monday to Friday 7am to 7pm',
        contact: 'Extension 3350',
        whatToSend: 'Incidents awaiting a decision <b>now</b>',
      },
    ]
    const html = views.renderString('{% include "directory/views/_routing-panel.njk" %}', { routing })
    expect(html).toContain('<aside')
    expect(html).toContain('aria-labelledby="routing-panel-heading"')
    expect(html).toContain('Where to send this')
    expect(html).toContain('href="/directory/0192f0c4-0000-7000-8000-000000000001"')
    for (const text of [
      'Classifies and files crimes',
      'Headquarters, room 1.14',
      'Monday to Friday 7am to 7pm',
      'Extension 3350',
    ]) {
      expect(html).toContain(text)
    }
    expect(html).toContain('Incidents awaiting a decision &lt;b&gt;now&lt;/b&gt;')
    expect(html).not.toMatch(/\sstyle=/)
  })

  it('renders nothing when no unit takes the work', () => {
    expect(views.renderString('{% include "directory/views/_routing-panel.njk" %}', { routing: [] }).trim()).toBe('')
  })
})
