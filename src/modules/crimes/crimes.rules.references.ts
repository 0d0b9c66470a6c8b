import type { FieldError } from '../../platform/http/errors.ts'

// ---------------------------------------------------------------------------------------------------------------
// Crime reference numbers in the force's format

export const DEFAULT_REFERENCE_FORMAT = '{prefix}/{yy}/{seq:6}'

const PLACEHOLDER = /\{(prefix|yyyy|yy|seq(?::(\d{1,2}))?)\}/g

/** What is wrong with a reference format; a format must contain {seq} (so references are unique) and a year. */
export function referenceFormatProblems(format: string, field = 'referenceFormat'): FieldError[] {
  const problems: FieldError[] = []
  const unknown = [...format.matchAll(/\{([^}]*)\}/g)].filter((m) => !/^(prefix|yyyy|yy|seq(:\d{1,2})?)$/.test(m[1]!))
  if (unknown.length > 0) {
    problems.push({
      field,
      message: `Unknown placeholder ${unknown.map((m) => m[0]).join(', ')}: use {prefix}, {yy}, {yyyy} and {seq} or {seq:6}`,
    })
  }
  if (!/\{seq(:\d{1,2})?\}/.test(format)) {
    problems.push({ field, message: 'The format must include {seq} (the number within the year)' })
  }
  if (!/\{yyyy\}|\{yy\}/.test(format)) {
    problems.push({
      field,
      message: 'The format must include the year, {yy} or {yyyy}, because numbering restarts each year',
    })
  }
  if (format.length > 60 || /[^A-Za-z0-9{}:/_ -]/.test(format.replace(PLACEHOLDER, ''))) {
    problems.push({
      field,
      message: 'Use only letters, digits, slashes, hyphens and spaces besides the placeholders (up to 60 characters)',
    })
  }
  return problems
}

export function formatCrimeReference(format: string, values: { prefix: string; year: number; seq: number }): string {
  return format.replace(PLACEHOLDER, (_match, name: string, width: string | undefined) => {
    if (name === 'prefix') {
      return values.prefix
    }
    if (name === 'yyyy') {
      return String(values.year)
    }
    if (name === 'yy') {
      return String(values.year % 100).padStart(2, '0')
    }
    return String(values.seq).padStart(width ? Number(width) : 1, '0')
  })
}
