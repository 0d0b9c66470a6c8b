import fs from 'node:fs'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext, type TestForce } from '../../../test/support/test-context.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { addDemoPeople, seedCrimesDemo } from '../../demo/index.ts'
import { parsePoliceUkFile } from './open-data.format.ts'
import { DEMO_MAP_POINTS_FILE } from './open-data.reference.ts'
import type { MonthExport } from './open-data.service.ts'

/**
 * A validator of the police.uk street and outcomes formats written from DOMAIN.md §7.3 alone (not from Tally's
 * import code): exact header lines, Month YYYY-MM, the 14 crime types, the outcome table, ASB blanks, and
 * anonymised places.
 */
const STREET_HEADER_LINE =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context'
const OUTCOMES_HEADER_LINE =
  'Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Outcome type'
const SECTION_7_3_TYPES = new Set(
  'Anti-social behaviour|Bicycle theft|Burglary|Criminal damage and arson|Drugs|Other crime|Other theft|Possession of weapons|Public order|Robbery|Shoplifting|Theft from the person|Vehicle crime|Violence and sexual offences'.split(
    '|',
  ),
)
const SECTION_7_3_OUTCOMES = new Set(
  'Under investigation|Status update unavailable|Investigation complete; no suspect identified|Unable to prosecute suspect|Formal action is not in the public interest|Further action is not in the public interest|Further investigation is not in the public interest|Action to be taken by another organisation|Local resolution|Offender given a caution|Offender given a drugs possession warning|Offender given a penalty notice|Suspect charged|Suspect charged as part of another case|Awaiting court outcome|Court result unavailable|Court case unable to proceed|Defendant sent to Crown Court|Defendant found not guilty|Offender sent to prison|Offender given suspended prison sentence|Offender given community sentence|Offender fined|Offender given conditional discharge|Offender given absolute discharge|Offender ordered to pay compensation|Offender deprived of property|Offender otherwise dealt with'.split(
    '|',
  ),
)

function validatePoliceUk(csv: string, kind: 'street' | 'outcomes', month: string): string[] {
  const problems: string[] = []
  const headerLine = csv.split(/\r?\n/, 1)[0]
  if (headerLine !== (kind === 'street' ? STREET_HEADER_LINE : OUTCOMES_HEADER_LINE)) {
    problems.push(`header: ${headerLine}`)
  }
  const rows = parse<Record<string, string>>(csv, { columns: true })
  rows.forEach((row, i) => {
    const at = `row ${i + 2}`
    const asb = row['Crime type'] === 'Anti-social behaviour'
    if (row.Month !== month || !/^\d{4}-\d{2}$/.test(row.Month)) {
      problems.push(`${at}: Month ${row.Month}`)
    }
    if (asb ? row['Crime ID'] !== '' : !/^[0-9a-f]{64}$/.test(row['Crime ID']!)) {
      problems.push(`${at}: Crime ID "${row['Crime ID']}"`)
    }
    const placed = row.Location!.startsWith('On or near ')
    const placeOk = placed
      ? /^-?\d+\.\d+$/.test(row.Longitude!) && /^\d+\.\d+$/.test(row.Latitude!) && /^E01\d{6}$/.test(row['LSOA code']!)
      : row.Location === 'No Location' && row.Longitude === '' && row['LSOA code'] === '' && row['LSOA name'] === ''
    if (!placeOk) {
      problems.push(`${at}: place ${row.Location} ${row.Longitude} ${row['LSOA code']}`)
    }
    if (kind === 'street') {
      if (!SECTION_7_3_TYPES.has(row['Crime type']!)) {
        problems.push(`${at}: Crime type ${row['Crime type']}`)
      }
      const outcome = row['Last outcome category']!
      if (asb ? outcome !== '' : !SECTION_7_3_OUTCOMES.has(outcome)) {
        problems.push(`${at}: outcome "${outcome}"`)
      }
      if (row.Context !== '') {
        problems.push(`${at}: Context`)
      }
    } else if (!SECTION_7_3_OUTCOMES.has(row['Outcome type']!)) {
      problems.push(`${at}: Outcome type ${row['Outcome type']}`)
    }
  })
  return problems
}

const MONTH = '2026-11'

