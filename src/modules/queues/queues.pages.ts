import { Readable } from 'node:stream'
import { stringify } from 'csv-stringify/sync'
import type { FastifyReply } from 'fastify'
import type { Actor } from '../../platform/auth/actor.ts'
import { NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { asList, submitForm } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { renderChart } from '../../platform/views/charts.ts'
import { formatDate, formatDateTime, formatDuration, formatNumber } from '../../platform/views/format.ts'
import { CRIME_STATUS_LABELS, OUTCOME_TYPES, type CrimeStatus } from '../crimes/index.ts'
import { ageingChart, awaitingFilingChart, complianceChart, holdersChart, trendChart } from './queues.charts.ts'
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
import { BulkForm, ItemParams, QueueExportQuery, QueueParams, QueueQuery, ThresholdForm } from './queues.schemas.ts'
import { justificationItems, type JustificationGiven } from '../disclosures/index.ts'
import type {
  BulkResult,
  Candidate,
  ChosenItem,
  QueueItem,
  QueuePage,
  QueuePageRequest,
  QueueStats,
  QueuesService,
} from './queues.service.ts'
import type { QueuesServices } from './queues.services.ts'
import type { QueueDashboard } from './queues.dashboard.ts'

// ---------------------------------------------------------------------------------------------------------------
// Reading the page's address and forms

function queueFrom(key: string): QueueDefinition {
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
function hrefWith(
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
function backQuery(back: string | undefined): QueueQuery {
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

function deadlineHours(queue: QueueDefinition): string {
  if (!queue.deadline) {
    return 'No deadline'
  }
  const hours = queue.deadline.hours
  return hours % 24 === 0 ? `${hours / 24} day${hours === 24 ? '' : 's'}` : `${hours} hours`
}

function statsView(stats: QueueStats, now: Date) {
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

function itemView(item: QueueItem, queue: QueueDefinition, now: Date) {
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

function queueView(page: QueuePage, query: QueueQuery) {
  const { queue, now } = page
  const base = `/queues/${queue.key}`
  const filterOnly: QueueQuery = { ...query, after: undefined, before: undefined }
  const selected = (value: string | undefined, current: string | undefined) => value === current
  const age = page.filter.age === undefined ? undefined : String(page.filter.age)
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
    filters: {
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
    },
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

function candidateView(candidate: Candidate) {
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

// ---------------------------------------------------------------------------------------------------------------
// CSV

const CSV_HEAD = [
  'Reference',
  'Queue',
  'Status',
  'Offence or category',
  'Group',
  'In queue since',
  'Deadline',
  'Overdue',
  'Allocated to',
  'Unit',
  'Domestic abuse',
  'Vulnerable victim',
  'Hate crime',
  'Outcome type',
  'Reported',
  'Recorded',
  'Recorded within 24 hours',
]

/** A spreadsheet must never run a cell as a formula (CSV injection). */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

export function csvRows(queue: QueueDefinition, items: readonly QueueItem[]): string[][] {
  const yes = (value: boolean) => (value ? 'Yes' : 'No')
  return items.map((item) =>
    [
      item.reference,
      queue.label,
      item.status,
      item.what,
      item.group,
      item.enteredAt.toISOString(),
      item.deadline?.toISOString() ?? '',
      yes(item.overdue),
      item.holderName ?? '',
      item.unitName ?? '',
      yes(item.flags.includes('Domestic abuse')),
      yes(item.flags.includes('Vulnerable victim')),
      yes(item.flags.includes('Hate crime')),
      item.outcomeType === null ? '' : String(item.outcomeType),
      item.reportedAt.toISOString(),
      item.recordedAt?.toISOString() ?? '',
      item.recordedLate === null ? '' : yes(!item.recordedLate),
    ].map(cell),
  )
}

/** The queue as CSV text, the export asked for (the justification is checked and kept by exportRows). */
export async function* csvText(
  queues: QueuesService,
  actor: Actor,
  queue: QueueDefinition,
  given: JustificationGiven,
  request: QueuePageRequest,
) {
  yield stringify([CSV_HEAD])
  for await (const batch of queues.exportRows(actor, queue.key, given, request)) {
    yield stringify(csvRows(queue, batch))
  }
}

// ---------------------------------------------------------------------------------------------------------------

/**
 * The IMU's work queues (queues.view to read, queues.work to act) and the supervisor's dashboard
 * (dashboard.view; the threshold needs queues.manage). Mounted at the root: /queues…, /dashboard.
 */
/** Victims' Code care for the quality check and the dashboard (the victims module; optional so tests may omit it). */
export interface QueueVictimCare {
  compliance(
    actor: Actor,
    crimeId: string,
  ): Promise<
    { careId: string; open: number; overdue: number; onTime: number; late: number; compliant: boolean } | undefined
  >
  counts(actor: Actor): Promise<{ total: { open: number; overdue: number; dueToday: number } }>
}

export function queuesPages(services: QueuesServices, victimCare?: QueueVictimCare) {
  const { queues, queueActions, queueAllocation, queueDashboard } = services
  async function renderQueue(
    reply: FastifyReply,
    actor: Actor,
    queue: QueueDefinition,
    query: QueueQuery,
    extra: Record<string, unknown> = {},
  ) {
    const page = await queues.queuePage(actor, queue.key, pageRequest(query))
    return reply.render('queues/views/queue.njk', { ...queueView(page, query), ...extra })
  }

  async function renderActionForm(
    reply: FastifyReply,
    actor: Actor,
    queue: QueueDefinition,
    action: QueueAction,
    body: BulkForm,
    extra: Record<string, unknown> = {},
  ) {
    const items = parseItems(body.items)
    const chosen = await queues.chosen(actor, queue.key, items)
    const rule = QUEUE_ACTION_RULES[action]
    const allocation =
      rule.input === 'assignment'
        ? await queueAllocation.allocation(actor, { unitId: body.candidateUnit || undefined })
        : undefined
    return reply.render('queues/views/action.njk', {
      queue: { key: queue.key, label: queue.label },
      action: { value: action, ...rule },
      items: chosen.map((item) => ({
        ...itemView(item, queue, queues.now()),
        checkbox: `${item.id}:${item.seenVersion}`,
      })),
      back: body.back ?? '',
      values: body,
      checklistItems: queues.filingChecklist().map((check) => ({
        ...check,
        checked: asList(body.checklist).includes(check.value),
      })),
      candidates: allocation?.candidates.map(candidateView),
      candidateUnits: allocation
        ? [
            { value: '', text: 'Everyone who can hold crimes' },
            ...allocation.units.map((unit) => ({
              value: unit.unitId,
              text: unit.name,
              selected: unit.unitId === body.candidateUnit,
            })),
          ]
        : undefined,
      unitItems: allocation
        ? [
            { value: '', text: 'No unit' },
            ...allocation.units.map((unit) => ({
              value: unit.unitId,
              text: unit.name,
              selected: unit.unitId === body.assignedUnitId,
            })),
          ]
        : undefined,
      ...extra,
    })
  }

  function resultMessage(result: BulkResult): string {
    const done = QUEUE_ACTION_RULES[result.action].done
    return result.done.length === 1
      ? `${result.done[0]!.crimeReference} ${done}`
      : `${formatNumber(result.done.length)} crimes ${done}`
  }

  async function renderResult(reply: FastifyReply, queue: QueueDefinition, result: BulkResult, back: string) {
    return reply.status(result.done.length === 0 ? 409 : 200).render('queues/views/result.njk', {
      queue: { key: queue.key, label: queue.label },
      doneMessage: result.done.length > 0 ? resultMessage(result) : null,
      done: result.done,
      notDone: result.notDone,
      conflicts: result.notDone.filter((item) => item.conflict).length,
      backHref: `/queues/${queue.key}${back}`,
    })
  }

  return routes((app) => {
    app.get('/queues', { config: { permission: 'queues.view' } }, async (request, reply) => {
      const summaries = await queues.overview(request.actor)
      const now = queues.now()
      return reply.render('queues/views/overview.njk', {
        queues: summaries.map((summary) => ({
          key: summary.queue.key,
          label: summary.queue.label,
          holds: summary.queue.holds,
          work: summary.queue.work,
          deadline: deadlineHours(summary.queue),
          ...statsView(summary, now),
        })),
      })
    })

    app.get(
      '/queues/:queue',
      { config: { permission: 'queues.view' }, schema: { params: QueueParams, querystring: QueueQuery } },
      async (request, reply) => renderQueue(reply, request.actor, queueFrom(request.params.queue), request.query),
    )

    // Rule 20: the export is a disclosure, so the page asks why first (a GET form back to this address, like the
    // question before a restricted crime), and the reason is kept with the export in the audit trail.
    app.get(
      '/queues/:queue/export.csv',
      { config: { permission: 'queues.view' }, schema: { params: QueueParams, querystring: QueueExportQuery } },
      async (request, reply) => {
        const queue = queueFrom(request.params.queue)
        const { justification, justificationText, ...query } = request.query
        const given = { justification, justificationText }
        const pageRequested = pageRequest({ ...query, after: undefined, before: undefined })
        // Checked before the download starts, so a bad filter is an error page, not half a file.
        await queues.queuePage(request.actor, queue.key, { ...pageRequested, pageSize: 25 })
        const asked = justification !== undefined || justificationText !== undefined
        const checked = await submitForm(() => queues.exportJustification(request.actor, given))
        if (!checked.ok) {
          const list = await queues.exportJustificationList(request.actor)
          return reply.status(asked ? 400 : 200).render('queues/views/export.njk', {
            queue: { key: queue.key, label: queue.label },
            hidden: Object.entries(query).flatMap(([name, value]) =>
              name === 'after' || name === 'before' ? [] : asList(value).map((item) => ({ name, value: item })),
            ),
            items: justificationItems(list, given),
            justificationText: justificationText ?? '',
            ...(asked ? { errors: checked.errors, fieldErrors: checked.fieldErrors } : { fieldErrors: {} }),
          })
        }
        const day = queues.today()
        return reply
          .header('content-type', 'text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${queue.key}-${day}.csv"`)
          .header('cache-control', 'no-store')
          .send(Readable.from(csvText(queues, request.actor, queue, given, pageRequested)))
      },
    )

    app.post(
      '/queues/:queue/bulk',
      { config: { permission: 'queues.work' }, schema: { params: QueueParams, body: BulkForm } },
      async (request, reply) => {
        const queue = queueFrom(request.params.queue)
        const body = request.body
        const action = body.action ?? ''
        const items = parseItems(body.items)
        const query = backQuery(body.back)
        if (items.length === 0) {
          return renderQueue(reply.status(400), request.actor, queue, query, {
            errors: [{ text: 'Select at least one crime', href: '#items' }],
          })
        }
        if (queue.source !== 'crime' || !(queue.actions as readonly string[]).includes(action)) {
          throw ValidationFailed.of('action', 'Choose one of the actions this queue offers')
        }
        const chosenAction = action as QueueAction
        if (QUEUE_ACTION_RULES[chosenAction].input !== 'none') {
          return renderActionForm(reply, request.actor, queue, chosenAction, body)
        }
        const result = await submitForm(() => queueActions.bulkAct(request.actor, queue.key, chosenAction, items))
        if (!result.ok) {
          return renderQueue(reply.status(400), request.actor, queue, query, { errors: result.errors })
        }
        if (result.value.notDone.length > 0) {
          return renderResult(reply, queue, result.value, hrefWith('', query, {}))
        }
        return reply.flash(resultMessage(result.value)).redirect(hrefWith(`/queues/${queue.key}`, query, {}), 303)
      },
    )

    app.post(
      '/queues/:queue/bulk/apply',
      { config: { permission: 'queues.work' }, schema: { params: QueueParams, body: BulkForm } },
      async (request, reply) => {
        const queue = queueFrom(request.params.queue)
        const body = request.body
        const action = body.action ?? ''
        if (queue.source !== 'crime' || !(queue.actions as readonly string[]).includes(action)) {
          throw ValidationFailed.of('action', 'Choose one of the actions this queue offers')
        }
        const chosenAction = action as QueueAction
        const query = backQuery(body.back)
        const result = await submitForm(() =>
          queueActions.bulkAct(request.actor, queue.key, chosenAction, parseItems(body.items), {
            reason: body.reason,
            assignedUserId: body.assignedUserId,
            assignedUnitId: body.assignedUnitId,
            checklist: asList(body.checklist),
          }),
        )
        if (!result.ok) {
          return renderActionForm(reply.status(400), request.actor, queue, chosenAction, body, {
            errors: result.errors,
            fieldErrors: result.fieldErrors,
          })
        }
        if (result.value.notDone.length > 0) {
          return renderResult(reply, queue, result.value, hrefWith('', query, {}))
        }
        return reply.flash(resultMessage(result.value)).redirect(hrefWith(`/queues/${queue.key}`, query, {}), 303)
      },
    )

    app.get(
      '/queues/:queue/items/:crimeId',
      { config: { permission: 'queues.view' }, schema: { params: ItemParams } },
      async (request, reply) => {
        const queue = queueFrom(request.params.queue)
        return reply.render('queues/views/item.njk', {
          ...(await itemModel(queues, request.actor, queue, request.params.crimeId)),
          victimsCode: await victimCare?.compliance(request.actor, request.params.crimeId),
        })
      },
    )

    app.get(
      '/queues/:queue/items/:crimeId/allocate',
      {
        config: { permission: 'queues.work' },
        schema: { params: ItemParams, querystring: QueueQuery },
      },
      async (request, reply) => {
        const queue = queueFrom(request.params.queue)
        const { view, actions } = await queues.item(request.actor, queue.key, request.params.crimeId)
        if (!actions.includes('allocate')) {
          throw ValidationFailed.of('action', 'This crime cannot be allocated from this queue now')
        }
        return renderActionForm(reply, request.actor, queue, 'allocate', {
          items: `${view.crime.crimeId}:${view.crime.version}`,
          action: 'allocate',
          back: '',
          ...(request.query.unit ? { candidateUnit: request.query.unit } : {}),
        })
      },
    )

    app.post(
      '/queues/:queue/items/:crimeId',
      { config: { permission: 'queues.work' }, schema: { params: ItemParams, body: BulkForm } },
      async (request, reply) => {
        const queue = queueFrom(request.params.queue)
        const body = request.body
        const action = body.action ?? ''
        if (queue.source !== 'crime' || !(queue.actions as readonly string[]).includes(action)) {
          throw ValidationFailed.of('action', 'Choose one of the actions this queue offers')
        }
        const [item] = parseItems(body.items)
        const result = await submitForm(() =>
          queueActions.actOn(
            request.actor,
            queue.key,
            request.params.crimeId,
            action as QueueAction,
            item?.expectedVersion ?? 0,
            {
              reason: body.reason,
              checklist: asList(body.checklist),
            },
          ),
        )
        if (!result.ok) {
          const model = await itemModel(queues, request.actor, queue, request.params.crimeId)
          return reply.status(400).render('queues/views/item.njk', {
            ...model,
            victimsCode: await victimCare?.compliance(request.actor, request.params.crimeId),
            ...result,
            values: body,
            checklistItems: model.checklistItems.map((check) => ({
              ...check,
              checked: asList(body.checklist).includes(check.value),
            })),
          })
        }
        return reply
          .flash(`${result.value.crimeReference} ${QUEUE_ACTION_RULES[action as QueueAction].done}`)
          .redirect(`/queues/${queue.key}`, 303)
      },
    )

    app.get('/dashboard', { config: { permission: 'dashboard.view' } }, async (request, reply) =>
      reply.render('queues/views/dashboard.njk', {
        ...(await dashboardModel(queueDashboard, request.actor)),
        victimCare: await victimCare?.counts(request.actor),
      }),
    )

    app.post(
      '/dashboard/threshold',
      { config: { permission: 'queues.manage' }, schema: { body: ThresholdForm } },
      async (request, reply) => {
        const result = await submitForm(() =>
          queueDashboard.setThreshold(request.actor, {
            threshold: request.body.threshold,
            expectedVersion: Number.parseInt(request.body.version ?? '', 10) || 0,
          }),
        )
        if (!result.ok) {
          return reply.status(400).render('queues/views/dashboard.njk', {
            ...(await dashboardModel(queueDashboard, request.actor)),
            victimCare: await victimCare?.counts(request.actor),
            ...result,
            thresholdValue: request.body.threshold,
          })
        }
        return reply
          .flash(`Awaiting-filing alert threshold set to ${formatNumber(result.value.value)}`)
          .redirect('/dashboard', 303)
      },
    )
  })
}

async function itemModel(queues: QueuesService, actor: Actor, queue: QueueDefinition, crimeId: string) {
  const { view, actions, inQueue } = await queues.item(actor, queue.key, crimeId)
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
    checklistItems: queues.filingChecklist().map((check) => ({ ...check, checked: false })),
    recordHref: `/crimes/${crime.crimeId}`,
  }
}

async function dashboardModel(queueDashboard: QueueDashboard, actor: Actor) {
  const data = await queueDashboard.dashboard(actor)
  const now = data.now
  const charts = await Promise.all([
    renderChart(awaitingFilingChart(data.trend, data.threshold.value)),
    renderChart(ageingChart(data.awaitingFiling.buckets)),
    renderChart(trendChart(data.trend)),
    renderChart(complianceChart(data.recording)),
    renderChart(holdersChart(data.holders)),
  ])
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
