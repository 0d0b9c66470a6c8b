import type { Actor } from '../../platform/auth/actor.ts'
import { handleForm } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { paragraphs } from '../incidents/index.ts'
import type { PartnerReportDrafts } from './partners.drafts.ts'
import { partnerReportPages, partnerReportViews } from './partners.report.pages.ts'
import { PARTNER_KINDS } from './partners.rules.ts'
import { MemberParams, OrganisationParams, PageForm, ReportParams } from './partners.schemas.ts'
import type { PartnersService } from './partners.service.ts'

export interface PartnersPagesOptions {
  partners: PartnersService
  drafts: PartnerReportDrafts
  /** The signed-in person's unread notifications (the notifications module's), for the partner's banner. */
  unreadNotifications: (actor: Actor) => Promise<number>
}

function text(form: PageForm, key: string): string {
  const value = form[key]
  return typeof value === 'string' ? value : ''
}

function kindItems(selected: string) {
  return Object.entries(PARTNER_KINDS).map(([value, label]) => ({ value, text: label, checked: value === selected }))
}

/** The administrators' partner organisations and who reports for each (partners.manage). */
const permission = { permission: 'partners.manage' } as const

/** An organisation's page: its members, and the accounts and tokens that could join it. */
async function renderOrganisation(partners: PartnersService, actor: Actor, organisationId: string, form: object = {}) {
  const organisation = await partners.organisation(actor, organisationId)
  return {
    organisation,
    members: organisation.members.map((member) => ({
      memberId: member.memberId,
      name: member.displayName ?? member.tokenName ?? member.memberId,
      kind: member.memberType === 'user' ? `Account ${member.username ?? ''}`.trim() : 'API token',
    })),
    candidateItems: [
      { value: '', text: 'Choose an account or token' },
      ...organisation.candidates.users.map((user) => ({
        value: user.memberId,
        text: `${user.name} (${user.username})`,
      })),
      ...organisation.candidates.tokens.map((token) => ({
        value: token.memberId,
        text: `${token.name} (API token)`,
      })),
    ],
    ...form,
  }
}

function adminPages(app: Router, partners: PartnersService) {
  organisationListPages(app, partners)
  organisationPages(app, partners)
}

function organisationListPages(app: Router, partners: PartnersService) {
  app.get('/admin/partners', { config: permission }, async (request, reply) =>
    reply.render('partners/views/admin/list.njk', { organisations: await partners.listOrganisations(request.actor) }),
  )

  app.get('/admin/partners/new', { config: permission }, (_request, reply) =>
    reply.render('partners/views/admin/new.njk', { values: {}, kindItems: kindItems('') }),
  )

  app.post('/admin/partners/new', { config: permission, schema: { body: PageForm } }, async (request, reply) => {
    const values = {
      name: text(request.body, 'name'),
      kind: text(request.body, 'kind'),
      contact: text(request.body, 'contact'),
    }
    return handleForm(reply, {
      submit: () => partners.createOrganisation(request.actor, values),
      invalid: () => ({
        template: 'partners/views/admin/new.njk',
        model: { values, kindItems: kindItems(values.kind) },
      }),
      done: (organisation) => ({
        flash: `${values.name.trim()} added`,
        redirect: `/admin/partners/${organisation.organisationId}`,
      }),
    })
  })
}

function organisationPages(app: Router, partners: PartnersService) {
  app.get(
    '/admin/partners/:organisationId',
    { config: permission, schema: { params: OrganisationParams } },
    async (request, reply) =>
      reply.render(
        'partners/views/admin/show.njk',
        await renderOrganisation(partners, request.actor, request.params.organisationId),
      ),
  )

  app.post(
    '/admin/partners/:organisationId/members',
    { config: permission, schema: { params: OrganisationParams, body: PageForm } },
    async (request, reply) => {
      const { organisationId } = request.params
      return handleForm(reply, {
        submit: () => partners.addMember(request.actor, organisationId, text(request.body, 'memberId')),
        invalid: async (errors) => ({
          template: 'partners/views/admin/show.njk',
          model: await renderOrganisation(partners, request.actor, organisationId, errors),
        }),
        done: () => ({ flash: 'Added to the organisation', redirect: `/admin/partners/${organisationId}` }),
      })
    },
  )

  app.post(
    '/admin/partners/:organisationId/members/:memberId/remove',
    { config: permission, schema: { params: MemberParams, body: PageForm } },
    async (request, reply) => {
      const { organisationId, memberId } = request.params
      await partners.removeMember(request.actor, organisationId, memberId)
      return reply.flash('Removed from the organisation').redirect(`/admin/partners/${organisationId}`, 303)
    },
  )
}