describe('rule 25: the force’s police.uk export', () => {
  let ctx: TestContext
  let force: TestForce
  let exported: MonthExport
  beforeAll(async () => {
    ctx = await createTestContext()
    force = await ctx.newForce()
    const users = new Map<string, string>()
    for (const [username, role] of [
      ['operator', 'control_room_operator'],
      ['officer', 'officer'],
      ['decision-maker', 'imu_decision_maker'],
      ['supervisor', 'imu_supervisor'],
      ['registrar', 'force_crime_registrar'],
    ] as const) {
      users.set(username, (await force.user(role)).userId)
    }
    const people = await addDemoPeople(ctx.deps.db, ctx.deps.services.people, force.system, { count: 30 })
    await seedCrimesDemo(ctx.deps, force.system, { users, people, days: 14, crimesPerDay: 6 })
    await ctx.deps.services.openData.importMapPoints(force.system, fs.readFileSync(DEMO_MAP_POINTS_FILE, 'utf8'))
    exported = await ctx.deps.services.openData.exportMonth((await force.user('force_crime_registrar')).actor, MONTH)
  }, 120_000)
  afterAll(() => ctx.close())

  it('rule 25: names the files as police.uk does and passes a police.uk format validator written from §7.3', () => {
    const forceName = exported.streetFileName.replace(/^2026-11-|-street\.csv$/g, '')
    expect(exported.streetFileName).toMatch(/^2026-11-[a-z0-9-]+-street\.csv$/)
    expect(exported.outcomesFileName).toBe(`2026-11-${forceName}-outcomes.csv`)
    expect(exported.street.rows).toBeGreaterThan(50)
    expect(exported.outcomes.rows).toBeGreaterThan(0)
    expect(validatePoliceUk(exported.street.csv, 'street', MONTH)).toEqual([])
    expect(validatePoliceUk(exported.outcomes.csv, 'outcomes', MONTH)).toEqual([])
    // Tally's own reader agrees.
    expect(parsePoliceUkFile(exported.street.csv).problems).toEqual([])
    expect(parsePoliceUkFile(exported.outcomes.csv).problems).toEqual([])
  })

  it('rule 25: ASB incidents are rows with a blank Crime ID and outcome; crimes are never blank', () => {
    const rows = parse<Record<string, string>>(exported.street.csv, { columns: true })
    const asb = rows.filter((row) => row['Crime type'] === 'Anti-social behaviour')
    expect(asb.length).toBeGreaterThan(0)
    expect(rows.filter((row) => row['Crime ID'] === '')).toEqual(asb)
    expect(asb.every((row) => row['Last outcome category'] === '')).toBe(true)
    expect(rows.some((row) => row['Last outcome category'] === 'Under investigation')).toBe(true)
  })

  it('rule 25: places every crime at one of the anonymous map points, with that point’s LSOA', () => {
    const points = new Set(
      parse<Record<string, string>>(fs.readFileSync(DEMO_MAP_POINTS_FILE, 'utf8'), { columns: true }).map((p) =>
        [Number(p.longitude).toFixed(6), Number(p.latitude).toFixed(6), p.location, p.lsoa_code, p.lsoa_name].join('|'),
      ),
    )
    const rows = parse<Record<string, string>>(exported.street.csv, { columns: true })
    const placed = rows.filter((row) => row.Location !== 'No Location')
    expect(placed.length).toBeGreaterThan(0)
    for (const row of placed) {
      const key = [row.Longitude, row.Latitude, row.Location, row['LSOA code'], row['LSOA name']].join('|')
      expect(points.has(key), key).toBe(true)
    }
  })

  it('rule 25: every crime of the month is published once, under an id its outcomes share', async () => {
    const rows = parse<Record<string, string>>(exported.street.csv, { columns: true })
    const ids = rows.map((row) => row['Crime ID']).filter((id) => id !== '')
    expect(new Set(ids).size).toBe(ids.length)
    const outcomes = parse<Record<string, string>>(exported.outcomes.csv, { columns: true })
    // Crimes recorded and given an outcome this month appear in both files under the same id.
    expect(outcomes.some((o) => ids.includes(o['Crime ID']))).toBe(true)
    const again = await ctx.deps.services.openData.exportMonth(force.system, MONTH)
    expect(again.street.csv).toBe(exported.street.csv)
  })

  it('rule 25: the export re-imports through the import path and its summary equals the export’s own counts', async () => {
    const rows = parse<Record<string, string>>(exported.street.csv, { columns: true })
    const fallsWithin = rows[0]!['Falls within']!
    const reader = await ctx.newForce()
    await ctx.deps.services.openData.importFile(reader.system, {
      fileName: exported.streetFileName,
      text: exported.street.csv,
      skipBadRows: false,
    })
    await ctx.deps.services.openData.importFile(reader.system, {
      fileName: exported.outcomesFileName,
      text: exported.outcomes.csv,
      skipBadRows: false,
    })
    const summary = await ctx.deps.services.openData.summary(reader.system, MONTH, fallsWithin)
    const tally = (key: string) =>
      rows.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row[key]!]: (acc[row[key]!] ?? 0) + 1 }), {})
    expect(summary).toEqual({
      rows: exported.street.rows,
      blank_id: rows.filter((row) => row['Crime ID'] === '').length,
      distinct_ids: new Set(rows.map((row) => row['Crime ID']).filter((id) => id !== '')).size,
      by_type: tally('Crime type'),
      by_outcome: tally('Last outcome category'),
    })
    expect(await reader.rowCount('open_data_outcome_row')).toBe(exported.outcomes.rows)
  })

  it('rule 25: the comparison counts the force’s own month exactly as its export publishes it', async () => {
    const data = await ctx.deps.services.openData.comparison(force.system, MONTH, [])
    const own = data.series[0]!.byMonth[MONTH]!
    expect(own.rows).toBe(exported.street.rows)
  })

  it('is a disclosure recorded in the audit trail, and only the Force Crime Registrar may make it', async () => {
    const events = await ctx.deps.db.withForce(force.forceId, (tx) =>
      tx.selectFrom('auditEvent').select(['action', 'changes']).where('action', '=', 'OPEN_DATA_EXPORTED').execute(),
    )
    expect(events.length).toBeGreaterThanOrEqual(1)
    expect(events[0]!.changes).toMatchObject({ month: MONTH, streetRows: exported.street.rows })
    const supervisor = (await force.user('imu_supervisor')).actor
    await expect(ctx.deps.services.openData.exportMonth(supervisor, MONTH)).rejects.toThrow(/permission/)
  })

  it('rule 25: refuses to publish an offence the crime-type mapping does not cover, naming it', async () => {
    await ctx.deps.services.openData.importCrimeTypeMap(force.system, {
      version: 'no-violence',
      source: 'test: a mapping that forgets violence against the person',
      csv: 'match,crime_type\ngroup:robbery,Robbery\n',
      makeCurrent: true,
    })
    const error = await ctx.deps.services.openData.exportMonth(force.system, MONTH).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationFailed)
    expect((error as ValidationFailed).message).toMatch(
      /have no police\.uk crime type in mapping no-violence: .*\(group /,
    )
  })
})
