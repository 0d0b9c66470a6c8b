import type { Actor } from '../../platform/auth/actor.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import type { CrimeReferenceData } from './crimes.reference-data.ts'
import type { PageForm } from './crimes.schemas.ts'
import type { CrimeDraftsService } from './crimes.drafts.ts'
import type { CrimesService } from './crimes.service.ts'

/** What the crime pages need from app.ts besides the crimes module's own services. */
export interface CrimesPagesOptions {
  crimes: CrimesService
  /** The record-a-crime question pages' drafts. */
  drafts: CrimeDraftsService
  referenceData: CrimeReferenceData
  /** Users who may be designated decision makers (the accounts module). */
  users: (actor: Actor) => Promise<Array<{ userId: string; displayName: string }>>
  /** Units that take crime work, for the routing panel (the directory module). */
  routing: (actor: Actor) => Promise<unknown[]>
}

/** Helpers the crime pages share: reading posted forms and building GOV.UK component parameters. */

export type Form = PageForm

export const text = (form: Form, key: string): string | undefined => {
  const value = form[key]
  return typeof value === 'string' ? value : undefined
}

export const int = (value: string | undefined) => (value && /^\d+$/.test(value) ? Number(value) : 0)

export const row = (key: string, value: string, href?: string, change?: string) => ({
  key: { text: key },
  value: { text: value },
  ...(href ? { actions: { items: [{ href, text: 'Change', visuallyHiddenText: change ?? key.toLowerCase() }] } } : {}),
})

export const link = (href: string, label: string) =>
  `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(label)}</a>`

export const FLAGS = [
  ['domesticAbuse', 'Domestic abuse'],
  ['hateCrime', 'Hate crime'],
  ['vulnerableVictim', 'Vulnerable victim'],
] as const

/** A date (day, month, year boxes) as YYYY-MM-DD; undefined when all blank. Not-a-date is the service's to name. */
export function dateFromForm(form: Form, id: string): string | undefined {
  const parts = ['year', 'month', 'day'].map((name) =>
    typeof form[`${id}-${name}`] === 'string' ? (form[`${id}-${name}`] as string).trim() : '',
  )
  if (parts.every((part) => part === '')) {
    return undefined
  }
  const [year, month, day] = parts
  return `${year!.padStart(4, '0')}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
}

/** The govukDateInput items for a date: `id` names the boxes' ids (the field), `formId` the posted names. */
export function dateItems(id: string, form: Record<string, unknown>, hasError: boolean, formId = id) {
  const error = hasError ? ' govuk-input--error' : ''
  const value = (name: string) => {
    const found = form[`${id}-${name}`] ?? form[`${formId}-${name}`]
    return typeof found === 'string' ? found : ''
  }
  return [
    { name: 'day', id: `${id}-day`, label: 'Day', classes: `govuk-input--width-2${error}`, value: value('day') },
    {
      name: 'month',
      id: `${id}-month`,
      label: 'Month',
      classes: `govuk-input--width-2${error}`,
      value: value('month'),
    },
    { name: 'year', id: `${id}-year`, label: 'Year', classes: `govuk-input--width-4${error}`, value: value('year') },
  ]
}
