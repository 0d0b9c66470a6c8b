import { parse } from 'csv-parse/sync'
import type { FieldError } from '../../platform/http/errors.ts'

// ---------------------------------------------------------------------------------------------------------------
// Rule 10: the Home Office notifiable offence list, as versioned reference data

export interface OffenceCodeRow {
  code: string
  label: string
  groupCode: string | null
  groupLabel: string | null
  categoryCode: string | null
  categoryLabel: string | null
  isHomeOfficeCode: boolean
}

const OFFENCE_LIST_COLUMNS = ['code', 'label', 'parent_code', 'parent_label', 'is_home_office_code'] as const

/**
 * Reads a notifiable-offence list in the ONS hierarchy layout (see reference/README.md). Every problem is
 * reported with its line, so an administrator can fix the file in one go.
 */
export function parseOffenceCodeList(text: string, field = 'file'): { rows: OffenceCodeRow[]; problems: FieldError[] } {
  const problems: FieldError[] = []
  let records: Array<Record<string, string>>
  try {
    records = parse<Record<string, string>>(text, { columns: true, skip_empty_lines: true, trim: true, bom: true })
  } catch (error) {
    return { rows: [], problems: [{ field, message: `The file is not valid CSV: ${(error as Error).message}` }] }
  }
  const first = records[0]
  if (!first) {
    return { rows: [], problems: [{ field, message: 'The file has no offence codes in it' }] }
  }
  const missing = OFFENCE_LIST_COLUMNS.filter((column) => !(column in first))
  if (missing.length > 0) {
    return {
      rows: [],
      problems: [
        {
          field,
          message: `The file is missing the ${missing.length === 1 ? 'column' : 'columns'}: ${missing.join(', ')}`,
        },
      ],
    }
  }
  const byCode = new Map<string, Record<string, string>>()
  records.forEach((record, index) => {
    const line = index + 2
    const code = record.code ?? ''
    if (!/^[A-Za-z0-9.-]{1,40}$/.test(code)) {
      problems.push({ field, message: `Line ${line}: "${code}" is not an offence code` })
    } else if (byCode.has(code)) {
      problems.push({ field, message: `Line ${line}: offence code ${code} appears twice` })
    } else {
      byCode.set(code, record)
    }
    if ((record.label ?? '') === '') {
      problems.push({ field, message: `Line ${line}: offence code ${code} has no label` })
    }
    if (!['Y', 'N'].includes(record.is_home_office_code ?? '')) {
      problems.push({ field, message: `Line ${line}: is_home_office_code must be Y or N` })
    }
  })
  const rows: OffenceCodeRow[] = []
  for (const [code, record] of byCode) {
    const parentCode = record.parent_code || null
    if (parentCode !== null && !byCode.has(parentCode)) {
      problems.push({ field, message: `Offence code ${code} names a parent ${parentCode} that is not in the file` })
      continue
    }
    // The category is the ancestor just below the root ("Total offences").
    const category = categoryOf(record, byCode)
    rows.push({
      code,
      label: record.label ?? '',
      groupCode: parentCode,
      groupLabel: record.parent_label || null,
      categoryCode: category.code ?? null,
      categoryLabel: category.label ?? null,
      isHomeOfficeCode: record.is_home_office_code === 'Y',
    })
  }
  if (problems.length === 0 && !rows.some((row) => row.isHomeOfficeCode)) {
    problems.push({ field, message: 'The file has no Home Office offence codes (is_home_office_code = Y)' })
  }
  return { rows, problems }
}

function categoryOf(
  record: Record<string, string>,
  byCode: ReadonlyMap<string, Record<string, string>>,
): Record<string, string> {
  let node = record
  const seen = new Set<string>()
  for (;;) {
    const parent = node.parent_code ? byCode.get(node.parent_code) : undefined
    if (!parent?.parent_code || seen.has(node.code ?? '')) {
      return node
    }
    seen.add(node.code ?? '')
    node = parent
  }
}

