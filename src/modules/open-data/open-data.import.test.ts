import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { splitCsv } from './open-data.format.ts'

const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../test/fixtures/police-uk')
const read = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8')

/** Counts computed without Tally's code: a plain CSV parse of the file, keyed by the header. */
function independentCounts(text: string) {
  const records = parse<Record<string, string>>(text, { columns: true, bom: true })
  const count = (key: string) =>
    records.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r[key]!]: (acc[r[key]!] ?? 0) + 1 }), {})
  return {
    rows: records.length,
    blank_id: records.filter((r) => r['Crime ID'] === '').length,
    distinct_ids: new Set(records.map((r) => r['Crime ID']).filter((id) => id !== '')).size,
    by_type: count('Crime type'),
    by_outcome: count('Last outcome category'),
    month: records[0]!.Month!,
    fallsWithin: records[0]!['Falls within']!,
  }
}

const FIXTURE_FILES = [
  '2024-04-city-of-london-street.csv',
  '2019-02-city-of-london-street.csv',
  '2019-02-northamptonshire-street.csv',
  '2024-04-btp-street.csv',
]

describe('importing police.uk files', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  const importText = (fileName: string, text: string, skipBadRows = false) =>
    ctx.deps.services.openData.importFile(ctx.force.system, { fileName, text, skipBadRows })

  async function problemsOf(fileName: string, text: string): Promise<string[]> {
    const error = await importText(fileName, text).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ValidationFailed)
    return (error as ValidationFailed).fieldErrors.map((e) => e.message)
  }

  it.each(FIXTURE_FILES)('%s: the summary equals counts taken by a plain CSV parse', async (name) => {
    const text = read(name)
    const expected = independentCounts(text)
    const result = await importText(name, text)
    expect(result).toMatchObject({ kind: 'street', month: expected.month, stored: expected.rows, unchanged: false })
    const summary = await ctx.deps.services.openData.summary(ctx.force.system, expected.month, expected.fallsWithin)
    const { month: _month, fallsWithin: _fallsWithin, ...counts } = expected
    expect(summary).toEqual(counts)
  })

  it.each(FIXTURE_FILES)('%s: the fast CSV reader gives exactly what csv-parse gives', (name) => {
    const text = read(name)
    const expected = parse(text, { bom: true, info: true }) as unknown as Array<{
      record: string[]
      info: { lines: number }
    }>
    const records = splitCsv(text)
    expect(records.map((r) => r.record)).toEqual(expected.map((e) => e.record))
    expect(records.at(-1)?.line).toBe(expected.at(-1)?.info.lines)
    const quoted = 'a,b\r\n"x, ""y""\nz",2\n\n3,4'
    expect(splitCsv(`\uFEFF${quoted}`)).toEqual([
      { record: ['a', 'b'], line: 1 },
      { record: ['x, "y"\nz', '2'], line: 2 },
      { record: ['3', '4'], line: 5 },
    ])
  })

  it('imports the same file again without changing anything, and a CRLF/BOM copy to the same rows', async () => {
    const name = '2024-04-city-of-london-street.csv'
    const text = read(name)
    await importText(name, text)
    const before = await ctx.force.rowCount('open_data_street_row')
    const again = await importText(name, text)
    expect(again.unchanged).toBe(true)
    expect(await ctx.force.rowCount('open_data_street_row')).toBe(before)

    // The same rows with LF line ends and a byte-order mark: the slice is replaced by identical rows.
    const variant = `\uFEFF${text.replace(/\r\n/g, '\n')}`
    const replaced = await importText(name, variant)
    expect(replaced).toMatchObject({ unchanged: false, stored: 926 })
    expect(await ctx.force.rowCount('open_data_street_row')).toBe(before)
    const summary = await ctx.deps.services.openData.summary(ctx.force.system, '2024-04', 'City of London Police')
    expect(summary.rows).toBe(926)
  })

  it('keeps one force’s imported files from another force', async () => {
    const other = await ctx.newForce()
    const summary = await ctx.deps.services.openData.summary(other.system, '2024-04', 'City of London Police')
    expect(summary.rows).toBe(0)
  })

  describe('bad files: errors name the line and column, and nothing is stored', () => {
    const good = read('2019-02-northamptonshire-street.csv').split('\n')
    const withLine = (index: number, line: string) => good.map((l, i) => (i === index ? line : l)).join('\n')
    let fresh: Awaited<ReturnType<TestContext['newForce']>>
    beforeAll(async () => {
      fresh = await ctx.newForce()
    })
    const importInto = (text: string, skipBadRows = false) =>
      ctx.deps.services.openData.importFile(fresh.system, { fileName: 'bad.csv', text, skipBadRows })
    const problems = async (text: string) => {
      const error = await importInto(text).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ValidationFailed)
      expect(await fresh.rowCount('open_data_street_row')).toBe(0)
      expect(await fresh.rowCount('open_data_file')).toBe(0)
      return (error as ValidationFailed).fieldErrors.map((e) => e.message)
    }

    it('a wrong header', async () => {
      expect(await problems(withLine(0, good[0]!.replace('Falls within', 'Falls Within')))).toEqual([
        'line 1, column "Falls within": the header says "Falls Within" where a police.uk file says "Falls within"',
      ])
    })

    it('a Month in another form', async () => {
      const line = good[5]!.replace(',2019-02,', ',02/2019,')
      expect(await problems(withLine(5, line))).toEqual([
        'line 6, column "Month": "02/2019" is not a month written YYYY-MM',
      ])
    })

    it('an unknown crime type', async () => {
      const line = good[10]!.replace(/,(Anti-social behaviour|Violence and sexual offences|[A-Z][a-z ]+),/, ',Fraud,')
      expect(line).not.toBe(good[10])
      expect(await problems(withLine(10, line))).toEqual([
        'line 11, column "Crime type": "Fraud" is not a police.uk crime type',
      ])
    })

    it('a truncated last line', async () => {
      const text = good.filter((l) => l !== '').join('\n')
      const cut = text.slice(0, text.length - 60)
      const found = await problems(cut)
      expect(found).toHaveLength(1)
      expect(found[0]).toMatch(/^line 301: has \d+ columns where the header has 12 \(is the line cut short\?\)$/)
    })

    it('a line cut inside a quoted value', async () => {
      const found = await problems(`${good.slice(0, 3).join('\n')}\n"abc,2019-02`)
      expect(found[0]).toBe('line 4: a quoted value is never closed; is the file cut short?')
    })

    it('with --skip-bad-rows stores the good rows and reports the bad ones', async () => {
      const text = withLine(5, good[5]!.replace(',2019-02,', ',2019/02,'))
      const result = await importInto(text, true)
      expect(result.stored).toBe(299)
      expect(result.skipped).toEqual([
        { line: 6, column: 'Month', message: '"2019/02" is not a month written YYYY-MM' },
      ])
      expect(await fresh.rowCount('open_data_street_row')).toBe(299)
    })
  })

  it('refuses a file holding two months, naming the line', async () => {
    const lines = read('2019-02-city-of-london-street.csv').split('\n')
    lines[3] = lines[3]!.replace(',2019-02,', ',2019-03,')
    expect(await problemsOf('two-months.csv', lines.join('\n'))).toEqual([
      'line 4, column "Month": is 2019-03 but line 2 is 2019-02; a file holds one month',
    ])
  })
})
