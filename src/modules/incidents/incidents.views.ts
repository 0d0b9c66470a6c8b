import { formatDateTime } from '../../platform/views/format.ts'
import type { IncidentRow } from './incidents.repository.ts'
import {
  CATEGORY_CODES,
  CHANNELS,
  INCIDENT_CATEGORIES,
  NON_CRIME_REASONS,
  NSIR_CHAPTERS,
  QUALIFIERS,
  QUALIFIER_CODES,
  ukInstant,
  ukLocalTime,
  type IncidentCategoryCode,
} from './incidents.rules.ts'

/**
 * View models for incident pages, and the date-and-time form fields both the incident and crime pages use
 * (GOV.UK date input with hour and minute: there is no time component, so the time is two more boxes).
 */

type Form = Record<string, unknown>

/** What a date-and-time field group holds: nothing, something that is not a real time, or an instant. */
export type FormInstant = { kind: 'blank' } | { kind: 'invalid' } | { kind: 'instant'; instant: Date }

/** Reads a date-and-time field group (day, month, year, hour, minute boxes) as a time in England and Wales. */
export function formInstant(form: Form, id: string): FormInstant {
  const part = (name: string) => {
    const value = form[`${id}-${name}`]
    return typeof value === 'string' ? value.trim() : ''
  }
  const parts = ['day', 'month', 'year', 'hour', 'minute'].map(part)
  if (parts.every((value) => value === '')) {
    return { kind: 'blank' }
  }
  if (parts.some((value) => !/^\d{1,4}$/.test(value))) {
    return { kind: 'invalid' }
  }
  const [day, month, year, hour, minute] = parts.map(Number) as [number, number, number, number, number]
  const instant = ukInstant({ year, month, day, hour, minute })
  return instant ? { kind: 'instant', instant } : { kind: 'invalid' }
}

/**
 * A field group's time as a service takes it: undefined when blank, and for boxes that are not a real time an
 * Invalid Date, which the services' date checks (rule 23) name as "not a real date and time" with the field.
 */
export function instantInput(value: FormInstant): Date | undefined {
  switch (value.kind) {
    case 'blank':
      return undefined
    case 'invalid':
      return new Date(Number.NaN)
    case 'instant':
      return value.instant
  }
}

function formText(form: Form, key: string): string {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}

/** The govukDateInput items for a date and time, from what was posted or from an instant. */
export function dateTimeItems(
  id: string,
  source: { form?: Form | undefined; value?: Date | null | undefined },
  hasError = false,
) {
  const local = source.value ? ukLocalTime(source.value) : undefined
  const valueOf = (name: string, fromInstant: number | undefined, pad = 0) =>
    source.form
      ? formText(source.form, `${id}-${name}`)
      : fromInstant === undefined
        ? ''
        : String(fromInstant).padStart(pad, '0')
  const error = hasError ? ' govuk-input--error' : ''
  return [
    {
      name: 'day',
      id: `${id}-day`,
      label: 'Day',
      classes: `govuk-input--width-2${error}`,
      value: valueOf('day', local?.day),
    },
    {
      name: 'month',
      id: `${id}-month`,
      label: 'Month',
      classes: `govuk-input--width-2${error}`,
      value: valueOf('month', local?.month),
    },
    {
      name: 'year',
      id: `${id}-year`,
      label: 'Year',
      classes: `govuk-input--width-4${error}`,
      value: valueOf('year', local?.year),
    },
    {
      name: 'hour',
      id: `${id}-hour`,
      label: 'Hour',
      classes: `govuk-input--width-2${error}`,
      value: valueOf('hour', local?.hour, 2),
    },
    {
      name: 'minute',
      id: `${id}-minute`,
      label: 'Minute',
      classes: `govuk-input--width-2${error}`,
      value: valueOf('minute', local?.minute, 2),
    },
  ]
}

export function channelItems(selected?: string) {
  return Object.entries(CHANNELS).map(([value, text]) => ({ value, text, checked: value === selected }))
}

