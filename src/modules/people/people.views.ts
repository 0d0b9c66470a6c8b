import type { Permissions } from '../../platform/auth/permissions.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { dateInput, datePartsOf } from '../../platform/views/govuk.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import {
  ASSESSMENT_KIND_LABELS,
  ASSESSMENT_KINDS,
  INVOLVEMENT_ROLES,
  matchStrength,
  ROLE_LABELS,
  SUSPECT_STATUS_LABELS,
  SUSPECT_STATUSES,
} from './people.rules.ts'
import type { PersonForm } from './people.schemas.ts'
import type { PersonInput, PersonRecord, PersonSearchResult, RecordType } from './people.types.ts'

/** Where a person's involvement in a record is changed (a crime's on the crime itself). */
export type InvolvementPath = (
  recordType: RecordType,
  recordId: string,
  involvementId: string,
  personId: string,
) => string

type Involvement = PersonRecord['involvements'][number]

/** The date of birth boxes as typed (a search's query or a form's body), trimmed. */
export function dateOfBirthParts(source: Readonly<Record<string, unknown>>) {
  const parts = datePartsOf(source, 'dateOfBirth')
  return { day: parts.day.trim(), month: parts.month.trim(), year: parts.year.trim() }
}

/** The GOV.UK date input for a date of birth, showing what was typed and any error. */
export function dateOfBirthInput(
  values: { day?: string | undefined; month?: string | undefined; year?: string | undefined },
  hint: string,
  error: { text: string } | undefined,
) {
  return dateInput({
    id: 'dateOfBirth',
    legend: 'Date of birth (optional)',
    hint,
    parts: { day: values.day ?? '', month: values.month ?? '', year: values.year ?? '' },
    error,
  })
}

/** What the person form shows again after a failed post: what was typed, the date in its three boxes. */
export function personFormValues(body: PersonForm) {
  return { ...body, ...dateOfBirthParts(body) }
}

/** The person form's values for a stored person (the date's boxes without leading zeros). */
export function storedPersonValues(person: PersonRecord) {
  const [year, month, day] = person.dateOfBirth?.split('-') ?? ['', '', '']
  return {
    givenName: person.givenName,
    familyName: person.familyName,
    aliases: person.aliases.join('\n'),
    day: day?.replace(/^0/, ''),
    month: month?.replace(/^0/, ''),
    year,
    version: person.version,
  }
}

/** The person a form describes: other names one a line; the date of birth only when one was read. */
export function personInput(body: PersonForm, dateOfBirth: string | undefined): PersonInput {
  return {
    givenName: body.givenName ?? '',
    familyName: body.familyName ?? '',
    aliases: (body.aliases ?? '').split(/\r?\n/),
    ...(dateOfBirth ? { dateOfBirth } : {}),
  }
}

export function toSearchView(result: PersonSearchResult) {
  return {
    searched: true,
    limited: result.limited,
    count: result.people.length,
    rows: result.people.map((person) => {
      const strength = matchStrength(person.score)
      const colour = strength === 'Exact' ? 'green' : strength === 'Close' ? 'blue' : 'grey'
      return [
        { html: link(`/people/${person.personId}`, person.displayName) },
        { text: person.dateOfBirth ? `${formatDate(person.dateOfBirth)} (${person.age})` : 'Not known' },
        { text: person.aliases.join(', ') },
        { html: `<strong class="govuk-tag govuk-tag--${colour}">${strength}</strong>` },
      ]
    }),
  }
}

/** The person page: facts (with Change links for those who may manage people), involvements and assessments. */
export function toPersonView(person: PersonRecord, permissions: Permissions, involvementPath: InvolvementPath) {
  const canManage = permissions.can('people.manage')
  return {
    person: { personId: person.personId, displayName: person.displayName, version: person.version },
    canManage,
    facts: factRows(person, canManage),
    involvementHead: [
      { text: 'Record' },
      { text: 'Role' },
      { text: 'Suspect status' },
      { text: 'Linked' },
      ...(canManage ? [{ html: '<span class="govuk-visually-hidden">Actions</span>' }] : []),
    ],
    involvementRows: person.involvements.map((involvement) =>
      involvementRow(person, involvement, permissions, involvementPath),
    ),
    assessmentRows: person.assessments.map((assessment) => [
      { text: ASSESSMENT_KIND_LABELS[assessment.kind] },
      { html: assessment.assessment.split(/\r?\n/).map(escapeHtml).join('<br>') },
      { text: assessment.assessedByName },
      { text: formatDateTime(assessment.assessedAt) },
    ]),
    recordDetails: [
      { key: { text: 'Added' }, value: { text: `${formatDateTime(person.createdAt)} by ${person.createdBy}` } },
      { key: { text: 'Last changed' }, value: { text: `${formatDateTime(person.updatedAt)} by ${person.updatedBy}` } },
    ],
  }
}

