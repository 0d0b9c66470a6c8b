/**
 * Reading and checking a police.uk street or outcomes file against DOMAIN.md §7.3, pure. The import stores only
 * what passes; the export's tests run its own files through the same checks. A problem names its line (the
 * header is line 1) and column (by its police.uk heading), so a person can find it in a spreadsheet.
 */
import {
  CRIME_TYPES,
  isMonth,
  LEGACY_CRIME_TYPES,
  OUTCOME_CATEGORIES,
  OUTCOMES_HEADER,
  STREET_HEADER,
  type FileKind,
} from './open-data.rules.ts'

export interface RowProblem {
  line: number
  /** The police.uk column heading, or "" for a problem with the whole line. */
  column: string
  message: string
}

export interface StreetRow {
  line: number
  crimeId: string
  month: string
  reportedBy: string
  fallsWithin: string
  longitude: number | null
  latitude: number | null
  location: string
  lsoaCode: string
  lsoaName: string
  crimeType: string
  lastOutcomeCategory: string
  context: string
}

export interface OutcomeRow extends Omit<StreetRow, 'crimeType' | 'lastOutcomeCategory' | 'context'> {
  outcomeType: string
}

export type ParsedFile =
  | { kind: 'street'; rows: StreetRow[]; problems: RowProblem[] }
  | { kind: 'outcomes'; rows: OutcomeRow[]; problems: RowProblem[] }

/** Thrown when a file cannot be read at all: an unknown header, or a line the CSV reader cannot split. */
export class UnreadableFile extends Error {
  constructor(readonly problems: readonly RowProblem[]) {
    super(problems.map(describeProblem).join('; '))
    this.name = 'UnreadableFile'
  }
}

export function describeProblem(problem: RowProblem): string {
  return problem.column === ''
    ? `line ${problem.line}: ${problem.message}`
    : `line ${problem.line}, column "${problem.column}": ${problem.message}`
}

const CRIME_ID = /^[0-9a-f]{64}$/
const LSOA_CODE = /^[A-Z]\d{8}$/
const KNOWN_TYPES = new Set<string>([...CRIME_TYPES, ...LEGACY_CRIME_TYPES])
const KNOWN_OUTCOMES = new Set<string>(OUTCOME_CATEGORIES)

/** Which kind of file a header line is, or the problem naming the first column that differs. */
function kindOf(header: readonly string[]): FileKind {
  for (const [kind, expected] of [
    ['street', STREET_HEADER],
    ['outcomes', OUTCOMES_HEADER],
  ] as const) {
    if (header.length === expected.length && header.every((name, i) => name === expected[i])) {
      return kind
    }
  }
  // Name the first column that matches neither layout, against the layout the file's length suggests.
  const expected = header.length === OUTCOMES_HEADER.length ? OUTCOMES_HEADER : STREET_HEADER
  const index = expected.findIndex((name, i) => header[i] !== name)
  const position = index === -1 ? expected.length : index
  const found = header[position]
  throw new UnreadableFile([
    {
      line: 1,
      column: expected[position] ?? '',
      message:
        found === undefined
          ? `the header has ${header.length} columns; a police.uk file has ${expected.length} (${expected.join(',')})`
          : `the header says "${found}" where a police.uk file says "${expected[position] ?? '(nothing)'}"`,
    },
  ])
}

/**
 * Splits RFC 4180 CSV into records with the line each starts on. Written for police.uk files rather than using
 * csv-parse: a month of a large force is tens of thousands of rows, and this is several times faster (the import
 * must keep up with a raw COPY; see bench/scenarios/open-data.ts). Handles LF or CRLF, a byte-order mark, quoted
 * values with "" escapes, commas and line breaks; blank lines are skipped.
 */
export function splitCsv(text: string): Array<{ record: string[]; line: number }> {
  const records: Array<{ record: string[]; line: number }> = []
  const length = text.length
  let position = text.charCodeAt(0) === 0xfeff ? 1 : 0
  let line = 1
  while (position < length) {
    const startLine = line
    const record: string[] = []
    for (;;) {
      let value: string
      if (text.charCodeAt(position) === 34 /* " */) {
        let end = position + 1
        let parts = ''
        for (;;) {
          const quote = text.indexOf('"', end)
          if (quote === -1) {
            throw new UnreadableFile([
              { line: startLine, column: '', message: 'a quoted value is never closed; is the file cut short?' },
            ])
          }
          parts += text.slice(end, quote)
          if (text.charCodeAt(quote + 1) === 34) {
            parts += '"'
            end = quote + 2
          } else {
            end = quote + 1
            break
          }
        }
        for (let i = position; i < end; i++) {
          if (text.charCodeAt(i) === 10) {
            line++
          }
        }
        value = parts
        position = end
      } else {
        let end = position
        while (end < length) {
          const c = text.charCodeAt(end)
          if (c === 44 || c === 10 || c === 13) {
            break
          }
          end++
        }
        value = text.slice(position, end)
        position = end
      }
      record.push(value)
      const c = text.charCodeAt(position)
      if (c === 44) {
        position++
        continue
      }
      if (c === 13 && text.charCodeAt(position + 1) === 10) {
        position += 2
      } else if (c === 10 || c === 13) {
        position++
      } else if (position < length) {
        throw new UnreadableFile([
          { line, column: '', message: 'a quoted value is followed by something other than a comma or line end' },
        ])
      }
      line++
      break
    }
    if (!(record.length === 1 && record[0] === '')) {
      records.push({ record, line: startLine })
    }
  }
  return records
}

