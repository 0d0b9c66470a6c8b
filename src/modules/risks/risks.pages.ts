import type { Actor } from '../../platform/auth/actor.ts'
import { handleForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime, plural } from '../../platform/views/format.ts'
import { ESCALATED_NOTICE, RAISED_NOTICE } from './risks.changes.ts'
import { INDICATOR_DEFINITIONS } from './risks.indicators.ts'
import type { RiskChangeRow } from './risks.repository.ts'
import {
  IMPACT_LABELS,
  LIKELIHOOD_LABELS,
  RISK_RATING_LABELS,
  RISK_STATUS_LABELS,
  RISK_STATUSES,
  triggerKindsFor,
  type IndicatorUnit,
} from './risks.rules.ts'
import {
  LinkForm,
  LinkParams,
  ListQuery,
  NotificationParams,
  RiskForm,
  RiskParams,
  WatchForm,
  WatchParams,
} from './risks.schemas.ts'
import { checkActor, type LastCheck, type RiskView, type RisksService, type WatchView } from './risks.service.ts'

const RATING_TAGS = {
  low: 'govuk-tag--green',
  medium: 'govuk-tag--yellow',
  high: 'govuk-tag--orange',
  'very-high': 'govuk-tag--red',
}
const CHANGE_LABELS: Record<RiskChangeRow['kind'], string> = {
  created: 'Risk recorded',
  updated: 'Risk changed',
  raised: 'Raised automatically by Tally',
  escalated: 'Escalated automatically by Tally',
  indicator_cleared: 'Indicator back within its trigger',
  indicator_linked: 'Indicator linked',
  indicator_unlinked: 'Indicator unlinked',
}
const FIELD_LABELS: Record<string, string> = {
  title: 'Title',
  description: 'Description',
  ownerUserId: 'Owner',
  likelihood: 'Likelihood',
  impact: 'Impact',
  mitigations: 'Mitigations',
  status: 'Status',
  reviewDate: 'Review date',
}
const TRIGGER_LABELS = { above: 'Above a number', below: 'Below a number', 'within-weeks': 'A date within some weeks' }
/** A watch form's inputs are one set per card, so each id ends with the watch's link id (`threshold-<linkId>`). */
const WATCH_INPUT_IDS: Record<string, string> = {
  kind: 'kind',
  threshold: 'threshold',
  weeks: 'weeks',
  ownerUserId: 'owner',
  active: 'active',
}

/**
 * The latest check as the register says it: when, who asked, what it found, and what it could not read. Notices
 * stay until read, so beside a check that raised fewer than the notices shown, it says the rest are from earlier
 * checks (the line and the notices never contradict each other).
 */
export function lastCheckModel(
  check: LastCheck | undefined,
  today: string,
  notices: ReadonlyArray<{ message: string }> = [],
) {
  if (check === undefined) {
    return undefined
  }
  const count = (prefix: string) => notices.filter((n) => n.message.startsWith(prefix)).length
  const earlier =
    Math.max(0, count(RAISED_NOTICE) - check.raised) + Math.max(0, count(ESCALATED_NOTICE) - check.escalated)
  return {
    when: formatDateTime(check.checkedAt),
    timestamp: check.checkedAt.toISOString(),
    by: check.requestedBy,
    beforeToday: check.checkedFor < today,
    found:
      `${plural(check.checked, 'watched indicator', 'watched indicators')} checked: ` +
      `${plural(check.raised, 'risk', 'risks')} raised, ${check.escalated} escalated, ` +
      `${check.cleared} back within ${check.cleared === 1 ? 'its trigger' : 'their triggers'}.` +
      (earlier === 0
        ? ''
        : ` ${earlier === 1 ? 'The notice above is from an earlier check' : `${earlier} of the notices above are from earlier checks`}.`),
    unreadable: check.unreadable.join(', '),
  }
}

/** What a check asked for by hand found, for the banner: "1 risk raised and 2 risks escalated". */
export function checkMessage(result: { checked: number; raised: readonly unknown[]; escalated: readonly unknown[] }) {
  const found = [
    ...(result.raised.length > 0 ? [`${plural(result.raised.length, 'risk')} raised`] : []),
    ...(result.escalated.length > 0 ? [`${plural(result.escalated.length, 'risk')} escalated`] : []),
  ]
  return found.length === 0
    ? `Indicators checked (${result.checked}): nothing new crossed its trigger`
    : `Indicators checked: ${found.join(' and ')}`
}

