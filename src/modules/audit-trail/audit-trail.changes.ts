import { formatDate, formatDateTime, formatNumber, sentenceCase } from '../../platform/views/format.ts'
import { recordKey } from './audit-trail.labels.ts'

/**
 * An audit event's changes as a records officer or inspector reads them: "Status: from Awaiting allocation to Under
 * investigation" rather than `status: "awaiting_allocation" → "under_investigation"`. Only the pages read this; the
 * stored changes and the JSON API keep the field names and codes exactly as written, and the page keeps them too,
 * one click away, so nothing is lost in the wording.
 */

/** The words for one field's codes: the owning module's label map, or its function (undefined: no words for it). */
export type CodeWords = Readonly<Record<string, string>> | ((code: string) => string | undefined)

/**
 * The label maps the pages use for codes, keyed `recordType.field` ("risk.status") where a field means different
 * things on different records, or plain `field` ("role") where it means the same on every one; a field keyed by a
 * code (`thresholds.awaiting_filing`) finds the words for its key under `recordType.thresholds.*`. The modules that
 * own the maps are wired in by app.ts: the audit trail cannot import them (they all record through it).
 */
export type ChangeVocabulary = Readonly<Record<string, CodeWords>>

/** Longer values are cut at a word, with an ellipsis: the whole value is in the change as recorded. */
export const MAX_VALUE_LENGTH = 60
/** Lists show this many items, then "and N more". */
const MAX_LIST_ITEMS = 3

/** Field names that read badly as their words alone (ids named for what they point to). */
const FIELD_WORDS: Readonly<Record<string, string>> = {
  assignedUnitId: 'Allocated unit',
  assignedUserId: 'Allocated to',
  convertedCrimeId: 'Converted to crime',
  crimeId: 'Crime',
  duplicatePersonId: 'Duplicate',
  incidentId: 'Incident',
  officerUserId: 'Officer',
  outcomeType: 'Outcome',
  ownerUserId: 'Owner',
  personId: 'Person',
  recordedLate: 'Recorded after the 24 hours allowed',
  recordingDelayMinutes: 'Minutes from report to recording',
  reportingPersonId: 'Person reporting',
  skills: 'Skill needed',
  staffId: 'Staff member',
  statusBeforePending: 'Status before the request',
  survivingPersonId: 'Person kept',
  thresholds: 'Threshold',
  unitId: 'Unit',
  userId: 'User',
  victimPersonId: 'Victim',
}

/**
 * Fields that hold the id of another record, by the kind of record (the Record column's kinds, so one lookup per
 * kind names both): the pages show the victim, the officer allocated or the unit by name, not by their id.
 */
const NAMED_ID_FIELDS: Readonly<Record<string, string>> = {
  victimPersonId: 'person',
  reportingPersonId: 'person',
  personId: 'person',
  survivingPersonId: 'person',
  duplicatePersonId: 'person',
  assignedUserId: 'user',
  ownerUserId: 'user',
  officerUserId: 'user',
  userId: 'user',
  assignedUnitId: 'unit',
  unitId: 'unit',
  staffId: 'staff',
  incidentId: 'incident',
  crimeId: 'crime',
  convertedCrimeId: 'crime',
}

/** The ids an event's changes name, as records to look up: the values before and after, one by one in lists. */
export function namedIds(changes: unknown): Array<{ recordType: string; recordId: string }> {
  if (changes === null || typeof changes !== 'object' || Array.isArray(changes)) {
    return []
  }
  const ids = (value: unknown): string[] =>
    typeof value === 'string' ? [value] : Array.isArray(value) ? value.flatMap(ids) : []
  return Object.entries(changes as Record<string, unknown>).flatMap(([field, value]) => {
    const recordType = NAMED_ID_FIELDS[field]
    if (recordType === undefined) {
      return []
    }
    const values = isChange(value) ? [...ids(value.before), ...ids(value.after)] : ids(value)
    return values.map((recordId) => ({ recordType, recordId }))
  })
}

/** Words that are written in capitals (or their own way) wherever they appear in a field name. */
const ACRONYMS: Readonly<Record<string, string>> = {
  avi: 'AVI',
  cps: 'CPS',
  fcr: 'FCR',
  id: 'ID',
  imu: 'IMU',
  lsoa: 'LSOA',
  n100: 'N100',
  nsir: 'NSIR',
  sha256: 'SHA-256',
  url: 'URL',
  vps: 'VPS',
}

/** A field keyed by a code: `skill:n100_review`, `thresholds.awaiting_filing`. */
const KEYED_FIELD = /^([^:.]+)[:.](.+)$/

/**
 * A field name in words: offenceCodeAtFiling → "Offence code at filing", lsoaCode → "LSOA code". A field keyed by
 * a code (`skill:n100_review`, `thresholds.awaiting_filing`) is its kind in words and the key in brackets, by its
 * label when `keyWords` has one.
 */
