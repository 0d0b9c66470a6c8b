import { Type } from 'typebox'
import { routes, type Router } from '../../platform/http/routes.ts'
import {
  AddMemberBody,
  DecisionBody,
  MemberParams,
  NewOrganisationBody,
  Organisation,
  OrganisationCreated,
  OrganisationList,
  OrganisationParams,
  PartnerReportBody,
  PartnerReportList,
  PartnerReportReceipt,
  ReportParams,
  TriageList,
} from './partners.schemas.ts'
import { partnerOutcome, type PartnerReportStatus } from './partners.rules.ts'
import type { PartnersService } from './partners.service.ts'

function toReceipt(report: {
  reportId: string
  acknowledgementReference: string
  partnerReference: string | null
  submittedAt: Date
  status: PartnerReportStatus
  outcomeAgency: string | null
}) {
  return {
    reportId: report.reportId,
    acknowledgementReference: report.acknowledgementReference,
    partnerReference: report.partnerReference,
    submittedAt: report.submittedAt.toISOString(),
    status: report.status,
    outcome: partnerOutcome(report.status, report.outcomeAgency),
  }
}

function toInput(body: PartnerReportBody) {
  return {
    partnerReference: body.partnerReference,
    kind: body.kind,
    whatHappened: body.whatHappened,
    happenedAt: new Date(body.happenedAt),
    address: body.address,
    postcode: body.postcode,
    anonymous: body.anonymous,
    victim: body.victim,
    consentToShare: body.consentToShare,
    wantsPoliceContact: body.wantsPoliceContact,
  }
}

/** A partner’s own reports: submit, list and read (partner-reports.submit). */
function partnerRoutes(app: Router, partners: PartnersService): void {
  app.post(
    '/partner-reports',
    {
      config: { permission: 'partner-reports.submit' },
      schema: {
        tags: ['partner reports'],
        summary: 'Report to the police as a partner organisation (idempotent on your reference)',
        description:
          'The same report with the same partnerReference returns the first (200); the same reference with a different report is a 409. A new report is 201 with its acknowledgement reference.',
        body: PartnerReportBody,
        response: { 200: PartnerReportReceipt, 201: PartnerReportReceipt },
      },
    },
    async (request, reply) => {
      const { report, replayed } = await partners.submit(
        request.actor,
        toInput(request.body),
        request.body.organisationId,
      )
      return reply.status(replayed ? 200 : 201).send(toReceipt(report))
    },
  )

  app.get(
    '/partner-reports',
    {
      config: { permission: 'partner-reports.submit' },
      schema: {
        tags: ['partner reports'],
        summary: 'Your organisation’s reports and their outcomes',
        response: { 200: PartnerReportList },
      },
    },
    async (request) => {
      const { reports } = await partners.reportsForPartner(request.actor)
      return { reports: reports.map((report) => toReceipt({ ...report, status: report.status })) }
    },
  )

  app.get(
    '/partner-reports/:reportId',
    {
      config: { permission: 'partner-reports.submit' },
      schema: {
        tags: ['partner reports'],
        summary: 'One of your organisation’s reports: its status and outcome',
        params: ReportParams,
        response: { 200: PartnerReportReceipt },
      },
    },
    async (request) => {
      const view = await partners.reportForPartner(request.actor, request.params.reportId)
      return {
        ...toReceipt({ ...view, status: view.status as PartnerReportStatus, outcomeAgency: null }),
        outcome: view.outcome,
      }
    },
  )
}

/** The IMU’s triage queue and decisions (partner-reports.triage). */
function triageRoutes(app: Router, partners: PartnersService): void {
  app.get(
    '/partner-reports/triage',
    {
      config: { permission: 'partner-reports.triage' },
      schema: {
        tags: ['partner reports'],
        summary: 'Reports from partners waiting for IMU triage, oldest first',
        response: { 200: TriageList },
      },
    },
    async (request) => ({
      reports: (await partners.triageQueue(request.actor)).map((row) => ({
        reportId: row.reportId,
        acknowledgementReference: row.acknowledgementReference,
        organisationName: row.organisationName,
        kind: row.kind,
        submittedAt: row.submittedAt.toISOString(),
        wantsPoliceContact: row.wantsPoliceContact,
      })),
    }),
  )

  app.post(
    '/partner-reports/:reportId/decision',
    {
      config: { permission: 'partner-reports.triage' },
      schema: {
        tags: ['partner reports'],
        summary:
          'Record the IMU’s triage decision (recorded as a crime needs the crime recorded from its incident first)',
        params: ReportParams,
        body: DecisionBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await partners.decide(request.actor, request.params.reportId, request.body)
      return reply.status(204).send(null)
    },
  )
}

/** Partner organisations (partners.manage). */
function organisationRoutes(app: Router, partners: PartnersService): void {
  app.get(
    '/partner-organisations',
    {
      config: { permission: 'partners.manage' },
      schema: { tags: ['partner reports'], summary: 'Partner organisations', response: { 200: OrganisationList } },
    },
    async (request) => ({
      organisations: (await partners.listOrganisations(request.actor)).map(
        ({ organisationId, name, kind, contact, active }) => ({
          organisationId,
          name,
          kind,
          contact,
          active,
        }),
      ),
    }),
  )

  app.post(
    '/partner-organisations',
    {
      config: { permission: 'partners.manage' },
      schema: {
        tags: ['partner reports'],
        summary: 'Add a partner organisation',
        body: NewOrganisationBody,
        response: { 201: OrganisationCreated },
      },
    },
    async (request, reply) => reply.status(201).send(await partners.createOrganisation(request.actor, request.body)),
  )
}

/** An organisation’s members (partners.manage). */
function memberRoutes(app: Router, partners: PartnersService): void {
  app.get(
    '/partner-organisations/:organisationId',
    {
      config: { permission: 'partners.manage' },
      schema: {
        tags: ['partner reports'],
        summary: 'A partner organisation and its members',
        params: OrganisationParams,
        response: { 200: Organisation },
      },
    },
    async (request) => {
      const organisation = await partners.organisation(request.actor, request.params.organisationId)
      return {
        organisationId: organisation.organisationId,
        name: organisation.name,
        kind: organisation.kind,
        contact: organisation.contact,
        active: organisation.active,
        members: organisation.members.map((member) => ({
          memberId: member.memberId,
          memberType: member.memberType,
          name: member.displayName ?? member.tokenName ?? member.memberId,
        })),
      }
    },
  )

  app.post(
    '/partner-organisations/:organisationId/members',
    {
      config: { permission: 'partners.manage' },
      schema: {
        tags: ['partner reports'],
        summary: 'Link a partner reporter account or token to the organisation',
        params: OrganisationParams,
        body: AddMemberBody,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await partners.addMember(request.actor, request.params.organisationId, request.body.memberId)
      return reply.status(204).send(null)
    },
  )

  app.delete(
    '/partner-organisations/:organisationId/members/:memberId',
    {
      config: { permission: 'partners.manage' },
      schema: {
        tags: ['partner reports'],
        summary: 'Unlink an account or token from the organisation',
        params: MemberParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      await partners.removeMember(request.actor, request.params.organisationId, request.params.memberId)
      return reply.status(204).send(null)
    },
  )
}

/**
 * Third-party reports for partners' own case systems (a partner_reporter token linked to an organisation),
 * the IMU's triage, and the administrators' partner organisations. Mounted at /api/v1.
 */
export function partnersApi(partners: PartnersService) {
  return routes((app) => {
    partnerRoutes(app, partners)
    triageRoutes(app, partners)
    organisationRoutes(app, partners)
    memberRoutes(app, partners)
  })
}
