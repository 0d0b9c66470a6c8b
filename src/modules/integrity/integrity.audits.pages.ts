import { asList, handleForm } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime, formatNumber } from '../../platform/views/format.ts'
import { CHANNELS, INCIDENT_CATEGORIES } from '../incidents/index.ts'
import type { AuditsService, AuditView } from './integrity.audits.ts'
import { POPULATIONS, QUESTIONS, QUESTION_KEYS, type Answers } from './integrity.audits.rules.ts'
import { AuditItemParams, AuditParams } from './integrity.schemas.ts'
import { describeInterval, type Interval } from './integrity.statistics.ts'
import { Type } from 'typebox'

const AuditForm = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]))

const int = (value: unknown) => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : 0)
const text = (form: Record<string, unknown>, name: string) => (typeof form[name] === 'string' ? form[name] : '')
const number = (value: string) => (value.trim() === '' || Number.isNaN(Number(value)) ? undefined : Number(value))
const percent = (x: number | null) => (x === null ? '–' : `${(x * 100).toFixed(1)}%`)

export function intervalText(interval: Interval) {
  return {
    summary: describeInterval(interval),
    range: interval.low === null ? '' : `${percent(interval.low)} to ${percent(interval.high)}`,
    n: interval.n,
  }
}

function answersFrom(form: Record<string, unknown>): Answers {
  const answer = (v: string) => (v === 'yes' ? true : v === 'no' ? false : null)
  return Object.fromEntries(QUESTION_KEYS.map((q) => [q, answer(text(form, q))])) as Answers
}

const answerText = (value: boolean | null) => (value === null ? '' : value ? 'yes' : 'no')

function questionItems(values: Record<string, unknown>) {
  return QUESTION_KEYS.map((q) => ({
    name: q,
    legend: QUESTIONS[q],
    items: [
      { value: 'yes', text: 'Yes', checked: values[q] === 'yes' },
      { value: 'no', text: 'No', checked: values[q] === 'no' },
      { value: '', text: 'Not applicable', checked: !values[q] },
    ],
  }))
}

function formOptions(values: Record<string, unknown>) {
  const chosen = (name: string) => asList(values[name] as string | string[] | undefined)
  return {
    populationItems: Object.entries(POPULATIONS).map(([value, label]) => ({
      value,
      text: label,
      checked: values.population === value,
    })),
    channelItems: Object.entries(CHANNELS).map(([value, label]) => ({
      value,
      text: label,
      checked: chosen('channels').includes(value),
    })),
    categoryItems: Object.entries(INCIDENT_CATEGORIES).map(([value, c]) => ({
      value,
      text: c.label,
      checked: chosen('categories').includes(value),
    })),
  }
}

/** The audit's page model: results in words, strata, items with their verdict state, findings and actions. */
export function auditModel(view: AuditView) {
  const { audit, results } = view
  return {
    audit: {
      ...audit,
      populationText: POPULATIONS[audit.population],
      periodText: `${formatDate(audit.periodFrom)} to ${formatDate(audit.periodTo)}`,
      marginText: `± ${(audit.targetMargin * 100).toFixed(1)} pp`,
      createdText: `${formatDateTime(audit.createdAt)} by ${audit.createdBy}`,
    },
    recording: intervalText(results.recording),
    checks: results.checks.map((c) => ({ label: c.label, ...intervalText(c.interval) })),
    unrecorded: results.unrecorded && {
      central: formatNumber(results.unrecorded.central),
      low: formatNumber(results.unrecorded.low),
      high: formatNumber(results.unrecorded.high),
    },
    recordedInYear: formatNumber(audit.recordedCrimeInYear),
    sampled: results.sampled,
    withVerdict: results.withVerdict,
    items: view.items.map((item) => ({ ...item, done: item.verdictAt !== null })),
    actions: view.actions.map((a) => ({ ...a, dueText: formatDate(a.dueDate) })),
  }
}

/** The self-audit pages (rule 24), mounted inside integrityPages under /integrity/audits. */
export function auditPages(app: Router, audits: AuditsService): void {
  auditListRoutes(app, audits)
  auditRoutes(app, audits)
}