/** The IMU's triage queue of partner reports and each report's decision (partner-reports.triage). */
function triagePages(app: Router, partners: PartnersService) {
  const permission = { permission: 'partner-reports.triage' } as const

  const showModel = async (actor: Actor, reportId: string) => {
    const view = await partners.reportForTriage(actor, reportId)
    const { report } = view
    const row = (label: string, value: string) => ({ key: { text: label }, value: { text: value } })
    return {
      ...view,
      values: {},
      narrative: paragraphs(report.whatHappened),
      decidedAt: formatDateTime(report.decidedAt),
      rows: [
        row('From', `${view.organisation.name} (${view.organisation.kindLabel}), by ${report.submittedBy}`),
        row('Received', formatDateTime(report.submittedAt)),
        row('Their reference', report.partnerReference ?? 'None'),
        row('What kind of thing', view.kindLabel),
        row('When it happened', formatDateTime(report.happenedAt)),
        row('Where', [report.address, report.postcode].filter(Boolean).join(', ')),
        row(
          'Victim',
          report.anonymous
            ? 'Wants to stay anonymous (the partner holds their details)'
            : `${report.victimGivenName} ${report.victimFamilyName}${report.victimDateOfBirth ? `, born ${formatDate(report.victimDateOfBirth)}` : ''}`,
        ),
        row('Consent to share with the police', report.consentToShare ? 'Yes' : 'No'),
        row('Victim wants police contact', report.wantsPoliceContact ? 'Yes' : 'No'),
        row('Partner contact', view.organisation.contact),
      ],
    }
  }

  app.get('/partner-reports/triage', { config: permission }, async (request, reply) =>
    reply.render('partners/views/triage/list.njk', {
      reports: (await partners.triageQueue(request.actor)).map((report) => ({
        ...report,
        received: formatDateTime(report.submittedAt),
      })),
    }),
  )

  app.get(
    '/partner-reports/triage/:reportId',
    { config: permission, schema: { params: ReportParams } },
    async (request, reply) =>
      reply.render('partners/views/triage/show.njk', await showModel(request.actor, request.params.reportId)),
  )

  app.post(
    '/partner-reports/triage/:reportId/decision',
    { config: permission, schema: { params: ReportParams, body: PageForm } },
    async (request, reply) => {
      const { reportId } = request.params
      const values = {
        decision: text(request.body, 'decision'),
        agency: text(request.body, 'agency'),
        rationale: text(request.body, 'rationale'),
      }
      return handleForm(reply, {
        submit: () =>
          partners.decide(request.actor, reportId, {
            ...values,
            expectedVersion: Number.parseInt(text(request.body, 'expectedVersion'), 10) || 0,
          }),
        invalid: async () => ({
          template: 'partners/views/triage/show.njk',
          model: { ...(await showModel(request.actor, reportId)), values },
        }),
        done: () => ({
          flash: 'Decision recorded; the partner has been told the outcome',
          redirect: `/partner-reports/triage/${reportId}`,
        }),
      })
    },
  )
}

/** Every partner page: administrators', partners' and the IMU's. Mounted at the root. */
export function partnersPages(options: PartnersPagesOptions) {
  return routes((app) => {
    adminPages(app, options.partners)
    triagePages(app, options.partners)
    partnerReportViews(app, options.partners, options.unreadNotifications)
    partnerReportPages(app, options.partners, options.drafts)
  })
}
