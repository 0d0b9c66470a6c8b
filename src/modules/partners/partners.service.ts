import { makeActor, type Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { isUniqueViolation, retryOnRace } from '../../platform/db/errors.ts'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import { submissionHash, type IncidentsService } from '../incidents/index.ts'
import type { NotificationsService } from '../notifications/index.ts'
import type { PartnersRepository } from './partners.repository.ts'
import {
  acknowledgementReference,
  decisionProblems,
  organisationProblems,
  partnerOutcome,
  PARTNER_KINDS,
  REPORT_KINDS,
  reportProblems,
  STATUS_LABELS,
  type DecisionInput,
  type OrganisationInput,
  type PartnerKind,
  type PartnerReportInput,
  type ReportKind,
} from './partners.rules.ts'

/** What a crime record holds for an incident, as the crimes module tells it (deps.ts wires crimes.forIncident). */
export type LinkedRecords = (
  actor: Actor,
  incidentId: string,
) => Promise<{ crimes: ReadonlyArray<{ status: string }>; n100s: readonly unknown[] }>

export type PartnerReport = NonNullable<Awaited<ReturnType<PartnersRepository['findReport']>>>

/** What the reporting partner may see of its report: its own answers and the outcome it may know, nothing else. */
export interface PartnerReportView {
  reportId: string
  acknowledgementReference: string
  partnerReference: string | null
  submittedAt: Date
  submittedBy: string
  kind: string
  kindLabel: string
  whatHappened: string
  happenedAt: Date
  address: string
  postcode: string | null
  anonymous: boolean
  victimName: string | null
  consentToShare: boolean
  wantsPoliceContact: boolean
  status: string
  outcome: string
}

const SOURCE_SYSTEM = 'tally-partner-reports'
const RACES = [
  'partner_report_partner_reference_key',
  'partner_report_acknowledgement_key',
  'incident_source_key',
  'incident_number_key',
]
const LIST_LIMIT = 500
const NOT_LINKED =
  'Your account is not linked to an open partner organisation yet: ask the force’s Tally administrator to add you to yours'

/**
 * Third-party reports: partner organisations and their members (administrators), reports from partners
 * (through the question pages or their own systems, idempotent on their reference), and the IMU's triage of
 * each. A partner reaches only its own organisation's reports: every partner read goes through the actor's
 * membership, and another organisation's report is "not found", exactly like one that does not exist.
 */
export class PartnersService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: PartnersRepository,
    private readonly incidents: IncidentsService,
    private readonly linkedRecords: LinkedRecords,
    private readonly notifications: NotificationsService,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  // Organisations and members (partners.manage) ------------------------------------------------------------------

  listOrganisations(actor: Actor) {
    actor.permissions.require('partners.manage')
    return this.db.withForce(actor.forceId, async (tx) =>
      (await this.repository.listOrganisations(tx)).map((row) => ({ ...row, kindLabel: PARTNER_KINDS[row.kind] })),
    )
  }

  organisation(actor: Actor, organisationId: string) {
    actor.permissions.require('partners.manage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const organisation = isUuid(organisationId)
        ? await this.repository.findOrganisation(tx, organisationId)
        : undefined
      if (!organisation) {
        throw new NotFound('There is no partner organisation with that id in this force')
      }
      const [members, candidates] = await Promise.all([
        this.repository.members(tx, organisationId),
        this.repository.unlinkedPartnerIdentities(tx),
      ])
      return { ...organisation, kindLabel: PARTNER_KINDS[organisation.kind], members, candidates }
    })
  }

  async createOrganisation(actor: Actor, input: OrganisationInput): Promise<{ organisationId: string }> {
    actor.permissions.require('partners.manage')
    const problems = organisationProblems(input)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    const values = { name: input.name.trim(), kind: input.kind as PartnerKind, contact: input.contact.trim() }
    const nameTaken = ValidationFailed.of('name', `There is already a partner organisation called ${values.name}`)
    try {
      return await this.db.withForce(actor.forceId, async (tx) => {
        if (await this.repository.nameTaken(tx, values.name)) {
          throw nameTaken
        }
        const organisationId = newId()
        await this.repository.insertOrganisation(tx, { ...values, organisationId, createdAt: this.clock.now() })
        this.auditTrail.record(tx, actor, {
          action: 'PARTNER_ORGANISATION_CREATED',
          recordType: 'partner-organisation',
          recordId: organisationId,
          changes: changedFields(undefined, values),
        })
        return { organisationId }
      })
    } catch (error) {
      throw isUniqueViolation(error, 'partner_organisation_name_key') ? nameTaken : error
    }
  }

  /**
   * Links a partner-reporter account or API token to an organisation. Only partner reporters may be members (a
   * police account must never read reports as a partner), and each belongs to one organisation.
   */
  async addMember(actor: Actor, organisationId: string, memberId: string): Promise<void> {
    actor.permissions.require('partners.manage')
    await this.db.withForce(actor.forceId, async (tx) => {
      const organisation = isUuid(organisationId)
        ? await this.repository.findOrganisation(tx, organisationId)
        : undefined
      if (!organisation) {
        throw ValidationFailed.of('organisationId', 'There is no partner organisation with that id in this force')
      }
      const { users, tokens } = await this.repository.unlinkedPartnerIdentities(tx)
      const candidate = [...users, ...tokens].find((identity) => identity.memberId === memberId)
      if (!candidate) {
        throw ValidationFailed.of(
          'memberId',
          'Choose a partner agency reporter account or API token that is not already in an organisation',
        )
      }
      await this.repository.insertMember(tx, {
        memberId,
        memberType: candidate.memberType,
        organisationId,
        addedAt: this.clock.now(),
      })
      this.auditTrail.record(tx, actor, {
        action: 'PARTNER_MEMBER_ADDED',
        recordType: 'partner-organisation',
        recordId: organisationId,
        changes: { member: { before: null, after: `${candidate.memberType} ${memberId} (${candidate.name})` } },
      })
    })
  }

  async removeMember(actor: Actor, organisationId: string, memberId: string): Promise<void> {
    actor.permissions.require('partners.manage')
    await this.db.withForce(actor.forceId, async (tx) => {
      if (
        !isUuid(organisationId) ||
        !isUuid(memberId) ||
        !(await this.repository.deleteMember(tx, organisationId, memberId))
      ) {
        throw new NotFound('That account or token is not a member of this organisation')
      }
      this.auditTrail.record(tx, actor, {
        action: 'PARTNER_MEMBER_REMOVED',
        recordType: 'partner-organisation',
        recordId: organisationId,
        changes: { member: { before: memberId, after: null } },
      })
    })
  }

  // Reports from partners (partner-reports.submit) ---------------------------------------------------------------

  /**
   * The organisation this partner acts for. An account or token in none (or in one that has closed) is not
   * refused at the door: it holds the partner role, it simply has no organisation to act for yet, and is told so.
   */
  async membershipIn(tx: ForceTransaction, actor: Actor): Promise<{ organisationId: string; name: string }> {
    const membership = await this.membershipOrNoneIn(tx, actor)
    if (!membership) {
      throw new Conflict(NOT_LINKED)
    }
    return membership
  }

  private async membershipOrNoneIn(tx: ForceTransaction, actor: Actor) {
    const membership = isUuid(actor.id) ? await this.repository.membership(tx, actor.id) : undefined
    return membership?.active ? { organisationId: membership.organisationId, name: membership.name } : undefined
  }

  myOrganisation(actor: Actor) {
    actor.permissions.require('partner-reports.submit')
    return this.db.withForce(actor.forceId, (tx) => this.membershipIn(tx, actor))
  }

  /**
   * Takes a report. With the partner's own reference it is idempotent: the same report again returns the first
   * (replayed), the same reference with different content is a Conflict, and two at once never make two.
   * `organisationId`, when a partner's system sends it, must be the organisation its token belongs to.
   */
  async submit(
    actor: Actor,
    input: PartnerReportInput,
    organisationId?: string,
  ): Promise<{ report: PartnerReport; replayed: boolean }> {
    actor.permissions.require('partner-reports.submit')
    const problems = reportProblems(input, this.clock.now())
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    return retryOnRace(RACES, () =>
      this.db.withForce(actor.forceId, async (tx) => {
        const membership = await this.membershipOrNoneIn(tx, actor)
        if (!membership) {
          throw ValidationFailed.of('organisationId', NOT_LINKED)
        }
        if (organisationId !== undefined && organisationId !== membership.organisationId) {
          throw ValidationFailed.of(
            'organisationId',
            'There is no partner organisation with that id you may report for',
          )
        }
        return this.submitIn(tx, actor, membership, input)
      }),
    )
  }

  /** `submit` inside the caller's transaction, the membership already checked (the question pages use it too). */
  async submitIn(
    tx: ForceTransaction,
    actor: Actor,
    membership: { organisationId: string; name: string },
    input: PartnerReportInput,
  ): Promise<{ report: PartnerReport; replayed: boolean }> {
    const values = normalised(input)
    const hash = submissionHash({
      organisationId: membership.organisationId,
      ...values,
      happenedAt: values.happenedAt.toISOString(),
    })
    if (values.partnerReference !== null) {
      const existing = await this.repository.findByPartnerReference(
        tx,
        membership.organisationId,
        values.partnerReference,
      )
      if (existing) {
        if (existing.submissionHash !== hash) {
          throw new Conflict(
            `Your reference ${values.partnerReference} was already used for a different report (${existing.acknowledgementReference}); send a new reference for a new report`,
            { acknowledgementReference: existing.acknowledgementReference, reportId: existing.reportId },
          )
        }
        return { report: existing, replayed: true }
      }
    }
    const reference = acknowledgementReference()
    const now = this.clock.now()
    const incident = await this.incidentIn(tx, actor, reference, membership.name, values)
    const reportId = newId()
    await this.repository.insertReport(tx, {
      reportId,
      organisationId: membership.organisationId,
      acknowledgementReference: reference,
      submissionHash: hash,
      incidentId: incident.incidentId,
      submittedBy: actor.name,
      submittedById: actor.id,
      submittedAt: now,
      ...values,
    })
    this.auditTrail.record(tx, actor, {
      action: 'PARTNER_REPORT_SUBMITTED',
      recordType: 'partner-report',
      recordId: reportId,
      changes: changedFields(undefined, {
        acknowledgementReference: reference,
        organisationId: membership.organisationId,
        partnerReference: values.partnerReference,
        incidentId: incident.incidentId,
        kind: values.kind,
        consentToShare: values.consentToShare,
        wantsPoliceContact: values.wantsPoliceContact,
        anonymous: values.anonymous,
      }),
    })
    await this.notifications.notifyIn(tx, {
      recipientUserIds: await this.notifications.usersWithRoleIn(tx, 'imu_decision_maker'),
      subject: `New third-party report ${reference} to triage`,
      body: `${membership.name} reported ${REPORT_KINDS[values.kind].label.toLowerCase()}. It is waiting in the partner reports triage queue.`,
      link: `/partner-reports/triage/${reportId}`,
    })
    await this.incidents.numberNewIncidentsIn(tx)
    const report = await this.repository.findReport(tx, reportId)
    return { report: report!, replayed: false }
  }

  /** The report as an incident from the partner channel, in the caller's transaction. */
  private async incidentIn(
    tx: ForceTransaction,
    actor: Actor,
    reference: string,
    organisation: string,
    values: ReturnType<typeof normalised>,
  ) {
    const now = this.clock.now()
    // The incident is Tally's doing on the partner's behalf: a partner may not log incidents themselves.
    const intake = makeActor({
      forceId: actor.forceId,
      type: 'system',
      id: 'system',
      name: `Third-party report ${reference} from ${organisation}`,
      roles: ['control_room_operator'],
    })
    const { incident } = await this.incidents.intakeIn(tx, intake, {
      sourceSystem: SOURCE_SYSTEM,
      sourceReference: reference,
      channel: 'partner',
      receivedAt: now,
      location: { address: values.address, ...(values.postcode ? { postcode: values.postcode } : {}) },
      openingCategory: REPORT_KINDS[values.kind].category,
      qualifiers: values.kind === 'hate' ? ['hate'] : [],
      narrative: incidentNarrative(reference, organisation, actor.name, values),
    })
    return incident
  }

  /** The partner's own organisation's reports, newest first: reference, kind, status and outcome only. */
  reportsForPartner(actor: Actor) {
    actor.permissions.require('partner-reports.submit')
    return this.db.withForce(actor.forceId, async (tx) => {
      const membership = await this.membershipOrNoneIn(tx, actor)
      if (!membership) {
        return { organisation: undefined, notLinked: NOT_LINKED, reports: [] }
      }
      const rows = await this.repository.organisationReports(tx, membership.organisationId, LIST_LIMIT)
      return {
        organisation: membership,
        notLinked: undefined,
        reports: rows.map((row) => ({
          ...row,
          kindLabel: kindLabel(row.kind),
          outcome: partnerOutcome(row.status, row.outcomeAgency),
        })),
      }
    })
  }

  /** One of the partner's own organisation's reports; any other id is NotFound, whoever's it is. */
  async reportForPartner(actor: Actor, reportId: string): Promise<PartnerReportView> {
    actor.permissions.require('partner-reports.submit')
    return this.db.withForce(actor.forceId, async (tx) => {
      const membership = await this.membershipOrNoneIn(tx, actor)
      const report =
        membership && isUuid(reportId)
          ? await this.repository.findOrganisationReport(tx, membership.organisationId, reportId)
          : undefined
      if (!report) {
        throw new NotFound('Your organisation has no report with that id')
      }
      this.auditTrail.record(tx, actor, {
        action: 'PARTNER_REPORT_VIEWED',
        recordType: 'partner-report',
        recordId: reportId,
      })
      return toPartnerView(report)
    })
  }

  // IMU triage (partner-reports.triage) ----------------------------------------------------------------------------

  triageQueue(actor: Actor) {
    actor.permissions.require('partner-reports.triage')
    return this.db.withForce(actor.forceId, async (tx) =>
      (await this.repository.inTriage(tx, LIST_LIMIT)).map((row) => ({ ...row, kindLabel: kindLabel(row.kind) })),
    )
  }

  /** The whole report for the IMU, with its organisation; viewing it is recorded (it holds a victim's details). */
  reportForTriage(actor: Actor, reportId: string) {
    actor.permissions.require('partner-reports.triage')
    return this.db.withForce(actor.forceId, async (tx) => {
      const report = isUuid(reportId) ? await this.repository.findReport(tx, reportId) : undefined
      if (!report) {
        throw new NotFound('There is no partner report with that id')
      }
      const organisation = (await this.repository.findOrganisation(tx, report.organisationId))!
      const incident = await this.incidents.getIn(tx, report.incidentId)
      this.auditTrail.record(tx, actor, {
        action: 'PARTNER_REPORT_VIEWED',
        recordType: 'partner-report',
        recordId: reportId,
      })
      return {
        report,
        organisation: { ...organisation, kindLabel: PARTNER_KINDS[organisation.kind] },
        incidentNumber: incident?.incidentNumber ?? '',
        kindLabel: kindLabel(report.kind),
        statusLabel: STATUS_LABELS[report.status],
        partnerOutcome: partnerOutcome(report.status, report.outcomeAgency),
      }
    })
  }

  /**
   * The IMU's triage decision. "Recorded as a crime" needs a live crime recorded from the report's incident (the
   * record-a-crime flow), and "N100" an N100 on it: the decision states what the records show, it cannot claim
   * one that is not there. The partner's members are told the outcome they may know.
   */
  async decide(actor: Actor, reportId: string, input: DecisionInput & { expectedVersion: number }): Promise<void> {
    actor.permissions.require('partner-reports.triage')
    const problems = decisionProblems(input)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    const before = await this.db.withForce(actor.forceId, (tx) =>
      isUuid(reportId) ? this.repository.findReport(tx, reportId) : Promise.resolve(undefined),
    )
    if (!before) {
      throw new NotFound('There is no partner report with that id')
    }
    await this.checkRecords(actor, before.incidentId, input.decision)
    const passedOn = input.decision === 'passed_to_agency'
    const values = {
      status: input.decision as Exclude<PartnerReport['status'], 'triage'>,
      outcomeAgency: passedOn ? input.agency!.trim() : null,
      outcomeRationale: input.rationale?.trim() || null,
      decidedBy: actor.name,
      decidedAt: this.clock.now(),
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const updated = await this.repository.decide(tx, reportId, input.expectedVersion, values)
      if (!updated) {
        throw new Conflict(
          `Report ${before.acknowledgementReference} was triaged or changed by someone else while you were deciding. Reload it to see what was decided.`,
        )
      }
      this.auditTrail.record(tx, actor, {
        action: 'PARTNER_REPORT_TRIAGED',
        recordType: 'partner-report',
        recordId: reportId,
        changes: changedFields(
          { status: before.status, outcomeAgency: before.outcomeAgency, outcomeRationale: before.outcomeRationale },
          { status: values.status, outcomeAgency: values.outcomeAgency, outcomeRationale: values.outcomeRationale },
        ),
      })
      if (passedOn) {
        // Rule 20: passing a report on discloses it to the agency, which is logged with its recipient and why.
        this.auditTrail.record(tx, actor, {
          action: 'PARTNER_REPORT_DISCLOSED',
          recordType: 'partner-report',
          recordId: reportId,
          changes: { recipientOrganisation: values.outcomeAgency, reference: before.acknowledgementReference },
          reason: values.outcomeRationale ?? undefined,
        })
      }
      await this.notifications.notifyIn(tx, {
        recipientUserIds: await this.repository.memberUserIds(tx, before.organisationId),
        subject: `Your report ${before.acknowledgementReference}: ${partnerOutcome(values.status, values.outcomeAgency)}`,
        body: `The police have assessed your report ${before.acknowledgementReference}. Outcome: ${partnerOutcome(values.status, values.outcomeAgency)}.`,
        link: `/partner-reports/${reportId}`,
      })
    })
  }

  private async checkRecords(actor: Actor, incidentId: string, decision: string): Promise<void> {
    if (decision !== 'recorded_as_crime' && decision !== 'n100') {
      return
    }
    const records = await this.linkedRecords(actor, incidentId)
    const liveCrimes = records.crimes.filter((crime) => crime.status !== 'cancelled' && crime.status !== 'transferred')
    if (decision === 'recorded_as_crime' && liveCrimes.length === 0) {
      throw ValidationFailed.of(
        'decision',
        'No crime has been recorded from this report’s incident yet: record the crime first',
      )
    }
    if (decision === 'n100' && records.n100s.length === 0) {
      throw ValidationFailed.of('decision', 'This report’s incident has no N100 yet: raise the N100 first')
    }
  }
}