export function fieldWords(field: string, keyWords?: CodeWords): string {
  const known = FIELD_WORDS[field]
  if (known) {
    return known
  }
  const keyed = KEYED_FIELD.exec(field)
  if (keyed) {
    const [, kind = '', key = ''] = keyed
    return `${fieldWords(kind)} (${codeLabel(key, keyWords) ?? key})`
  }
  const words = field
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((word) => ACRONYMS[word.toLowerCase()] ?? word.toLowerCase())
    .join(' ')
  return sentenceCase(words)
}

/** Cut at the last word that fits, so no value runs down the column; short values are left alone. */
export function shorten(text: string, max = MAX_VALUE_LENGTH): string {
  if (text.length <= max) {
    return text
  }
  const cut = text.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')}…`
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/

function codeLabel(code: string, words: CodeWords | undefined): string | undefined {
  if (words === undefined) {
    return undefined
  }
  if (typeof words === 'function') {
    return words(code)
  }
  return Object.hasOwn(words, code) ? words[code] : undefined
}

/** One value in words: a code by its label, a date as a date, yes or no, a list as a short list. */
function valueText(value: unknown, words: CodeWords | undefined): string {
  if (value === null || value === undefined || value === '') {
    return 'none'
  }
  if (typeof value === 'boolean') {
    return value ? 'Yes' : 'No'
  }
  if (typeof value === 'number' || typeof value === 'string') {
    const label = codeLabel(String(value), words)
    if (label !== undefined) {
      return label
    }
    if (typeof value === 'number') {
      return Number.isInteger(value) ? formatNumber(value) : String(value)
    }
    return ISO_INSTANT.test(value) ? formatDateTime(value) : ISO_DATE.test(value) ? formatDate(value) : value
  }
  if (Array.isArray(value)) {
    if (value.length === 0) {
      return 'none'
    }
    const shown = value.slice(0, MAX_LIST_ITEMS).map((item) => valueText(item, words))
    const more = value.length - shown.length
    return more > 0 ? `${shown.join(', ')} and ${more} more` : shown.join(', ')
  }
  if (typeof value === 'object') {
    return Object.entries(value)
      .map(([key, inner]) => `${fieldWords(key).toLowerCase()} ${valueText(inner, undefined)}`)
      .join(', ')
  }
  return JSON.stringify(value) ?? ''
}

function isChange(value: unknown): value is { before: unknown; after: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && 'after' in value
}

/**
 * The words for a field's values: its label map, or for an id the name of what it points to (an id whose record is
 * gone, or is not the reader's force's, has no name and shows as the id).
 */
function wordsFor(
  vocabulary: ChangeVocabulary,
  names: ReadonlyMap<string, string>,
  recordType: string,
  field: string,
): CodeWords | undefined {
  const named = NAMED_ID_FIELDS[field]
  return (
    vocabulary[`${recordType}.${field}`] ??
    vocabulary[field] ??
    (named === undefined ? undefined : (id: string) => names.get(recordKey(named, id)))
  )
}

/**
 * Each changed field as a line: "Status: from Recorded to Awaiting allocation" for a change, "Crime reference:
 * AB/26/000001" for a value set where there was none (or a fact the event notes). The database keeps no order of
 * fields, so the lines come in the order that reads best when only the first few show: changes from one value to
 * another, then values set, then what is only "No" or "none"; otherwise as stored. Ids are named from `names`
 * (by recordKey, as the Record column's names are: see namedIds), so "Allocated to: from PC Jane Smith to DC Raj
 * Patel" rather than two ids.
 */
export function readableChanges(
  changes: unknown,
  recordType: string,
  vocabulary: ChangeVocabulary = {},
  names: ReadonlyMap<string, string> = new Map(),
): string[] {
  if (changes === null || changes === undefined) {
    return []
  }
  if (typeof changes !== 'object' || Array.isArray(changes)) {
    return [shorten(valueText(changes, undefined))]
  }
  const lines = Object.entries(changes as Record<string, unknown>).map(([field, value]) => {
    const words = wordsFor(vocabulary, names, recordType, field)
    const text = (inner: unknown) => shorten(valueText(inner, words))
    const kind = KEYED_FIELD.exec(field)?.[1]
    const name = fieldWords(field, kind === undefined ? undefined : vocabulary[`${recordType}.${kind}.*`])
    if (isChange(value) && value.before !== null && value.before !== undefined) {
      return { line: `${name}: from ${text(value.before)} to ${text(value.after)}`, rank: 0 }
    }
    const shown = text(isChange(value) ? value.after : value)
    return { line: `${name}: ${shown}`, rank: shown === 'No' || shown === 'none' ? 2 : 1 }
  })
  return lines.sort((a, b) => a.rank - b.rank).map(({ line }) => line)
}