/** A watch form's errors re-keyed to that card's inputs, so each summary link lands on the input it names. */
function watchFormErrors(form: FormErrors, linkId: string): FormErrors {
  const inputId = (field: string) => `${WATCH_INPUT_IDS[field] ?? field}-${linkId}`
  return {
    errors: form.errors.map((error) => ({ ...error, href: `#${inputId(error.href.slice(1))}` })),
    fieldErrors: Object.fromEntries(Object.entries(form.fieldErrors).map(([field, e]) => [inputId(field), e])),
  }
}

function dateFromParts(body: Record<string, string | undefined>, name: string): string {
  const [day, month, year] = ['day', 'month', 'year'].map((part) => body[`${name}-${part}`]?.trim() ?? '')
  if (!day && !month && !year) {
    return ''
  }
  return `${year!.padStart(4, '0')}-${month!.padStart(2, '0')}-${day!.padStart(2, '0')}`
}

function riskRow(risk: RiskView) {
  return {
    ...risk,
    ratingText: RISK_RATING_LABELS[risk.rating],
    ratingClass: RATING_TAGS[risk.rating],
    statusText: RISK_STATUS_LABELS[risk.status],
    reviewDateText: formatDate(risk.reviewDate),
  }
}

function scaleItems(labels: readonly string[], chosen: string | number | undefined) {
  return labels.map((label, i) => ({
    value: String(i + 1),
    text: `${i + 1} – ${label}`,
    checked: String(chosen) === String(i + 1),
  }))
}

/** Any change's fields as readable lines ("Likelihood: 3 → 4"). */
function changeLines(changes: Record<string, { before: unknown; after: unknown }>, names: Map<string, string>) {
  const show = (field: string, value: unknown) => {
    if (value === null || value === undefined || value === '') {
      return '(none)'
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value)
    if (field === 'ownerUserId') {
      return names.get(text) ?? 'another user'
    }
    if (field === 'reviewDate') {
      return formatDate(text)
    }
    if (field === 'status') {
      return RISK_STATUS_LABELS[text as keyof typeof RISK_STATUS_LABELS] ?? text
    }
    return text
  }
  return Object.entries(changes).map(([field, change]) => {
    const label = FIELD_LABELS[field] ?? field
    return change.before === null
      ? `${label}: ${show(field, change.after)}`
      : `${label}: ${show(field, change.before)} → ${show(field, change.after)}`
  })
}

async function formModel(risks: RisksService, actor: Actor, values: Record<string, unknown>) {
  const owners = await risks.possibleOwners(actor)
  return {
    values,
    ownerItems: [
      { value: '', text: 'Choose an owner' },
      ...owners.map((o) => ({ value: o.userId, text: o.displayName, selected: o.userId === values.ownerUserId })),
    ],
    likelihoodItems: scaleItems(LIKELIHOOD_LABELS, values.likelihood as string),
    impactItems: scaleItems(IMPACT_LABELS, values.impact as string),
    statusItems: RISK_STATUSES.map((status) => ({
      value: status,
      text: RISK_STATUS_LABELS[status],
      checked: (values.status ?? 'open') === status,
    })),
  }
}

function formValues(body: RiskForm) {
  return {
    title: body.title,
    description: body.description,
    ownerUserId: body.ownerUserId,
    likelihood: body.likelihood,
    impact: body.impact,
    mitigations: body.mitigations,
    status: body.status,
    reviewDate: dateFromParts(body, 'reviewDate'),
    'reviewDate-day': body['reviewDate-day'],
    'reviewDate-month': body['reviewDate-month'],
    'reviewDate-year': body['reviewDate-year'],
    reason: body.reason,
  }
}

function indicatorItems(risks: RisksService) {
  return risks.indicators.list().map((indicator) => ({ value: indicator.key, text: indicator.label }))
}

async function showModel(risks: RisksService, actor: Actor, riskId: string) {
  const [detail, owners] = await Promise.all([risks.get(actor, riskId), risks.possibleOwners(actor)])
  const names = new Map(owners.map((o) => [o.userId, o.displayName]))
  return {
    risk: riskRow(detail.risk),
    likelihoodText: LIKELIHOOD_LABELS[detail.risk.likelihood - 1],
    impactText: IMPACT_LABELS[detail.risk.impact - 1],
    watches: detail.watches,
    history: detail.history.map((change) => ({
      label: CHANGE_LABELS[change.kind],
      when: formatDateTime(change.changedAt),
      timestamp: change.changedAt.toISOString(),
      by: change.actorName,
      lines: changeLines(change.changes, names),
      reason: change.reason,
    })),
    notifications: detail.notifications.map((n) => ({ ...n, when: formatDateTime(n.createdAt) })),
    indicatorItems: [{ value: '', text: 'Choose an indicator' }, ...indicatorItems(risks)],
    kindItems: Object.entries(TRIGGER_LABELS).map(([value, text]) => ({ value, text })),
  }
}

