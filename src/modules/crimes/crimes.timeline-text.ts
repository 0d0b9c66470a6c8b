import { formatDate, formatDuration } from '../../platform/views/format.ts'
import { INVOLVEMENT_ROLE_LABELS, SUSPECT_STATUS_LABELS } from '../people/index.ts'
import { HOME_OFFICE_CANCELLATION_CODES, OUTCOME_TYPES } from './crimes.rules.ts'

/**
 * A crime's timeline in police staff's words: each event as sentences ("Recorded 3 minutes after the report, by
 * Olu Adeyemi", "Classified as Theft from the person (49)"), with names rather than ids or codes.
 */

/** The names the timeline shows in place of ids and codes; a missing name falls back to a plain word. */
export interface TimelineNames {
  offences?: ReadonlyMap<string, string>
  users?: ReadonlyMap<string, string>
  people?: ReadonlyMap<string, string>
}

export interface TimelineEvent {
  action: string
  actorName: string
  changes: unknown
  reason?: string | null
}

type Changes = Record<string, unknown>

interface Change {
  before: unknown
  after: unknown
}

/** A field's value after the event: the `after` of a before/after pair, or the value itself. */
function after(changes: Changes, field: string): unknown {
  const value = changes[field]
  return isChange(value) ? value.after : value
}

function before(changes: Changes, field: string): unknown {
  const value = changes[field]
  return isChange(value) ? value.before : undefined
}

function isChange(value: unknown): value is Change {
  return value !== null && typeof value === 'object' && 'after' in value
}

function offence(code: unknown, names: TimelineNames): string {
  if (typeof code !== 'string') {
    return ''
  }
  const label = names.offences?.get(code)
  return label ? `${label} (${code})` : `offence ${code}`
}

function person(id: unknown, names: TimelineNames, fallback = 'a person'): string {
  return (typeof id === 'string' && names.people?.get(id)) || fallback
}

function user(id: unknown, names: TimelineNames, fallback = 'someone'): string {
  return (typeof id === 'string' && names.users?.get(id)) || fallback
}

function roleLabel(role: unknown): string {
  return typeof role === 'string'
    ? (INVOLVEMENT_ROLE_LABELS[role as keyof typeof INVOLVEMENT_ROLE_LABELS] ?? role).toLowerCase()
    : ''
}

function suspectStatusLabel(status: unknown): string {
  return typeof status === 'string'
    ? (SUSPECT_STATUS_LABELS[status as keyof typeof SUSPECT_STATUS_LABELS] ?? status).toLowerCase()
    : ''
}

const FLAG_SENTENCES: ReadonlyArray<readonly [string, string]> = [
  ['domesticAbuse', 'domestic abuse'],
  ['hateCrime', 'hate crime'],
  ['vulnerableVictim', 'vulnerable victim'],
]

/** Flags set by the event as "Flagged as …"; flags removed as "No longer flagged as …"; false ones not at all. */
function flagSentences(changes: Changes): string[] {
  return FLAG_SENTENCES.flatMap(([field, words]) => {
    if (!(field in changes)) {
      return []
    }
    if (after(changes, field) === true) {
      return before(changes, field) === true ? [] : [`Flagged as ${words}`]
    }
    return before(changes, field) === true ? [`No longer flagged as ${words}`] : []
  })
}

function recordedSentences(event: TimelineEvent, changes: Changes, names: TimelineNames): string[] {
  const delay = changes.recordingDelayMinutes
  const recorded =
    typeof delay === 'number'
      ? `Recorded ${formatDuration(delay * 60_000)} after the report, by ${event.actorName}`
      : `Recorded by ${event.actorName}`
  const reference = after(changes, 'crimeReference')
  return [
    recorded + (changes.recordedLate === true ? ', later than the 24 hours allowed' : ''),
    ...(typeof reference === 'string' ? [`Crime reference ${reference}`] : []),
    ...(after(changes, 'offenceCode') ? [`Classified as ${offence(after(changes, 'offenceCode'), names)}`] : []),
    ...flagSentences(changes),
  ]
}

function reclassifiedSentences(changes: Changes, names: TimelineNames): string[] {
  const from = before(changes, 'offenceCode')
  const to = after(changes, 'offenceCode')
  if (!to) {
    return []
  }
  return [
    from ? `Reclassified from ${offence(from, names)} to ${offence(to, names)}` : `Classified as ${offence(to, names)}`,
  ]
}

function updatedSentences(changes: Changes): string[] {
  return [
    ...('summary' in changes ? ['Summary changed'] : []),
    ...('offenceFrom' in changes || 'offenceTo' in changes ? ['When it happened changed'] : []),
    ...flagSentences(changes),
  ]
}

