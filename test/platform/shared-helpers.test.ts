import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

/**
 * The platform has one copy of the small helpers every module needs: calendar days (src/platform/dates.ts),
 * record-id checks (src/platform/ids.ts isUuid), HTML escaping (src/platform/views/html.ts escapeHtml) and
 * PostgreSQL's unique violation (src/platform/db/errors.ts isUniqueViolation). A module's own copy drifts (one
 * accepted 30 February, another year 0), so the code listed here must use the platform's. Add a module's folder
 * to CHECKED once it has moved over.
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const CHECKED = [
  'src/modules/risks',
  'src/modules/capacity',
  'src/modules/staff',
  'src/modules/directory',
  'src/modules/queues',
  'src/modules/incidents',
  'src/modules/crimes',
  'src/modules/people',
  'src/cli/commands/crimes-purge-drafts.ts',
  'src/platform/jobs',
  'src/platform/views/charts.ts',
  'src/cli/commands/risks-check.ts',
  'src/demo/scenarios.ts',
]

const COPIES: ReadonlyArray<[string, RegExp]> = [
  [
    'a calendar-day helper (use src/platform/dates.ts)',
    /function (addDays|ukDate|londonDay|isDate|isCalendarDate|daysBetween|weekday|weekCommencing|datesFrom|daysFrom)\b/,
  ],
  ['UK-day formatting (use ukDate from src/platform/dates.ts)', /Intl\.DateTimeFormat\('en-CA'/],
  ['day arithmetic in milliseconds (use src/platform/dates.ts)', /86_?400_?000/],
  ['a UUID pattern (use isUuid from src/platform/ids.ts)', /\[0-9a-f\]\{8\}-/i],
  [
    'HTML escaping (use escapeHtml from src/platform/views/html.ts)',
    /function escapeHtml\b|replaceAll\('&', '&amp;'\)/,
  ],
  ['a unique-violation code (use isUniqueViolation from src/platform/db/errors.ts)', /'23505'/],
]

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry)
  if (fs.statSync(full).isFile()) {
    return [entry]
  }
  return fs
    .readdirSync(full, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => path.join(entry, file))
}

describe('modules use the platform’s shared helpers, not copies of them', () => {
  it('finds the files it checks (the check below is not vacuous)', () => {
    expect(CHECKED.flatMap(sourceFiles).length).toBeGreaterThan(30)
  })

  it('no checked file defines its own copy', () => {
    const copies = CHECKED.flatMap(sourceFiles).flatMap((file) => {
      const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n')
      return lines.flatMap((line, i) =>
        COPIES.filter(([, pattern]) => pattern.test(line)).map(([what]) => `${file}:${i + 1}: ${what}`),
      )
    })
    expect(copies).toEqual([])
  })

  it('capacity’s own calendar-day module is gone', () => {
    expect(fs.existsSync(path.join(ROOT, 'src/modules/capacity/capacity.dates.ts'))).toBe(false)
  })
})