/** What one watch's form shows: what is stored, or for the card just posted with a mistake, what was posted. */
function watchFormValues(w: WatchView, posted: WatchForm | undefined) {
  if (posted === undefined) {
    return {
      kind: w.trigger.kind as string,
      threshold: w.trigger.kind === 'within-weeks' ? '' : String(w.trigger.threshold),
      weeks: w.trigger.kind === 'within-weeks' ? String(w.trigger.weeks) : '',
      ownerUserId: w.ownerUserId ?? '',
      active: w.active,
      version: String(w.version),
    }
  }
  return {
    kind: posted.kind,
    threshold: posted.threshold ?? '',
    weeks: posted.weeks ?? '',
    ownerUserId: posted.ownerUserId ?? '',
    active: posted.active === 'yes',
    version: posted.expectedVersion,
  }
}

async function indicatorsModel(risks: RisksService, actor: Actor, posted?: { linkId: string; body: WatchForm }) {
  const [watches, owners, lastCheck] = await Promise.all([
    risks.watches(actor),
    risks.possibleOwners(actor),
    risks.lastCheck(actor),
  ])
  return {
    lastCheck: lastCheckModel(lastCheck, risks.today()),
    watches: watches.map((w) => {
      const values = watchFormValues(w, posted?.linkId === w.linkId ? posted.body : undefined)
      return {
        ...w,
        lastCheckedText: w.lastCheckedOn ? formatDate(w.lastCheckedOn) : 'Not yet',
        kindItems: triggerKindsFor(w.unit as IndicatorUnit).map((kind) => ({
          value: kind,
          text: TRIGGER_LABELS[kind],
          selected: kind === values.kind,
        })),
        thresholdValue: values.threshold,
        weeksValue: values.weeks,
        activeChecked: values.active,
        formVersion: values.version,
        ownerItems: [
          { value: '', text: 'The first IMU supervisor' },
          ...owners.map((o) => ({ value: o.userId, text: o.displayName, selected: o.userId === values.ownerUserId })),
        ],
      }
    }),
    known: Object.entries(INDICATOR_DEFINITIONS).map(([key, d]) => ({
      key,
      label: d.label,
      registered: risks.indicators.has(key),
    })),
  }
}

/**
 * The crime-data-integrity risk register (risks.view to read, risks.manage to change). Pages only read: the
 * watched indicators are checked by the daily timer, `tally risks check` and "Check indicators now" (POST
 * /risks/check, risks.manage), and the register says when the last check ran and what it found. Mounted at
 * /risks.
 */
export function risksPages(risks: RisksService) {
  return routes((app) => {
    registerRoutes(app, risks)
    indicatorRoutes(app, risks)
    newRiskRoutes(app, risks)
    riskRoutes(app, risks)
    riskIndicatorRoutes(app, risks)
  })
}

function registerRoutes(app: Router, risks: RisksService) {
  app.get('/', { config: { permission: 'risks.view' }, schema: { querystring: ListQuery } }, async (request, reply) => {
    const includeClosed = request.query.closed === 'yes'
    const [list, notifications, lastCheck] = await Promise.all([
      risks.list(request.actor, { includeClosed }),
      risks.notificationsFor(request.actor),
      risks.lastCheck(request.actor),
    ])
    return reply.render('risks/views/list.njk', {
      risks: list.map(riskRow),
      notifications: notifications.map((n) => ({ ...n, when: formatDateTime(n.createdAt) })),
      includeClosed,
      lastCheck: lastCheckModel(lastCheck, risks.today(), notifications),
    })
  })

  app.post('/check', { config: { permission: 'risks.manage' } }, async (request, reply) => {
    const result = await risks.evaluateIndicators(checkActor(request.actor), risks.today())
    return reply.flash(checkMessage(result)).redirect('/risks', 303)
  })

  app.post(
    '/notifications/:notificationId/read',
    { config: { permission: 'risks.view' }, schema: { params: NotificationParams } },
    async (request, reply) => {
      await risks.markNotificationRead(request.actor, request.params.notificationId)
      return reply.redirect('/risks', 303)
    },
  )
}