/** Categories for a select, each labelled with its NSIR chapter. */
export function categoryItems(selected?: string, placeholder = 'Choose a category') {
  return [
    { value: '', text: placeholder, selected: !selected },
    ...CATEGORY_CODES.map((code) => ({
      value: code,
      text: `${NSIR_CHAPTERS[INCIDENT_CATEGORIES[code].chapter]} – ${INCIDENT_CATEGORIES[code].label}`,
      selected: code === selected,
    })),
  ]
}

export function qualifierItems(checked: readonly string[] = []) {
  return QUALIFIER_CODES.map((code) => ({ value: code, text: QUALIFIERS[code], checked: checked.includes(code) }))
}

export function nonCrimeReasonItems(selected?: string) {
  return Object.entries(NON_CRIME_REASONS).map(([value, text]) => ({ value, text, checked: value === selected }))
}

export function categoryLabel(code: string | null): string {
  return code && Object.hasOwn(INCIDENT_CATEGORIES, code)
    ? INCIDENT_CATEGORIES[code as IncidentCategoryCode].label
    : (code ?? '')
}

export function channelLabel(code: string | null): string {
  return code && Object.hasOwn(CHANNELS, code) ? CHANNELS[code as keyof typeof CHANNELS] : (code ?? '')
}

export function qualifierLabels(codes: readonly string[]): string {
  return codes
    .map((code) => (Object.hasOwn(QUALIFIERS, code) ? QUALIFIERS[code as keyof typeof QUALIFIERS] : code))
    .join(', ')
}

/** Free text as paragraphs: templates print each one; no inline styles are allowed to keep line breaks. */
export function paragraphs(text: string | null | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
}

export function incidentStatusTag(incident: Pick<IncidentRow, 'status' | 'crimeRelated' | 'recordingDecision'>) {
  if (incident.status === 'closed') {
    return { text: 'Closed', classes: 'govuk-tag--grey' }
  }
  if (incident.crimeRelated && incident.recordingDecision === null) {
    return { text: 'Decision due', classes: 'govuk-tag--orange' }
  }
  return { text: 'Open', classes: 'govuk-tag--blue' }
}

export function decisionText(
  incident: Pick<IncidentRow, 'recordingDecision' | 'recordingDecisionAt' | 'recordingDecisionBy'>,
) {
  if (incident.recordingDecision === 'crimed') {
    return `Crime recorded (${formatDateTime(incident.recordingDecisionAt)}, ${incident.recordingDecisionBy ?? ''})`
  }
  if (incident.recordingDecision === 'not_crimed') {
    return `No crime recorded (${formatDateTime(incident.recordingDecisionAt)}, ${incident.recordingDecisionBy ?? ''})`
  }
  return 'Not made yet'
}

const MINUTE_MS = 60_000
const HOUR_MS = 60 * MINUTE_MS
const DAY_MS = 24 * HOUR_MS

/** A length of time in its largest whole unit up to two days ("45 minutes", "3 hours", "2 days"). */
function roughly(milliseconds: number): string {
  const ms = Math.abs(milliseconds)
  const [count, unit] =
    ms >= 2 * DAY_MS
      ? [Math.floor(ms / DAY_MS), 'day']
      : ms >= HOUR_MS
        ? [Math.floor(ms / HOUR_MS), 'hour']
        : [Math.max(1, Math.floor(ms / MINUTE_MS)), 'minute']
  return `${count} ${unit}${count === 1 ? '' : 's'}`
}

/**
 * The 24-hour clock on a recording decision (DOMAIN.md §1.3): "3 hours late" once the deadline has passed,
 * "Due in 5 hours" before it, with a red tag for a late one and the deadline itself.
 */
export function decisionClock(receivedAt: Date, now: Date) {
  const dueBy = new Date(receivedAt.getTime() + DAY_MS)
  const left = dueBy.getTime() - now.getTime()
  const late = left <= 0
  return {
    late,
    dueBy: formatDateTime(dueBy),
    text: late ? `${roughly(left)} late` : `Due in ${roughly(left)}`,
    tag: late ? { text: 'Late', classes: 'govuk-tag--red' } : { text: 'Decision due', classes: 'govuk-tag--orange' },
  }
}