function involvementSentences(event: TimelineEvent, changes: Changes, names: TimelineNames): string[] {
  const linked: Changes | undefined =
    changes.linked !== null && typeof changes.linked === 'object'
      ? (changes.linked as Changes)
      : event.action === 'PERSON_LINKED'
        ? changes
        : undefined
  if (linked) {
    return [`${person(linked.personId, names)} added as ${roleLabel(linked.role)}`]
  }
  const who = person(changes.personId, names, 'The person')
  const role = changes.role
  const status = changes.suspectStatus
  return [
    ...(isChange(role) && role.before !== role.after
      ? [`${who} changed from ${roleLabel(role.before)} to ${roleLabel(role.after)}`]
      : []),
    ...(isChange(status) && status.before !== status.after && status.after
      ? [`${who} now ${suspectStatusLabel(status.after)}`]
      : []),
  ]
}

function outcomeSentences(changes: Changes): string[] {
  const outcome = after(changes, 'outcomeType')
  return typeof outcome === 'number' && outcome > 0
    ? [`Outcome ${outcome}: ${OUTCOME_TYPES[outcome]?.label ?? ''}`.trim()]
    : []
}

function removalSentences(changes: Changes): string[] {
  const force = changes.receivingForce
  const accepted = changes.acceptedOn
  return [
    ...(typeof force === 'string' ? [`Receiving force: ${force}`] : []),
    ...(typeof changes.receivingReference === 'string' ? [`Their reference: ${changes.receivingReference}`] : []),
    ...(typeof accepted === 'string' ? [`Accepted on ${formatDate(accepted)}`] : []),
    ...(changes.victimInformed === true ? ['Victim informed'] : []),
    ...(typeof changes.cancellationCode === 'string' && changes.cancellationCode !== 'C1'
      ? [`Cancelled as: ${cancellationWords(changes.cancellationCode)}`]
      : []),
  ]
}

function cancellationWords(code: string): string {
  return HOME_OFFICE_CANCELLATION_CODES.find((known) => known.code === code)?.label.toLowerCase() ?? code
}

/** What the event's own fields say, by kind of event. */
function detailSentences(event: TimelineEvent, changes: Changes, names: TimelineNames): string[] {
  switch (event.action) {
    case 'CRIME_RECORDED':
      return recordedSentences(event, changes, names)
    case 'CRIME_RECLASSIFIED':
      return reclassifiedSentences(changes, names)
    case 'CRIME_ALLOCATED':
      return after(changes, 'assignedUserId') ? [`Allocated to ${user(after(changes, 'assignedUserId'), names)}`] : []
    case 'CRIME_UPDATED':
      return updatedSentences(changes)
    case 'PERSON_LINKED':
    case 'INVOLVEMENT_CHANGED':
    case 'CRIME_PERSON_LINKED':
    case 'CRIME_INVOLVEMENT_CHANGED':
      return involvementSentences(event, changes, names)
    case 'CRIME_SUBMITTED_FOR_FILING':
    case 'CRIME_OUTCOME_REVISED':
      return outcomeSentences(changes)
    case 'CRIME_FILED':
      return after(changes, 'offenceCodeAtFiling')
        ? [`Filed as ${offence(after(changes, 'offenceCodeAtFiling'), names)}`]
        : []
    default:
      return removalSentences(changes)
  }
}

/** What an event's reason is called on the timeline: where the crime went, and why. */
const REASON_LEADS: Readonly<Record<string, string>> = {
  CRIME_RETURNED_TO_OFFICER: 'Returned to the officer',
  CRIME_REOPENED: 'Reopened',
  CRIME_CANCELLATION_REFUSED: 'Cancellation refused',
  CRIME_TRANSFER_REFUSED: 'Transfer refused',
}

/** The event as sentences, each ending with a full stop, for the timeline entry's text. */
export function timelineSentences(event: TimelineEvent, names: TimelineNames = {}): string[] {
  const changes = event.changes !== null && typeof event.changes === 'object' ? (event.changes as Changes) : {}
  const reason = event.reason?.trim()
  const lead = REASON_LEADS[event.action]
  return [
    ...detailSentences(event, changes, names),
    ...(reason ? [lead ? `${lead}: ${reason}` : `Reason: ${reason}`] : []),
  ].map((sentence) => (/[.!?]$/.test(sentence) ? sentence : `${sentence}.`))
}

/** The offence codes and user ids a timeline mentions, for the reader to look up their names. */
export function timelineMentions(events: readonly TimelineEvent[]): { offenceCodes: string[]; userIds: string[] } {
  const offenceCodes = new Set<string>()
  const userIds = new Set<string>()
  for (const event of events) {
    const changes = event.changes !== null && typeof event.changes === 'object' ? (event.changes as Changes) : {}
    for (const value of [
      before(changes, 'offenceCode'),
      after(changes, 'offenceCode'),
      after(changes, 'offenceCodeAtFiling'),
    ]) {
      if (typeof value === 'string') {
        offenceCodes.add(value)
      }
    }
    const assigned = after(changes, 'assignedUserId')
    if (typeof assigned === 'string') {
      userIds.add(assigned)
    }
  }
  return { offenceCodes: [...offenceCodes], userIds: [...userIds] }
}
