import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { DEMO_MAP_POINTS_FILE } from './open-data.reference.ts'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/police-uk')

describe('police.uk pages and API', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
    for (const name of ['2024-04-city-of-london-street.csv', '2024-04-btp-street.csv']) {
      await ctx.deps.services.openData.importFile(ctx.force.system, {
        fileName: name,
        text: fs.readFileSync(path.join(FIXTURES, name), 'utf8'),
        skipBadRows: false,
      })
    }
    await ctx.deps.services.openData.setPopulation(ctx.force.system, {
      fallsWithin: 'City of London Police',
      population: 8600,
      source: 'test figure',
    })
  })
  afterAll(() => ctx.close())

  it('summary API gives exactly the summary command’s shape', async () => {
    const api = await ctx.api('inspector')
    const response = await api.get('/api/v1/open-data/summary?month=2024-04&fallsWithin=City%20of%20London%20Police')
    expect(response.statusCode).toBe(200)
    const body = response.json<Record<string, unknown>>()
    expect(Object.keys(body)).toEqual(['rows', 'blank_id', 'distinct_ids', 'by_type', 'by_outcome'])
    expect(body).toMatchObject({ rows: 926, blank_id: 38 })
    const bad = await api.get('/api/v1/open-data/summary?month=04-2024&fallsWithin=x')
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toContain('month')
  })

  it('comparison API puts the force beside chosen peers, with rates where the population is known', async () => {
    const api = await ctx.api('inspector')
    const response = await api.get('/api/v1/open-data/comparison?month=2024-04&peer=City%20of%20London%20Police')
    expect(response.statusCode).toBe(200)
    const body = response.json<{
      series: Array<{ name: string; own: boolean; population: number | null }>
      months: string[]
    }>()
    expect(body.series.map((s) => [s.own, s.population])).toEqual([
      [true, null],
      [false, 8600],
    ])
    expect(body.months).toHaveLength(6)
  })

  it('shows the comparison page with charts and their data tables', async () => {
    const agent = await ctx.as('imu_supervisor')
    const page = await agent.get(
      '/open-data?month=2024-04&peer=City%20of%20London%20Police&peer=British%20Transport%20Police',
    )
    expect(page.statusCode).toBe(200)
    expect(page.body.match(/data-qa="chart"/g)).toHaveLength(3)
    expect(page.body).toContain('<svg')
    expect(page.body).toContain('id="crime-types-data"')
    expect(page.body).toContain('British Transport Police')
    expect(page.body).toContain('2024-04-city-of-london-street.csv')
    const bad = await agent.get('/open-data?month=April')
    expect(bad.body).toContain('Enter the month as YYYY-MM')
  })

  it('lets only the Force Crime Registrar download the force’s files, each download audited', async () => {
    const supervisor = await ctx.as('imu_supervisor')
    expect((await supervisor.get('/open-data/export')).statusCode).toBe(403)
    await ctx.deps.services.openData.importMapPoints(ctx.force.system, fs.readFileSync(DEMO_MAP_POINTS_FILE, 'utf8'))
    const registrar = await ctx.as('force_crime_registrar')
    expect((await registrar.get('/open-data/export')).statusCode).toBe(200)
    const download = await registrar.post('/open-data/export', { month: '2026-10', file: 'street' })
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-disposition']).toMatch(/attachment; filename="2026-10-[a-z0-9-]+-street\.csv"/)
    expect(download.body.split('\r\n')[0]).toBe(
      'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context',
    )
    const bad = await registrar.post('/open-data/export', { month: 'October', file: 'street' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('There is a problem')
    expect(bad.body).toContain('href="#month"')
    const outcomes = await registrar.post('/open-data/export', { month: '2026-10', file: 'outcomes' })
    expect(outcomes.statusCode).toBe(200)
    expect(outcomes.body).toMatch(/^Crime ID,Month,.*,Outcome type\r\n/)
    expect(await ctx.force.rowCount('audit_event')).toBeGreaterThan(0)
    const events = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
      tx.selectFrom('auditEvent').select('action').where('action', '=', 'OPEN_DATA_EXPORTED').execute(),
    )
    expect(events).toHaveLength(2)
  })
})
