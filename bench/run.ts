/**
 * `npm run bench [-- name-filter]`: runs each scenario and prints one table — scenario, Tally's figure, a
 * baseline measured in the same run, and the ratio. Ratios, not absolute times, are what to compare between
 * machines. BENCH_DB=pglite|postgres (default postgres, TEST_DATABASE_URL), BENCH_QUICK=1 for small sizes.
 */
import { createEnvironment, type BenchRow, type BenchScenario } from './support.ts'
import { platformScenarios } from './scenarios/platform.ts'
import { peopleScenarios } from './scenarios/people.ts'
import { crimeScenarios } from './scenarios/crimes.ts'
import { queueScenarios } from './scenarios/queues.ts'
import { integrityScenarios } from './scenarios/integrity.ts'
import { openDataScenarios } from './scenarios/open-data.ts'
import { testSetupScenarios } from './scenarios/test-setup.ts'
import { nationalScenarios } from './scenarios/national.ts'

const SCENARIOS: BenchScenario[] = [
  ...platformScenarios,
  ...peopleScenarios,
  ...crimeScenarios,
  ...queueScenarios,
  ...integrityScenarios,
  ...openDataScenarios,
  ...testSetupScenarios,
  ...nationalScenarios,
]

function format(value: number, unit: string): string {
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2
  return `${value.toLocaleString('en-GB', { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`
}

function printTable(rows: BenchRow[]): void {
  const header = ['Scenario', 'Measure', 'Tally', 'Baseline', 'Baseline is', 'Ratio']
  const body = rows.map((row) => [
    row.scenario,
    row.measure,
    format(row.tally, row.unit),
    format(row.baseline, row.unit),
    row.baselineName,
    `${(row.tally / row.baseline).toFixed(2)}×`,
  ])
  const widths = header.map((cell, column) => Math.max(cell.length, ...body.map((line) => line[column]!.length)))
  const line = (cells: string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column]!)).join(' | ')} |`
  console.log(line(header))
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`)
  for (const cells of body) {
    console.log(line(cells))
  }
  for (const row of rows.filter((r) => r.note)) {
    console.log(`* ${row.scenario} — ${row.measure}: ${row.note}`)
  }
}

async function main(): Promise<void> {
  process.env.TEST_DB ??= process.env.BENCH_DB ?? 'postgres'
  const filter = process.argv[2]?.toLowerCase()
  const environment = createEnvironment(process.env.BENCH_QUICK === '1')
  const rows: BenchRow[] = []
  for (const scenario of SCENARIOS.filter((s) => !filter || s.name.toLowerCase().includes(filter))) {
    process.stderr.write(`${scenario.name}…\n`)
    rows.push(...(await scenario.run(environment)))
  }
  console.log(
    `\nTally benchmarks on ${process.env.TEST_DB === 'postgres' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}\n`,
  )
  printTable(rows)
}

await main()
