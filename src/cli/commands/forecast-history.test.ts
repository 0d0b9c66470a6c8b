import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createTestContext, TEST_NOW, type TestContext } from '../../../test/support/test-context.ts'
import { steadyUnit } from '../../../test/support/capacity-sources.ts'
import { CapacityRepository, CapacityService } from '../../modules/capacity/index.ts'
import { exportForecastHistory, forecastFromHistoryFile } from './forecast-history.ts'

const EXAMPLE = new URL('../../../docs/forecast-history.example.json', import.meta.url).pathname
const TODAY = TEST_NOW.slice(0, 10)

/** Runs `command` with the console captured: what it printed, what it reported as errors, and its exit code. */
async function captured(command: () => Promise<number>) {
  const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
  const error = vi.spyOn(console, 'error').mockImplementation(() => undefined)
  try {
    const code = await command()
    return {
      code,
      printed: log.mock.calls.map((call) => String(call[0])).join('\n'),
      errors: error.mock.calls.map((call) => String(call[0])).join('\n'),
    }
  } finally {
    log.mockRestore()
    error.mockRestore()
  }
}

describe('tally forecast --history / --export-history', () => {
  let ctx: TestContext
  let folder: string
  beforeAll(async () => {
    ctx = await createTestContext()
    folder = await mkdtemp(join(tmpdir(), 'tally-history-'))
  })
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true })
    await ctx.close()
  })

  it('prints the example file’s forecast as JSON with the warning that would be raised that day', async () => {
    const run = await captured(() =>
      forecastFromHistoryFile({ history: EXAMPLE, asOf: '2026-03-02', weeks: '12', json: true }),
    )
    expect(run).toMatchObject({ code: 0, errors: '' })
    const result = JSON.parse(run.printed) as {
      asOf: string
      warnings: Array<{ queue: string; message: string }>
      queues: Array<{ now: number; weeks: unknown[]; breachProbabilityPercent: number; breachDate: string | null }>
    }
    expect(result.asOf).toBe('2026-03-02')
    expect(result.queues[0]).toMatchObject({ now: 318 })
    expect(result.queues[0]!.weeks).toHaveLength(12)
    expect(result.warnings).toEqual([
      { queue: 'awaiting_filing', message: expect.stringMatching(/chance of passing 600 within 8 weeks/) as unknown },
    ])
  })

  it('names the field of a bad file, prints nothing else and exits 2', async () => {
    const bad = join(folder, 'bad.json')
    const example = JSON.parse(await readFile(EXAMPLE, 'utf8')) as { staff: Array<{ hoursPerWeek: unknown }> }
    example.staff[2]!.hoursPerWeek = '37.5'
    await writeFile(bad, JSON.stringify(example))
    const run = await captured(() => forecastFromHistoryFile({ history: bad, weeks: '12', json: true }))
    expect(run).toMatchObject({ code: 2, printed: '' })
    expect(run.errors).toContain('$.staff[2].hoursPerWeek: must be a number from 0 to 80')
  })

  it('names the line of a file that is not JSON, and a date that is not one', async () => {
    const broken = join(folder, 'broken.json')
    await writeFile(broken, '{\n  "format": "tally-forecast-history/1",\n  "days": [,]\n}\n')
    const run = await captured(() => forecastFromHistoryFile({ history: broken, weeks: '12' }))
    expect(run).toMatchObject({ code: 2, printed: '' })
    expect(run.errors).toMatch(/Line 3, column 12: not valid JSON/)
    const date = await captured(() => forecastFromHistoryFile({ history: EXAMPLE, asOf: '2026-02-30', weeks: '12' }))
    expect(date).toMatchObject({ code: 2, printed: '', errors: '--as-of: must be a date written YYYY-MM-DD' })
  })

  it('exports a force’s history that reads back and forecasts', async () => {
    const capacity = new CapacityService(
      ctx.deps.db,
      new CapacityRepository(),
      ctx.deps.services.auditTrail,
      ctx.clock,
      steadyUnit({ absentFromToday: 2 }),
    )
    const deps = { ...ctx.deps, services: { ...ctx.deps.services, capacity } }
    const file = join(folder, 'exported.json')
    const exported = await captured(() => exportForecastHistory(deps, { force: ctx.force.code, exportHistory: file }))
    expect(exported).toMatchObject({ code: 0, errors: '' })
    expect(exported.printed).toMatch(/^Wrote 420 days of 6 queues and 10 staff to /)
    const run = await captured(() => forecastFromHistoryFile({ history: file, weeks: '12', json: true }))
    expect(run).toMatchObject({ code: 0, errors: '' })
    const result = JSON.parse(run.printed) as { asOf: string; warnings: Array<{ queue: string }> }
    // Without --as-of: the day after the file's last day, which is today.
    expect(result.asOf).toBe(TODAY)
    expect(result.warnings.map((w) => w.queue)).toEqual(['awaiting_filing'])
  })

  it('refuses an unknown force and writes nothing', async () => {
    const file = join(folder, 'nothing.json')
    const run = await captured(() => exportForecastHistory(ctx.deps, { force: 'NOPE', exportHistory: file }))
    expect(run).toMatchObject({ code: 2, errors: 'There is no force with the code NOPE' })
    await expect(readFile(file)).rejects.toThrow(/ENOENT/)
  })
})
