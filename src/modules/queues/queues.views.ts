import { NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { asList } from '../../platform/http/forms.ts'
import { formatDate, formatDateTime, formatDuration, formatNumber } from '../../platform/views/format.ts'
import { CRIME_STATUS_LABELS, OUTCOME_TYPES, type CrimeStatus } from '../crimes/index.ts'
import {
  FLAGS,
  isFlag,
  isQueueKey,
  PAGE_SIZES,
  QUEUE_ACTION_RULES,
  queueDefinition,
  type QueueAction,
  type QueueDefinition,
  type QueueFilter,
} from './queues.rules.ts'
import type { BulkForm, QueueQuery } from './queues.schemas.ts'
import type { QueuesService } from './queues.service.ts'
import type {
  BulkResult,
  Candidate,
  ChosenItem,
  DashboardData,
  QueueItem,
  QueuePage,
  QueuePageRequest,
  QueueStats,
} from './queues.shapes.ts'

/**
 * View models for the queue pages and the dashboard: pure functions from what the services return to what the
 * templates show, so they can be unit-tested without a database.
 */

// Reading the page's address and forms

export function queueFrom(key: string): QueueDefinition {
  if (!isQueueKey(key)) {
    throw new NotFound('There is no such work queue')
  }
  return queueDefinition(key)
}

/** The queue page's query string as the service's request (anything malformed is named by the service). */
export function pageRequest(query: QueueQuery): QueuePageRequest {
  const flags = asList(query.flags).filter(isFlag)
  const filter: Partial<QueueFilter> = {
    ...(query.group ? { offenceGroup: query.group } : {}),
    ...(query.unit ? { unitId: query.unit } : {}),
    ...(query.holder ? { holder: query.holder } : {}),
    ...(query.age ? { age: query.age === 'overdue' ? 'overdue' : Number.parseInt(query.age, 10) } : {}),
    flags,
  }
  if (asList(query.flags).length !== flags.length) {
    throw ValidationFailed.of('flags', 'Choose flags from the list')
  }
  if (query.sort !== undefined && query.sort !== 'deadline' && query.sort !== 'newest') {
    throw ValidationFailed.of('sort', 'Sort by deadline or newest first')
  }
  const size = query.size === undefined ? undefined : Number.parseInt(query.size, 10)
  return {
    filter,
    sort: query.sort,
    after: query.after,
    before: query.before,
    pageSize: size,
  }
}

/** The page's own address with some parameters changed (undefined removes one). */
export function hrefWith(
  base: string,
  query: QueueQuery,
  changes: Partial<Record<keyof QueueQuery, string | string[] | undefined>>,
) {
  const params = new URLSearchParams()
  const merged = { ...query, ...changes }
  for (const [name, value] of Object.entries(merged)) {
    for (const item of asList(value)) {
      params.append(name, item)
    }
  }
  const text = params.toString()
  return text ? `${base}?${text}` : base
}

/** Checkbox values "crimeId:version": the version is the one the person saw, so a stale one is a conflict. */
export function parseItems(values: string | string[] | undefined): ChosenItem[] {
  return asList(values).map((value) => {
    const [crimeId, version] = value.split(':')
    return { crimeId: crimeId ?? '', expectedVersion: Number.parseInt(version ?? '', 10) }
  })
}

/** The queue page's query string kept through the bulk forms, so the person returns to where they were. */
export function backQuery(back: string | undefined): QueueQuery {
  const params = new URLSearchParams(back?.startsWith('?') ? back.slice(1) : '')
  const query: Record<string, string | string[]> = {}
  for (const name of ['group', 'unit', 'holder', 'age', 'sort', 'size'] as const) {
    const value = params.get(name)
    if (value) {
      query[name] = value
    }
  }
  const flags = params.getAll('flags')
  if (flags.length > 0) {
    query.flags = flags
  }
  return query
}

// ---------------------------------------------------------------------------------------------------------------
// View models

export function deadlineHours(queue: QueueDefinition): string {
  if (!queue.deadline) {
    return 'No deadline'
  }
  const hours = queue.deadline.hours
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`
}

export function statsView(stats: QueueStats, now: Date) {
  return {
    count: stats.count,
    overdue: stats.overdue,
    oldest: stats.oldest ? formatDuration(now.getTime() - stats.oldest.getTime()) : null,
    oldestAt: stats.oldest ? formatDateTime(stats.oldest) : null,
    buckets: stats.buckets,
  }
}

const HOUR_MS = 3_600_000
const DAY_MS = 24 * HOUR_MS

/** A wait in its largest whole unit ("113 days", "5 hours"): enough to work a list by, short enough for a table. */
export function shortDuration(milliseconds: number): string {
  const ms = Math.abs(milliseconds)
  const [count, unit] =
    ms >= DAY_MS
      ? [Math.floor(ms / DAY_MS), 'day']
      : ms >= HOUR_MS
        ? [Math.floor(ms / HOUR_MS), 'hour']
        : [Math.floor(ms / 60_000), 'minute']
  return `${formatNumber(count)} ${unit}${count === 1 ? '' : 's'}`
}

/** "IMU quality check" keeps its capitals; "Under investigation" reads "under investigation" mid-sentence. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? `${label[0]!.toLowerCase()}${label.slice(1)}` : label
}

export function itemView(item: QueueItem, queue: QueueDefinition, now: Date) {
  const deadline = item.deadline
  // On a 24-hour clock the hour matters; on a queue counted in days, the date is enough.
  const hourly = queue.deadline !== null && queue.deadline.hours <= 72
  return {
    ...item,
    recordHref: item.kind === 'crime' ? `/crimes/${item.id}` : `/incidents/${item.id}`,
    workHref: item.kind === 'crime' ? `/queues/${queue.key}/items/${item.id}` : `/incidents/${item.id}`,
    checkbox: `${item.id}:${item.version}`,
    entered: hourly ? formatDateTime(item.enteredAt) : formatDate(item.enteredAt),
    waited: shortDuration(now.getTime() - item.enteredAt.getTime()),
    deadlineText: deadline ? formatDateTime(deadline) : null,
    dueText: deadline
      ? item.overdue
        ? `Overdue ${shortDuration(now.getTime() - deadline.getTime())}`
        : `Due in ${shortDuration(deadline.getTime() - now.getTime())}`
      : null,
  }
}

/** The queue page's filter, sort and page-size controls, each with what is chosen now. */
function queueFilters(page: QueuePage, query: QueueQuery) {
  const { queue } = page
  const selected = (value: string | undefined, current: string | undefined) => value === current
  const age = page.filter.age === undefined ? undefined : String(page.filter.age)
  return {
    group: [
      { value: '', text: queue.source === 'crime' ? 'Any offence group' : 'Any category' },
      ...page.options.groups.map((g) => ({
        value: g.value,
        text: `${g.label} (${formatNumber(g.count)})`,
        selected: selected(g.value, page.filter.offenceGroup),
      })),
    ],
    unit: [
      { value: '', text: 'Any unit' },
      ...page.options.units.map((u) => ({
        value: u.value,
        text: u.label,
        selected: selected(u.value, page.filter.unitId),
      })),
    ],
    holder: [
      { value: '', text: 'Anyone' },
      { value: 'me', text: 'Allocated to me', selected: query.holder === 'me' },
      ...page.options.holders.map((h) => ({
        value: h.value,
        text: `${h.label} (${formatNumber(h.count)})`,
        selected: query.holder !== 'me' && selected(h.value, page.filter.holder),
      })),
    ],
    age: [
      { value: '', text: 'Any age' },
      ...queue.buckets.map((b, i) => ({ value: String(i), text: b.label, selected: selected(String(i), age) })),
      ...(queue.deadline ? [{ value: 'overdue', text: 'Past the deadline', selected: age === 'overdue' }] : []),
    ],
    flags: Object.entries(FLAGS).map(([value, text]) => ({
      value,
      text,
      checked: page.filter.flags.includes(value as keyof typeof FLAGS),
    })),
    sort: [
      ...(queue.deadline
        ? [{ value: 'deadline', text: 'Deadline, soonest first', selected: page.sort === 'deadline' }]
        : []),
      { value: 'newest', text: 'Newest first', selected: page.sort === 'newest' },
    ],
    size: PAGE_SIZES.map((size) => ({
      value: String(size),
      text: `${size} a page`,
      selected: size === page.pageSize,
    })),
  }
}

/** The queue page: its definition, counts, filters, rows, pages and the actions offered. */
export function queueView(page: QueuePage, query: QueueQuery) {
  const { queue, now } = page
  const base = `/queues/${queue.key}`
  const filterOnly: QueueQuery = { ...query, after: undefined, before: undefined }
  const stats = statsView(page.stats, now)
  const active =
    page.filter.offenceGroup !== undefined ||
    page.filter.unitId !== undefined ||
    page.filter.holder !== undefined ||
    page.filter.age !== undefined ||
    page.filter.flags.length > 0
  return {
    queue: {
      key: queue.key,
      label: queue.label,
      holds: queue.holds,
      source: queue.source,
      enteredLabel: queue.enteredLabel,
      holderLabel: queue.source === 'crime' ? queue.holderLabel : null,
      deadline: deadlineHours(queue),
      deadlineBasis: queue.deadline?.basis ?? null,
      byOfficer: queue.source === 'crime' && queue.byOfficer,
    },
    total: page.total,
    stats: {
      ...stats,
      buckets: stats.buckets.map((bucket, i) => ({
        ...bucket,
        href: hrefWith(base, filterOnly, { age: String(i) }),
      })),
    },
    overdueHref: queue.deadline ? hrefWith(base, filterOnly, { age: 'overdue' }) : null,
    filtersActive: active,
    clearHref: base,
    filters: queueFilters(page, query),
    rows: page.items.map((item) => itemView(item, queue, now)),
    pagination: {
      ...(page.previous ? { previous: { href: hrefWith(base, filterOnly, { before: page.previous }) } } : {}),
      ...(page.next ? { next: { href: hrefWith(base, filterOnly, { after: page.next }) } } : {}),
    },
    exportHref: hrefWith(`${base}/export.csv`, filterOnly, {}),
    back: hrefWith('', filterOnly, {}),
    actions: page.actions.map((action) => ({ value: action, text: QUEUE_ACTION_RULES[action].button })),
    officers: page.options.holders.map((h) => ({
      ...h,
      oldest: h.oldest ? formatDuration(now.getTime() - h.oldest.getTime()) : '',
      href: hrefWith(base, { ...filterOnly, holder: undefined }, { holder: h.value }),
    })),
  }
}

export function candidateView(candidate: Candidate) {
  const hours =
    candidate.availableHours === null
      ? 'No staff record'
      : `${formatNumber(candidate.availableHours)} of ${formatNumber(candidate.contractedHours)} hours`
  return {
    ...candidate,
    work:
      candidate.openWork.length === 0
        ? 'None'
        : candidate.openWork.map((w) => `${formatNumber(w.count)} ${inSentence(w.label)}`).join(', '),
    hours,
    absent:
      candidate.availableHours !== null &&
      candidate.contractedHours !== null &&
      candidate.availableHours < candidate.contractedHours,
  }
}

/** The form a bulk action asks for before it runs: the chosen items, and the reason, checklist or officer it needs. */
export function actionFormView(options: {
  queue: QueueDefinition
  action: QueueAction
  chosen: ReadonlyArray<QueueItem & { seenVersion: number }>
  allocation: { candidates: Candidate[]; units: ReadonlyArray<{ unitId: string; name: string }> } | undefined
  body: BulkForm
  checklist: ReadonlyArray<{ value: string; text: string }>
  now: Date
}) {
  const { queue, action, allocation, body } = options
  const unitChoices = (blank: string, chosen: string | undefined) => [
    { value: '', text: blank },
    ...(allocation?.units ?? []).map((unit) => ({
      value: unit.unitId,
      text: unit.name,
      selected: unit.unitId === chosen,
    })),
  ]
  return {
    queue: { key: queue.key, label: queue.label },
    action: { value: action, ...QUEUE_ACTION_RULES[action] },
    items: options.chosen.map((item) => ({
      ...itemView(item, queue, options.now),
      checkbox: `${item.id}:${item.seenVersion}`,
    })),
    back: body.back ?? '',
    values: body,
    checklistItems: options.checklist.map((check) => ({
      ...check,
      checked: asList(body.checklist).includes(check.value),
    })),
    candidates: allocation?.candidates.map(candidateView),
    candidateUnits: allocation ? unitChoices('Everyone who can hold crimes', body.candidateUnit) : undefined,
    unitItems: allocation ? unitChoices('No unit', body.assignedUnitId) : undefined,
  }
}

/** What a bulk action did, in a sentence: "CR/1/26 allocated", "3 crimes allocated". */
export function resultMessage(result: BulkResult): string {
  const done = QUEUE_ACTION_RULES[result.action].done
  return result.done.length === 1
    ? `${result.done[0]!.crimeReference} ${done}`
    : `${formatNumber(result.done.length)} crimes ${done}`
}

/** A crime in a queue, as the quality-check page shows it: the facts to decide on and the actions open now. */
export function crimeItemView(
  queue: QueueDefinition,
  { view, actions, inQueue }: Awaited<ReturnType<QueuesService['item']>>,
  checklist: ReadonlyArray<{ value: string; text: string }>,
) {
  const crime = view.crime
  const latestOutcome = view.outcomes.at(-1)
  const lastChange = view.statusChanges.at(-1)
  const roles = new Map<string, number>()
  for (const person of view.people) {
    roles.set(person.role, (roles.get(person.role) ?? 0) + 1)
  }
  return {
    queue: { key: queue.key, label: queue.label },
    inQueue,
    crime: {
      crimeId: crime.crimeId,
      reference: crime.crimeReference,
      version: crime.version,
      status: CRIME_STATUS_LABELS[crime.status as CrimeStatus] ?? crime.status,
      offence: `${view.offence.code} ${view.offence.label}`,
      group: view.offence.groupLabel ?? crime.offenceGroup,
      reported: formatDateTime(crime.reportedAt),
      recorded: formatDateTime(crime.recordedAt),
      recordedInTime: !view.clock.breached,
      officer: view.assignedUserName ?? 'Not allocated',
      flags: [
        ...(crime.domesticAbuse ? ['Domestic abuse'] : []),
        ...(crime.vulnerableVictim ? ['Vulnerable victim'] : []),
        ...(crime.hateCrime ? ['Hate crime'] : []),
      ],
      outcome:
        crime.outcomeType === null
          ? 'No outcome yet'
          : `${crime.outcomeType} – ${OUTCOME_TYPES[crime.outcomeType]?.label ?? 'unknown outcome type'}`,
      closingSummary: latestOutcome?.closingSummary ?? crime.closingSummary ?? '',
      people: [...roles.entries()]
        .map(([role, count]) => `${count} ${role.replaceAll('_', ' ')}${count === 1 ? '' : 's'}`)
        .join(', '),
      lastChange: lastChange
        ? {
            when: formatDateTime(lastChange.changedAt),
            who: lastChange.changedByName,
            reason: lastChange.reason,
          }
        : null,
      since: formatDate(crime.statusChangedAt),
    },
    actions: actions.map((action) => ({ value: action, ...QUEUE_ACTION_RULES[action] })),
    checklistItems: checklist.map((check) => ({ ...check, checked: false })),
    recordHref: `/crimes/${crime.crimeId}`,
  }
}

/** The supervisor's dashboard: each queue against a week ago, the charts (already drawn) and the alert threshold. */
export function dashboardView(data: DashboardData, charts: readonly string[]) {
  const now = data.now
  return {
    asAt: formatDateTime(now),
    alert: data.awaitingFiling.alert,
    queues: data.queues.map((q) => ({
      key: q.queue.key,
      label: q.queue.label,
      work: q.queue.work,
      ...statsView(q, now),
      weekAgo: q.weekAgo,
      change:
        q.weekAgo === null
          ? null
          : q.count === q.weekAgo
            ? 'No change'
            : `${q.count > q.weekAgo ? 'Up' : 'Down'} ${formatNumber(Math.abs(q.count - q.weekAgo))}`,
      rising: q.weekAgo !== null && q.count > q.weekAgo,
    })),
    charts: {
      awaitingFiling: charts[0],
      ageing: charts[1],
      trend: charts[2],
      compliance: charts[3],
      holders: charts[4],
    },
    threshold: data.threshold,
    thresholdValue: String(data.threshold.value),
    thresholdUpdated: data.threshold.updatedAt
      ? `Set by ${data.threshold.updatedByName} on ${formatDateTime(data.threshold.updatedAt)}`
      : 'Tally’s default: the force has not set its own yet',
    snapshotsFrom: data.snapshotsFrom ? formatDate(`${data.snapshotsFrom}T12:00:00Z`) : null,
  }
}