function factRows(person: PersonRecord, canManage: boolean) {
  const aliases = person.aliases.map((alias) => `<li>${escapeHtml(alias)}</li>`).join('')
  const rows = [
    { key: { text: 'Given name' }, value: { text: person.givenName || 'None recorded' } },
    { key: { text: 'Family name' }, value: { text: person.familyName } },
    {
      key: { text: 'Other names' },
      value: person.aliases.length ? { html: `<ul class="govuk-list">${aliases}</ul>` } : { text: 'None recorded' },
    },
    {
      key: { text: 'Date of birth' },
      value: { text: person.dateOfBirth ? `${formatDate(person.dateOfBirth)} (aged ${person.age})` : 'Not known' },
    },
  ]
  if (!canManage) {
    return rows
  }
  return rows.map((row) => ({
    ...row,
    actions: {
      items: [
        { href: `/people/${person.personId}/edit`, text: 'Change', visuallyHiddenText: row.key.text.toLowerCase() },
      ],
    },
  }))
}

function recordName(involvement: Involvement): string {
  return involvement.reference ?? involvement.recordId.slice(0, 8)
}

function involvementRow(
  person: PersonRecord,
  involvement: Involvement,
  permissions: Permissions,
  involvementPath: InvolvementPath,
) {
  const canManage = permissions.can('people.manage')
  // A crime's people are changed on the crime, by those who may update crimes (the crime's workflow decides).
  const canChange = involvement.recordType === 'crime' ? permissions.can('crimes.update') : canManage
  const isCrime = involvement.recordType === 'crime'
  const cells = [
    {
      html: link(
        `/${isCrime ? 'crimes' : 'incidents'}/${encodeURIComponent(involvement.recordId)}`,
        `${isCrime ? 'Crime' : 'Incident'} ${recordName(involvement)}`,
      ),
    },
    { text: ROLE_LABELS[involvement.role] },
    { text: involvement.suspectStatus ? SUSPECT_STATUS_LABELS[involvement.suspectStatus] : '' },
    { text: formatDateTime(involvement.createdAt) },
  ]
  if (!canManage) {
    return cells
  }
  const path = involvementPath(involvement.recordType, involvement.recordId, involvement.involvementId, person.personId)
  const change = canChange
    ? { html: link(path, 'Change', ` role or status on ${involvement.recordType} ${recordName(involvement)}`) }
    : { text: '' }
  return [...cells, change]
}

export function toInvolvementFormView(
  person: PersonRecord,
  involvement: Involvement,
  values: { role: string; suspectStatus?: string | undefined; version: string },
) {
  return {
    person: { personId: person.personId, displayName: person.displayName },
    record: `${involvement.recordType === 'crime' ? 'crime' : 'incident'} ${involvement.recordId.slice(0, 8)}`,
    involvementId: involvement.involvementId,
    version: values.version,
    roleItems: INVOLVEMENT_ROLES.map((role) => ({
      value: role,
      text: ROLE_LABELS[role],
      checked: values.role === role,
    })),
    statusItems: SUSPECT_STATUSES.map((status) => ({
      value: status,
      text: SUSPECT_STATUS_LABELS[status],
      checked: (values.suspectStatus ?? 'not_interviewed') === status,
    })),
  }
}

export function kindItems(checked?: string) {
  return ASSESSMENT_KINDS.map((kind) => ({
    value: kind,
    text: ASSESSMENT_KIND_LABELS[kind],
    checked: kind === checked,
  }))
}

function link(href: string, text: string, hiddenText = ''): string {
  const hidden = hiddenText ? `<span class="govuk-visually-hidden">${escapeHtml(hiddenText)}</span>` : ''
  return `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden}</a>`
}