/**
 * What an offence list's groups mean for the rules, kept per list version as reference data
 * (`offence_list_rule`): which groups are rape (rule 8's N100s, and always under rule 6's cancellation controls)
 * and the principal-crime ranking (rule 11). A list with other group names must name its own before it is used.
 */
export interface OffenceListRules {
  rapeGroups: readonly string[]
  principalRanking: readonly string[]
}

/** The bundled 2017/18 list's group of rape (reference/README.md: `19C` → `rape`). */
export const DEFAULT_RAPE_GROUPS: readonly string[] = ['rape']

/** Whether an offence group is rape under the list's rules (the bundled list's when none are given). */
export function isRape(group: string | null, rules?: Pick<OffenceListRules, 'rapeGroups'>): boolean {
  return group !== null && (rules?.rapeGroups ?? DEFAULT_RAPE_GROUPS).includes(group)
}

/** Default offence groups, beyond rape, whose cancellation only the FCR or a designated decision maker may authorise. */
export const DEFAULT_AUTHORISATION_GROUPS: readonly string[] = ['rape']

/**
 * Rule 8: words in what was reported that say rape or attempted rape happened, whatever the incident's
 * category or qualifiers. "Rape alarm" and "rapeseed" are not reports of rape. A false alarm costs an N100 reason
 * and a closure; a missed report of rape is what rule 8 exists to stop.
 */
export function narrativeDisclosesRape(text: string | null | undefined): boolean {
  const cleaned = (text ?? '')
    .toLowerCase()
    .replace(/\brape (alarm|seed|oil)s?\b/g, '')
    .replace(/\brapeseed\b/g, '')
  return /\b(rape|raped|raping|rapist)\b/.test(cleaned)
}

// ---------------------------------------------------------------------------------------------------------------
// The offence page's first choices: what the incident's opening category points to

const BURGLARY = ['Domestic burglary', 'Non-domestic burglary']
const VEHICLE = ['Theft of a motor vehicle', 'Theft from a vehicle', 'Vehicle interference']

/**
 * Where each crime category of an incident (incidents.rules.ts) sits in the ONS offence hierarchy: a category of
 * offences, less some of its groups, or named groups. Only an aid to finding the offence: the report decides the
 * crime, not the call's first category, so every other offence stays on offer below these.
 */
const OFFENCES_FOR_INCIDENT_CATEGORY: Record<string, { category?: string; groups?: string[]; except?: string[] }> = {
  'crime-violence': { category: 'Violence against the person' },
  'crime-sexual': { category: 'Sexual offences' },
  'crime-robbery': { category: 'Robbery' },
  'crime-burglary': { groups: BURGLARY },
  'crime-theft': { category: 'Theft offences', except: [...BURGLARY, ...VEHICLE] },
  'crime-vehicle': { groups: VEHICLE },
  'crime-damage': { category: 'Criminal damage and arson' },
  'crime-fraud': { category: 'Fraud offences' },
  'crime-drugs': { category: 'Drug offences' },
  'crime-weapons': { category: 'Possession of weapons offences' },
  'crime-public-order': { category: 'Public order offences' },
  'crime-other': { category: 'Miscellaneous crimes against society' },
}

/** Whether an offence is one the incident's opening category points to; false for a category with no crime. */
export function pointedToByIncidentCategory(
  incidentCategory: string | null | undefined,
  offence: Pick<OffenceCodeRow, 'categoryLabel' | 'groupLabel'>,
): boolean {
  const where = incidentCategory ? OFFENCES_FOR_INCIDENT_CATEGORY[incidentCategory] : undefined
  if (!where) {
    return false
  }
  const group = offence.groupLabel ?? ''
  if (where.groups) {
    return where.groups.includes(group)
  }
  return offence.categoryLabel === where.category && !(where.except ?? []).includes(group)
}