function coordinate(value: string, column: string, line: number, limit: number, problems: RowProblem[]): number | null {
  if (value === '') {
    return null
  }
  const number = Number(value)
  if (!/^-?\d+(\.\d+)?$/.test(value) || Math.abs(number) > limit) {
    problems.push({ line, column, message: `"${value}" is not a ${column.toLowerCase()} in degrees` })
    return null
  }
  return number
}

/** The columns both files share (Crime ID … LSOA name), checked. */
function commonFields(cells: readonly string[], line: number, problems: RowProblem[], idRequired: boolean) {
  const [crimeId = '', month = '', reportedBy = '', fallsWithin = '', lon = '', lat = '', location = ''] = cells
  const [lsoaCode = '', lsoaName = ''] = cells.slice(7)
  if (crimeId === '' ? idRequired : !CRIME_ID.test(crimeId)) {
    problems.push({
      line,
      column: 'Crime ID',
      message: crimeId === '' ? 'is blank' : `"${crimeId}" is not 64 hexadecimal characters`,
    })
  }
  if (!isMonth(month)) {
    problems.push({ line, column: 'Month', message: `"${month}" is not a month written YYYY-MM` })
  }
  if (reportedBy.trim() === '') {
    problems.push({ line, column: 'Reported by', message: 'is blank' })
  }
  if (fallsWithin.trim() === '') {
    problems.push({ line, column: 'Falls within', message: 'is blank' })
  }
  const longitude = coordinate(lon, 'Longitude', line, 180, problems)
  const latitude = coordinate(lat, 'Latitude', line, 90, problems)
  if ((lon === '') !== (lat === '')) {
    problems.push({ line, column: lon === '' ? 'Longitude' : 'Latitude', message: 'is blank but the other is not' })
  }
  if (location !== 'No Location' && !location.startsWith('On or near')) {
    problems.push({ line, column: 'Location', message: `"${location}" does not read "On or near …" or "No Location"` })
  }
  if (lsoaCode !== '' && !LSOA_CODE.test(lsoaCode)) {
    problems.push({ line, column: 'LSOA code', message: `"${lsoaCode}" is not an LSOA code (e.g. E01000001)` })
  }
  return { line, crimeId, month, reportedBy, fallsWithin, longitude, latitude, location, lsoaCode, lsoaName }
}

function streetRow(cells: readonly string[], line: number, problems: RowProblem[]): StreetRow {
  const [crimeType = '', lastOutcomeCategory = '', context = ''] = cells.slice(9)
  const common = commonFields(cells, line, problems, false)
  if (!KNOWN_TYPES.has(crimeType)) {
    problems.push({ line, column: 'Crime type', message: `"${crimeType}" is not a police.uk crime type` })
  }
  if (lastOutcomeCategory !== '' && !KNOWN_OUTCOMES.has(lastOutcomeCategory)) {
    problems.push({
      line,
      column: 'Last outcome category',
      message: `"${lastOutcomeCategory}" is not a police.uk outcome category`,
    })
  }
  return { ...common, crimeType, lastOutcomeCategory, context }
}

function outcomeRow(cells: readonly string[], line: number, problems: RowProblem[]): OutcomeRow {
  const outcomeType = cells[9] ?? ''
  const common = commonFields(cells, line, problems, true)
  if (!KNOWN_OUTCOMES.has(outcomeType)) {
    problems.push({ line, column: 'Outcome type', message: `"${outcomeType}" is not a police.uk outcome category` })
  }
  return { ...common, outcomeType }
}

/**
 * Reads a whole police.uk file (LF or CRLF, with or without a byte-order mark). Throws UnreadableFile when the
 * header is not police.uk's or the CSV cannot be split; otherwise returns every row that passed and every problem
 * with the rows that did not (a row with any problem is left out of `rows`).
 */
export function parsePoliceUkFile(text: string): ParsedFile {
  const records = splitCsv(text)
  const first = records[0]
  if (!first) {
    throw new UnreadableFile([{ line: 1, column: '', message: 'the file is empty; a police.uk file has a header' }])
  }
  const kind = kindOf(first.record)
  const width = kind === 'street' ? STREET_HEADER.length : OUTCOMES_HEADER.length
  const problems: RowProblem[] = []
  const rows: Array<StreetRow | OutcomeRow> = []
  for (const { record, line } of records.slice(1)) {
    if (record.length !== width) {
      problems.push({
        line,
        column: '',
        message: `has ${record.length} columns where the header has ${width}${record.length < width ? ' (is the line cut short?)' : ''}`,
      })
      continue
    }
    const rowProblems: RowProblem[] = []
    const row = kind === 'street' ? streetRow(record, line, rowProblems) : outcomeRow(record, line, rowProblems)
    if (rowProblems.length === 0) {
      rows.push(row)
    } else {
      problems.push(...rowProblems)
    }
  }
  return kind === 'street'
    ? { kind, rows: rows as StreetRow[], problems }
    : { kind, rows: rows as OutcomeRow[], problems }
}
