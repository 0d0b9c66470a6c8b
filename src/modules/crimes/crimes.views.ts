import { codeInWords, formatDate, formatDateTime, formatDuration, formatTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import type { AuditEventRow } from '../audit-trail/index.ts'
import { categoryLabel, channelLabel, paragraphs, qualifierLabels, type IncidentRow } from '../incidents/index.ts'
import { INVOLVEMENT_ROLE_LABELS, SUSPECT_STATUS_LABELS, SUSPECT_STATUSES, type Involvement } from '../people/index.ts'
import { FLAGS, link, row } from './crimes.forms.ts'
import { timelineSentences, type TimelineNames } from './crimes.timeline-text.ts'
import type { CrimeView } from './crimes.reads.ts'
import type { CancellationRow, CrimeRow, OffenceCodeRecord, TransferRow } from './crimes.repository.ts'
import { FILING_CHECKLIST, OUTCOME_TYPES, pointedToByIncidentCategory, type CancellationCode } from './crimes.rules.ts'
import { CRIME_STATUS_LABELS, CRIME_WORKFLOW, isCrimeStatus, type CrimeStatus } from './crimes.workflow.ts'

/** View models for the crime pages: the templates only lay these out. */

export function statusLabel(status: string): string {
  return isCrimeStatus(status) ? CRIME_STATUS_LABELS[status] : status
}

const STATUS_TAG_CLASSES: Record<CrimeStatus, string> = {
  recorded: 'govuk-tag--blue',
  awaiting_allocation: 'govuk-tag--light-blue',
  under_investigation: 'govuk-tag--purple',
  awaiting_filing: 'govuk-tag--yellow',
  imu_quality_check: 'govuk-tag--orange',
  returned_to_officer: 'govuk-tag--pink',
  filed: 'govuk-tag--green',
  cancellation_requested: 'govuk-tag--red',
  cancelled: 'govuk-tag--grey',
  transfer_requested: 'govuk-tag--red',
  transferred: 'govuk-tag--grey',
}

export function statusTag(status: string) {
  return { text: statusLabel(status), classes: isCrimeStatus(status) ? STATUS_TAG_CLASSES[status] : '' }
}

export function offenceItems(
  codes: readonly OffenceCodeRecord[],
  selected?: string,
  placeholder = 'Choose the offence',
  incidentCategory?: string | null,
) {
  const item = (code: OffenceCodeRecord) => ({
    value: code.code,
    text: `${code.label} (${code.code}) – ${code.groupLabel ?? code.categoryLabel ?? ''}`,
    selected: code.code === selected,
  })
  const offences = codes
    .filter((code) => code.isHomeOfficeCode && !/\(outcomes? only\)/i.test(code.label))
    .sort((a, b) => (a.categoryLabel ?? '').localeCompare(b.categoryLabel ?? '') || a.label.localeCompare(b.label))
  // The offences the incident's category points to come first; every other offence is still there below them.
  const first = offences.filter((code) => pointedToByIncidentCategory(incidentCategory, code))
  if (first.length === 0) {
    return [{ value: '', text: placeholder, selected: !selected }, ...offences.map(item)]
  }
  const rest = offences.filter((code) => !first.includes(code))
  return [
    { value: '', text: placeholder, selected: !selected },
    ...first.map(item),
    { value: '', text: '── Other offences ──', disabled: true },
    ...rest.map(item),
  ]
}

export function outcomeItems(selected: number | undefined) {
  return Object.entries(OUTCOME_TYPES).map(([number, outcome]) => ({
    value: number,
    text: `${number}: ${outcome.label}`,
    checked: Number(number) === selected,
  }))
}

export function outcomeLabel(outcome: number | null): string {
  return outcome === null || outcome === 0 ? 'Not yet assigned' : `${outcome}: ${OUTCOME_TYPES[outcome]?.label ?? ''}`
}

export function checklistItems(checked: readonly string[] = []) {
  return Object.entries(FILING_CHECKLIST).map(([value, text], index) => ({
    value,
    text,
    checked: checked.includes(value),
    ...(index === 0 ? { id: 'checklist' } : {}),
  }))
}

export function cancellationCodeItems(codes: readonly CancellationCode[], selected?: string) {
  return codes
    .filter((code) => code.code !== 'C1')
    .map((code, index) => ({
      value: code.code,
      text: `${code.code}: ${code.label}`,
      checked: code.code === selected,
      ...(index === 0 ? { id: 'cancellationCode' } : {}),
    }))
}

export function personRoleItems(selected?: string) {
  return (['victim', 'witness', 'suspect', 'offender', 'other'] as const).map((role, index) => ({
    value: role,
    text: INVOLVEMENT_ROLE_LABELS[role],
    checked: role === selected,
    ...(index === 0 ? { id: 'personRole' } : {}),
  }))
}

/** The roles a person's involvement in a crime can change to (rule 11: nobody becomes, or stops being, the victim). */
export function changeRoleItems(selected?: string) {
  return (['witness', 'suspect', 'offender', 'other'] as const).map((role, index) => ({
    value: role,
    text: INVOLVEMENT_ROLE_LABELS[role],
    checked: role === selected,
    ...(index === 0 ? { id: 'personRole' } : {}),
  }))
}

/** The crime's people whose involvement can change (everyone but the victim), with how they are involved now. */
export function involvementItems(people: readonly Involvement[], selected?: string) {
  return people
    .filter((person) => person.role !== 'victim')
    .map((person, index) => ({
      value: person.involvementId,
      text: `${person.displayName}: ${INVOLVEMENT_ROLE_LABELS[person.role as keyof typeof INVOLVEMENT_ROLE_LABELS] ?? person.role}${person.suspectStatus ? `, ${(SUSPECT_STATUS_LABELS[person.suspectStatus as keyof typeof SUSPECT_STATUS_LABELS] ?? person.suspectStatus).toLowerCase()}` : ''}`,
      checked: person.involvementId === selected,
      ...(index === 0 ? { id: 'involvementId' } : {}),
    }))
}

export function suspectStatusItems(selected?: string) {
  return [
    { value: '', text: 'Not interviewed (default)', selected: !selected },
    ...SUSPECT_STATUSES.map((status) => ({
      value: status,
      text: SUSPECT_STATUS_LABELS[status],
      selected: status === selected,
    })),
  ]
}

const ACTION_TITLES: Record<string, string> = {
  CRIME_RECORDED: 'Crime recorded',
  CRIME_VIEWED: 'Viewed',
  PERSON_LINKED: 'Person linked',
  ...Object.fromEntries(CRIME_WORKFLOW.map((rule) => [rule.audit, rule.label.replace(/ \(.*\)$/, '')])),
  CRIME_RECLASSIFIED: 'Reclassified',
  CRIME_TRANSFERRED: 'Transfer accepted by the receiving force',
  INVOLVEMENT_CHANGED: 'Involvement changed',
}

/**
 * The MoJ timeline: every event on the record, newest first, each in sentences with names rather than ids or
 * codes. Views are part of its history too (rule 20), but a run of views in a row is shown as one entry with its
 * count, so changes stay easy to find.
 */
export function timelineItems(events: readonly AuditEventRow[], names: TimelineNames = {}) {
  const entries: Array<{ event: AuditEventRow; views: number }> = []
  for (const event of [...events].reverse()) {
    const previous = entries.at(-1)
    if (event.action.endsWith('_VIEWED') && previous?.event.action === event.action) {
      previous.views += 1
    } else {
      entries.push({ event, views: 1 })
    }
  }
  return entries.map(({ event, views }) => ({
    label: {
      text: `${ACTION_TITLES[event.action] ?? codeInWords(event.action)}${views > 1 ? ` (${views} times; latest shown)` : ''}`,
    },
    text: timelineSentences(event, names).join(' '),
    // The layout has no mojDate filter, so the date shows from the timestamp and the time goes in the byline.
    datetime: { timestamp: event.occurredAt.toISOString() },
    byline: { text: `${event.actorName} at ${formatTime(event.occurredAt)}` },
  }))
}

export function delayText(ms: number): string {
  return formatDuration(ms)
}

/** A crime in the list: its reference (linking to it), offence, when recorded and status. */
export type CrimeListItem = Pick<CrimeRow, 'crimeId' | 'crimeReference' | 'offenceCode' | 'recordedAt' | 'status'> & {
  offenceLabel: string
  recordedLate: boolean
}

/** The crime list's table rows; a crime recorded more than 24 hours after the report is tagged so. */
export function crimeListRows(rows: readonly CrimeListItem[]) {
  return rows.map((crime) => [
    { html: link(`/crimes/${crime.crimeId}`, crime.crimeReference) },
    { text: `${crime.offenceLabel} (${crime.offenceCode})` },
    { text: formatDateTime(crime.recordedAt) },
    {
      html: `<strong class="govuk-tag ${statusTag(crime.status).classes}">${escapeHtml(statusLabel(crime.status))}</strong>${crime.recordedLate ? ' <strong class="govuk-tag govuk-tag--red">Over 24 hours</strong>' : ''}`,
    },
  ])
}

/** The crime page's view model, apart from the actions and the routing, which the page adds. */
export function crimeShowModel(view: CrimeView) {
  const { crime } = view
  return {
    crime,
    statusTag: statusTag(crime.status),
    clock: { ...view.clock, delay: delayText(view.clock.elapsedMs) },
    summaryRows: crimeSummaryRows(view),
    incidentHtml: incidentHtml(view.incident),
    summary: paragraphs(crime.summary),
    classifications: view.classifications.map((c) => [
      { text: formatDateTime(c.changedAt) },
      { text: c.previousCode ?? '–' },
      { text: `${c.label} (${c.offenceCode})` },
      { text: c.changedByName },
      { text: `${c.reason ?? ''}${c.fcrOverride ? ' (FCR override)' : ''}` },
    ]),
    outcomes: view.outcomes.map((o) => [
      { text: formatDateTime(o.recordedAt) },
      { text: outcomeLabel(o.outcomeType) },
      { text: o.recordedByName },
      { text: o.reason ?? 'Submitted for filing' },
    ]),
    cancellations: view.cancellations.map((c) => [
      { text: `${c.code}: ${c.rationale}${c.aviDescription ? ` (AVI: ${c.aviDescription})` : ''}` },
      { text: `${c.requestedByName}, ${formatDateTime(c.requestedAt)}` },
      { text: cancellationDecisionText(c) },
    ]),
    transfers: view.transfers.map((t) => [{ text: t.receivingForce }, { text: t.reason }, { text: transferText(t) }]),
    pendingTransfer: view.transfers.find((transfer) => transfer.status === 'requested'),
    n100s: view.n100s,
    people: view.people.map((person) => [
      { html: link(`/people/${person.personId}`, person.displayName) },
      { text: INVOLVEMENT_ROLE_LABELS[person.role as keyof typeof INVOLVEMENT_ROLE_LABELS] ?? person.role },
      {
        text: person.suspectStatus
          ? (SUSPECT_STATUS_LABELS[person.suspectStatus as keyof typeof SUSPECT_STATUS_LABELS] ?? person.suspectStatus)
          : '',
      },
    ]),
    timeline: timelineItems(view.timeline, view.timelineNames),
  }
}

/** The crime page's summary list: what, when, where, who has it and who cares for the victim. */
export function crimeSummaryRows(view: CrimeView) {
  const { crime } = view
  const flags = FLAGS.filter(([flag]) => crime[flag]).map(([, label]) => label)
  const atRecording = view.classifications[0]
  const pendingTransfer = view.transfers.find((transfer) => transfer.status === 'requested')
  const acceptedTransfer = view.transfers.find((transfer) => transfer.status === 'accepted')
  return [
    row('Offence', `${view.offence.label} (${crime.offenceCode})`),
    row('Offence group', view.offence.groupLabel ?? crime.offenceGroup),
    row(
      'Classification at recording',
      atRecording ? `${atRecording.label} (${atRecording.offenceCode})` : crime.offenceCodeAtRecording,
    ),
    ...(crime.offenceCodeAtFiling ? [row('Classification at filing', crime.offenceCodeAtFiling)] : []),
    row(
      'Reported',
      `${formatDateTime(crime.reportedAt)}${view.incident ? '' : ` (${channelLabel(crime.directReportChannel)}, direct report)`}`,
    ),
    row(
      'Recorded',
      `${formatDateTime(crime.recordedAt)} by ${crime.recordedBy}, ${delayText(view.clock.elapsedMs)} after the report`,
    ),
    row(
      'When it happened',
      `${formatDateTime(crime.offenceFrom)}${crime.offenceTo ? ` to ${formatDateTime(crime.offenceTo)}` : ''}`,
    ),
    row(
      'Where',
      view.location ? [view.location.address, view.location.postcode].filter(Boolean).join(', ') : 'Not recorded',
    ),
    row('Flags', flags.join(', ') || 'None'),
    row('Officer in the case', view.assignedUserName ?? 'Not allocated'),
    row('Outcome', outcomeLabel(crime.outcomeType)),
    ...(crime.closingSummary ? [row('Closing summary', crime.closingSummary)] : []),
    ...(crime.reopenedAt ? [row('Reopened', formatDateTime(crime.reopenedAt))] : []),
    row(
      'Victim care',
      view.victimCareWithThisForce
        ? `This force${pendingTransfer ? ', until the transfer is accepted' : ''}`
        : acceptedTransfer
          ? `${acceptedTransfer.receivingForce} (transfer accepted)`
          : 'None: the crime is cancelled',
    ),
  ]
}

/** The incident the crime was recorded from, linked, with its opening category and qualifiers (escaped). */
export function incidentHtml(
  incident: Pick<IncidentRow, 'incidentId' | 'incidentNumber' | 'openingCategory' | 'qualifiers'> | undefined,
): string | undefined {
  return incident
    ? `${link(`/incidents/${incident.incidentId}`, `Incident ${incident.incidentNumber}`)}: ${escapeHtml(categoryLabel(incident.openingCategory))}${incident.qualifiers.length ? `, ${escapeHtml(qualifierLabels(incident.qualifiers))}` : ''}`
    : undefined
}

/** Where a transfer to another force stands. */
export function transferText(t: TransferRow): string {
  return t.status === 'accepted'
    ? `Accepted ${formatDate(t.acceptedOn)}, their reference ${t.receivingReference ?? ''}${t.decidedByName ? `; recorded by ${t.decidedByName} (${t.decidedByRole ?? ''})` : ''}${t.victimInformed === false ? `; victim not told: ${t.victimNotInformedReason ?? ''}` : ''}`
    : t.status === 'refused'
      ? `Refused: ${t.refusalReason ?? ''}`
      : 'Awaiting acceptance'
}

/** Who decided a cancellation request, and whether it was reversed since. */
export function cancellationDecisionText(c: CancellationRow): string {
  if (!c.decision) {
    return 'Awaiting authorisation'
  }
  const decided = `${c.decision === 'reversed' ? 'authorised' : c.decision} by ${c.decidedByName ?? ''} (${c.decidedByRole ?? ''})${c.fcrOverride ? ', FCR override' : ''}`
  return c.decision === 'reversed'
    ? `${decided}; reversed by ${c.reversedByName ?? ''}, ${formatDateTime(c.reversedAt)}: ${c.reversalReason ?? ''}`
    : decided
}