function kindLabel(kind: string): string {
  return REPORT_KINDS[kind as ReportKind]?.label ?? kind
}

function normalised(input: PartnerReportInput) {
  const anonymous = input.anonymous === true
  return {
    partnerReference: input.partnerReference ?? null,
    kind: input.kind as ReportKind,
    whatHappened: input.whatHappened.trim(),
    happenedAt: input.happenedAt!,
    address: input.address.trim(),
    postcode: input.postcode?.trim() || null,
    anonymous,
    // An anonymous victim's name is not kept even if a form or system sent one.
    victimGivenName: anonymous ? null : input.victim!.givenName.trim(),
    victimFamilyName: anonymous ? null : input.victim!.familyName.trim(),
    victimDateOfBirth: anonymous ? null : input.victim?.dateOfBirth || null,
    consentToShare: input.consentToShare === true,
    wantsPoliceContact: input.wantsPoliceContact === true,
  }
}

function incidentNarrative(
  reference: string,
  organisation: string,
  reporter: string,
  values: ReturnType<typeof normalised>,
): string {
  const victim = values.anonymous
    ? 'The victim wants to stay anonymous: the partner holds their details.'
    : `Victim: ${values.victimGivenName} ${values.victimFamilyName}${values.victimDateOfBirth ? `, born ${values.victimDateOfBirth}` : ''}.`
  return [
    `Third-party report ${reference} from ${organisation}, made by ${reporter}${values.partnerReference ? ` (their reference ${values.partnerReference})` : ''}.`,
    `It happened at ${values.happenedAt.toISOString()}.`,
    values.whatHappened,
    victim,
    `Consent to share with the police: yes. Victim wants police contact: ${values.wantsPoliceContact ? 'yes' : 'no'}.`,
  ].join('\n\n')
}

function toPartnerView(report: PartnerReport): PartnerReportView {
  return {
    reportId: report.reportId,
    acknowledgementReference: report.acknowledgementReference,
    partnerReference: report.partnerReference,
    submittedAt: report.submittedAt,
    submittedBy: report.submittedBy,
    kind: report.kind,
    kindLabel: kindLabel(report.kind),
    whatHappened: report.whatHappened,
    happenedAt: report.happenedAt,
    address: report.address,
    postcode: report.postcode,
    anonymous: report.anonymous,
    victimName: report.anonymous ? null : `${report.victimGivenName ?? ''} ${report.victimFamilyName ?? ''}`.trim(),
    consentToShare: report.consentToShare,
    wantsPoliceContact: report.wantsPoliceContact,
    status: report.status,
    outcome: partnerOutcome(report.status, report.outcomeAgency),
  }
}
