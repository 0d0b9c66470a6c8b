import type { Actor } from '../../platform/auth/actor.ts'
import { handleForm } from '../../platform/http/forms.ts'
import type { Router } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { int, link, text, type Form } from './crimes.forms.ts'
import { N100PageQuery, N100Params, PageForm } from './crimes.schemas.ts'
import type { CrimesService } from './crimes.service.ts'
import { timelineItems } from './crimes.views.ts'

const N100_STATUSES = ['open', 'converted', 'closed'] as const

/**
 * N100 records (rule 8: reports of rape not recorded as rape): the lists by status, raising one by hand, and
 * resolving one — converted to a crime of rape, or closed with a rationale. n100.manage. Mounted at /n100s.
 */
export function declareN100Pages(app: Router, crimes: CrimesService): void {
  app.get(
    '/n100s',
    { config: { permission: 'n100.manage' }, schema: { querystring: N100PageQuery } },
    async (request, reply) => {
      const status = N100_STATUSES.find((s) => s === request.query.status) ?? 'open'
      const rows = await crimes.listN100s(request.actor, status)
      return reply.render('crimes/views/n100/list.njk', {
        status,
        subNavigation: N100_STATUSES.map((s) => ({
          text: s[0]!.toUpperCase() + s.slice(1),
          href: `/n100s?status=${s}`,
          active: s === status,
        })),
        rows: rows.map((n) => [
          { html: link(`/n100s/${n.n100Id}`, formatDateTime(n.createdAt)) },
          { html: n.incidentId ? link(`/incidents/${n.incidentId}`, n.incidentNumber ?? 'incident') : '–' },
          { html: n.crimeId ? link(`/crimes/${n.crimeId}`, n.crimeReference ?? 'crime') : '–' },
          { text: n.reason },
        ]),
      })
    },
  )

  app.get('/n100s/new', { config: { permission: 'n100.manage' } }, (_request, reply) =>
    reply.render('crimes/views/n100/new.njk', { values: {} }),
  )

  app.post(
    '/n100s/new',
    { config: { permission: 'n100.manage' }, schema: { body: PageForm } },
    async (request, reply) => {
      const form = request.body
      return handleForm(reply, {
        submit: () =>
          crimes.raiseN100(request.actor, {
            incidentId: text(form, 'incidentId') || undefined,
            crimeReference: text(form, 'crimeReference') || undefined,
            reason: text(form, 'reason') ?? '',
          }),
        invalid: (errors) => ({ template: 'crimes/views/n100/new.njk', model: { ...errors, values: form } }),
        done: (n100Id) => ({ flash: 'N100 raised', redirect: `/n100s/${n100Id}` }),
      })
    },
  )

  app.get(
    '/n100s/:n100Id',
    { config: { permission: 'n100.manage' }, schema: { params: N100Params } },
    async (request, reply) =>
      reply.render('crimes/views/n100/show.njk', await n100Model(crimes, request.actor, request.params.n100Id, {})),
  )

  app.post(
    '/n100s/:n100Id',
    { config: { permission: 'n100.manage' }, schema: { params: N100Params, body: PageForm } },
    async (request, reply) => {
      const form = request.body
      const outcome = text(form, 'outcome') === 'converted' ? 'converted' : 'closed'
      return handleForm(reply, {
        submit: () =>
          crimes.resolveN100(request.actor, request.params.n100Id, {
            expectedVersion: int(text(form, 'expectedVersion')),
            outcome,
            crimeReference: text(form, 'crimeReference'),
            rationale: text(form, 'rationale'),
          }),
        invalid: async (errors) => ({
          template: 'crimes/views/n100/show.njk',
          model: { ...(await n100Model(crimes, request.actor, request.params.n100Id, form)), ...errors },
        }),
        done: () => ({
          flash: outcome === 'converted' ? 'N100 converted to a crime of rape' : 'N100 closed',
          redirect: `/n100s/${request.params.n100Id}`,
        }),
      })
    },
  )
}

/** The N100 page: the record, its timeline and the resolution form. */
async function n100Model(crimes: CrimesService, actor: Actor, n100Id: string, values: Form) {
  const view = await crimes.viewN100(actor, n100Id)
  return {
    ...view,
    values: Object.keys(values).length ? values : { expectedVersion: String(view.n100.version) },
    outcomeItems: [
      {
        value: 'converted',
        text: 'Recorded as a crime of rape',
        checked: text(values, 'outcome') === 'converted',
        id: 'outcome',
      },
      { value: 'closed', text: 'Closed without a crime of rape', checked: text(values, 'outcome') === 'closed' },
    ],
    timeline: timelineItems(view.timeline),
  }
}