function indicatorRoutes(app: Router, risks: RisksService) {
  app.get('/indicators', { config: { permission: 'risks.view' } }, async (request, reply) =>
    reply.render('risks/views/indicators.njk', await indicatorsModel(risks, request.actor)),
  )

  app.post(
    '/indicators/:linkId',
    { config: { permission: 'risks.manage' }, schema: { params: WatchParams, body: WatchForm } },
    async (request, reply) => {
      const { linkId } = request.params
      return handleForm(reply, {
        submit: () =>
          risks.updateWatch(request.actor, linkId, {
            kind: request.body.kind,
            threshold: request.body.threshold,
            weeks: request.body.weeks,
            active: request.body.active === 'yes',
            ownerUserId: request.body.ownerUserId,
            expectedVersion: Number(request.body.expectedVersion),
          }),
        invalid: async (errors) => ({
          template: 'risks/views/indicators.njk',
          model: {
            ...(await indicatorsModel(risks, request.actor, { linkId, body: request.body })),
            ...watchFormErrors(errors, linkId),
          },
        }),
        done: () => ({ flash: 'Watched indicator saved', redirect: '/risks/indicators' }),
      })
    },
  )
}

function newRiskRoutes(app: Router, risks: RisksService) {
  app.get('/new', { config: { permission: 'risks.manage' } }, async (request, reply) =>
    reply.render('risks/views/edit.njk', {
      ...(await formModel(risks, request.actor, { status: 'open' })),
      creating: true,
    }),
  )

  app.post('/new', { config: { permission: 'risks.manage' }, schema: { body: RiskForm } }, async (request, reply) => {
    const values = formValues(request.body)
    return handleForm(reply, {
      submit: () => risks.create(request.actor, values),
      dateFields: ['reviewDate'],
      invalid: async () => ({
        template: 'risks/views/edit.njk',
        model: { ...(await formModel(risks, request.actor, values)), creating: true },
      }),
      done: (risk) => ({ flash: `Risk recorded: ${values.title.trim()}`, redirect: `/risks/${risk.riskId}` }),
    })
  })
}

function riskRoutes(app: Router, risks: RisksService) {
  app.get(
    '/:riskId',
    { config: { permission: 'risks.view' }, schema: { params: RiskParams } },
    async (request, reply) =>
      reply.render('risks/views/show.njk', await showModel(risks, request.actor, request.params.riskId)),
  )

  app.get(
    '/:riskId/edit',
    { config: { permission: 'risks.manage' }, schema: { params: RiskParams } },
    async (request, reply) => {
      const { risk } = await risks.get(request.actor, request.params.riskId)
      const [year, month, day] = risk.reviewDate.split('-')
      return reply.render('risks/views/edit.njk', {
        ...(await formModel(risks, request.actor, {
          ...risk,
          likelihood: String(risk.likelihood),
          impact: String(risk.impact),
          'reviewDate-day': String(Number(day)),
          'reviewDate-month': String(Number(month)),
          'reviewDate-year': year,
        })),
        risk,
        expectedVersion: risk.version,
      })
    },
  )

  app.post(
    '/:riskId/edit',
    { config: { permission: 'risks.manage' }, schema: { params: RiskParams, body: RiskForm } },
    async (request, reply) => {
      const values = formValues(request.body)
      const expectedVersion = Number(request.body.expectedVersion)
      return handleForm(reply, {
        submit: () => risks.update(request.actor, request.params.riskId, { ...values, expectedVersion }),
        dateFields: ['reviewDate'],
        invalid: async () => {
          const { risk } = await risks.get(request.actor, request.params.riskId)
          return {
            template: 'risks/views/edit.njk',
            model: { ...(await formModel(risks, request.actor, values)), risk, expectedVersion },
          }
        },
        done: () => ({ flash: 'Risk saved', redirect: `/risks/${request.params.riskId}` }),
      })
    },
  )
}

function riskIndicatorRoutes(app: Router, risks: RisksService) {
  app.post(
    '/:riskId/indicators',
    { config: { permission: 'risks.manage' }, schema: { params: RiskParams, body: LinkForm } },
    async (request, reply) => {
      return handleForm(reply, {
        submit: () => risks.linkIndicator(request.actor, request.params.riskId, request.body),
        invalid: async () => ({
          template: 'risks/views/show.njk',
          model: { ...(await showModel(risks, request.actor, request.params.riskId)), linkValues: request.body },
        }),
        done: () => ({ flash: 'Indicator linked', redirect: `/risks/${request.params.riskId}` }),
      })
    },
  )

  app.post(
    '/:riskId/indicators/:linkId/remove',
    { config: { permission: 'risks.manage' }, schema: { params: LinkParams } },
    async (request, reply) => {
      await risks.unlinkIndicator(request.actor, request.params.riskId, request.params.linkId)
      return reply.flash('Indicator unlinked').redirect(`/risks/${request.params.riskId}`, 303)
    },
  )
}