/** The list of audits, and drawing a new audit's sample. */
function auditListRoutes(app: Router, audits: AuditsService) {
  app.get('/audits', { config: { permission: 'integrity.view' } }, async (request, reply) => {
    const list = await audits.list(request.actor)
    return reply.render('integrity/views/audits.njk', {
      audits: list.map((a) => ({
        ...a,
        populationText: POPULATIONS[a.population],
        periodText: `${formatDate(a.periodFrom)} to ${formatDate(a.periodTo)}`,
      })),
    })
  })

  app.get('/audits/new', { config: { permission: 'integrity.audit' } }, async (_request, reply) =>
    reply.render('integrity/views/audit-new.njk', {
      values: { design: 'simple', targetMargin: '3', expectedRate: '90', population: 'incidents' },
      ...formOptions({ population: 'incidents' }),
    }),
  )

  app.post(
    '/audits',
    { config: { permission: 'integrity.audit' }, schema: { body: AuditForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          audits.create(request.actor, {
            title: text(body, 'title'),
            population: text(body, 'population'),
            channels: asList(body.channels),
            categories: asList(body.categories),
            periodFrom: text(body, 'periodFrom'),
            periodTo: text(body, 'periodTo'),
            design: text(body, 'design'),
            targetMarginPoints: number(text(body, 'targetMargin')),
            expectedRatePercent: number(text(body, 'expectedRate')),
            seed: number(text(body, 'seed')),
          }),
        invalid: () => ({ template: 'integrity/views/audit-new.njk', model: { values: body, ...formOptions(body) } }),
        done: (created) => ({
          flash: `Sample drawn: ${created.populationSize} in the population, seed ${created.seed}`,
          redirect: `/integrity/audits/${created.auditId}`,
        }),
      })
    },
  )
}

/** One audit: its results, its findings and actions, and the verdict on each sampled record. */
function auditRoutes(app: Router, audits: AuditsService) {
  app.get(
    '/audits/:auditId',
    { config: { permission: 'integrity.view' }, schema: { params: AuditParams } },
    async (request, reply) =>
      reply.render('integrity/views/audit.njk', auditModel(await audits.view(request.actor, request.params.auditId))),
  )

  app.post(
    '/audits/:auditId/actions',
    { config: { permission: 'integrity.audit' }, schema: { params: AuditParams, body: AuditForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          audits.addAction(request.actor, request.params.auditId, {
            finding: text(body, 'finding'),
            action: text(body, 'action'),
            owner: text(body, 'owner'),
            dueDate: text(body, 'dueDate'),
          }),
        invalid: async () => ({
          template: 'integrity/views/audit.njk',
          model: { ...auditModel(await audits.view(request.actor, request.params.auditId)), values: body },
        }),
        done: () => ({ flash: 'Finding and action recorded', redirect: `/integrity/audits/${request.params.auditId}` }),
      })
    },
  )

  app.get(
    '/audits/:auditId/items/:itemId',
    { config: { permission: 'integrity.view' }, schema: { params: AuditItemParams } },
    async (request, reply) => {
      const { audit, item } = await audits.item(request.actor, request.params.auditId, request.params.itemId)
      const values = Object.fromEntries(QUESTION_KEYS.map((q) => [q, answerText(item[q])]))
      return reply.render('integrity/views/audit-item.njk', {
        audit,
        item,
        questions: questionItems(values),
        values: { ...values, notes: item.notes ?? '', expectedVersion: String(item.version) },
      })
    },
  )

  app.post(
    '/audits/:auditId/items/:itemId',
    { config: { permission: 'integrity.audit' }, schema: { params: AuditItemParams, body: AuditForm } },
    async (request, reply) => {
      const body = request.body
      return handleForm(reply, {
        submit: () =>
          audits.recordVerdict(request.actor, request.params.auditId, request.params.itemId, {
            expectedVersion: int(body.expectedVersion),
            answers: answersFrom(body),
            notes: text(body, 'notes'),
          }),
        invalid: async () => {
          const { audit, item } = await audits.item(request.actor, request.params.auditId, request.params.itemId)
          return {
            template: 'integrity/views/audit-item.njk',
            model: { audit, item, questions: questionItems(body), values: body },
          }
        },
        done: (verdict) => ({
          flash: `Verdict recorded on ${verdict.recordLabel}`,
          redirect: `/integrity/audits/${request.params.auditId}`,
        }),
      })
    },
  )
}
