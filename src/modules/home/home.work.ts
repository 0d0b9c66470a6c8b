import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { ukDate } from '../../platform/dates.ts'
import type { AccountsService } from '../accounts/index.ts'
import { CRIME_STATUS_LABELS, type CrimeStatus, type CrimesService } from '../crimes/index.ts'
import { INCIDENT_CATEGORIES, type IncidentsService } from '../incidents/index.ts'
import type { AuditsService } from '../integrity/index.ts'
import { partnerOutcome, type PartnersService } from '../partners/index.ts'
import { QUEUES, type QueuesServices } from '../queues/index.ts'
import type { RetentionService } from '../retention/index.ts'
import { RISK_RATING_LABELS, type RisksService } from '../risks/index.ts'
import { ABSENCE_TYPES, type StaffAbsences } from '../staff/index.ts'
import { TASK_KINDS, type VictimsService } from '../victims/index.ts'
import { dayClock, dueClock, dueFirst, hoursAfter, waitingClock, type WorkClock } from './home.clock.ts'

/** What the start pages read, each through its module's service (wired from deps.services in app.ts). */
export interface HomeServices {
  incidents: Pick<IncidentsService, 'decisionsDue'>
  crimes: Pick<CrimesService, 'list'>
  victims: Pick<VictimsService, 'queue'>
  queues: Pick<QueuesServices['queues'], 'overview'>
  queueDashboard: Pick<QueuesServices['queueDashboard'], 'threshold'>
  staffAbsences: Pick<StaffAbsences, 'listAbsences'>
  risks: Pick<RisksService, 'list' | 'watches'>
  audits: Pick<AuditsService, 'list' | 'view'>
  partners: Pick<PartnersService, 'reportsForPartner'>
  accounts: Pick<AccountsService, 'listUsers'>
  retention: Pick<RetentionService, 'queue'>
}

/** One piece of someone's work: a link to it, what it is, and its clock. */
export interface WorkRow {
  href: string
  reference: string
  what: string
  clock: WorkClock
}

/** A list of work on a start page, soonest due first; `count` may be more than the rows shown. */
export interface WorkList {
  key: string
  title: string
  count: number
  rows: WorkRow[]
  empty: string
  more?: { href: string; text: string } | undefined
}

/** One IMU queue at a glance. */
export interface QueueGlance {
  href: string
  label: string
  count: number
  overdue: number
  /** The oldest item's clock against the queue's service level. */
  clock?: WorkClock | undefined
  /** The awaiting-filing alert threshold (rule 14), where the queue has one. */
  threshold?: { value: number; over: boolean } | undefined
}

export interface StartPageWork {
  lists: WorkList[]
  queues?: QueueGlance[] | undefined
  supervisor?: SupervisorGlance | undefined
  accounts?: { active: number; neverSignedIn: number } | undefined
}

export interface SupervisorGlance {
  warnings: Array<{ label: string; text: string }>
  absences: Array<{ href: string; name: string; unit: string; what: string }>
  risks: Array<{ href: string; title: string; rating: string; raisedByTally: boolean; reviewOverdue: boolean }>
}

/** Rows shown in each list; the count and "see all" link say how many more there are. */
export const ROWS_SHOWN = 10

/** How long a crime may stay in a status before it is late: the IMU queue holding that status's service level. */
function serviceLevelHours(status: string): number | null {
  const queue = QUEUES.find(
    (q) =>
      q.source === 'crime' && !q.membership.reopened && (q.membership.statuses as readonly string[]).includes(status),
  )
  return queue?.deadline?.hours ?? null
}

function categoryLabel(code: string): string {
  return (INCIDENT_CATEGORIES as Record<string, { label: string } | undefined>)[code]?.label ?? code
}

function crimeStatus(status: string): string {
  return CRIME_STATUS_LABELS[status as CrimeStatus] ?? status
}

function list(
  key: string,
  title: string,
  rows: WorkRow[],
  empty: string,
  more?: WorkList['more'],
  count = rows.length,
): WorkList {
  return { key, title, count, rows: dueFirst(rows).slice(0, ROWS_SHOWN), empty, more }
}

/** Control room: incidents awaiting a recording decision against the 24-hour limit, late ones first. */
export async function decisionsDue(services: HomeServices, actor: Actor, now: Date): Promise<WorkList> {
  const due = await services.incidents.decisionsDue(actor, ROWS_SHOWN)
  const rows = due.incidents.map((incident) => ({
    href: `/incidents/${incident.incidentId}`,
    reference: incident.incidentNumber,
    what: categoryLabel(incident.openingCategory),
    clock: dueClock(hoursAfter(incident.receivedAt, 24), now),
  }))
  return list(
    'decisions-due',
    'Incidents awaiting a recording decision',
    rows,
    'No incidents are waiting for a recording decision.',
    { href: '/incidents?view=decision-due', text: 'See every incident awaiting a decision' },
    due.count,
  )
}

/** An officer's crimes under investigation or returned to them, against the IMU's service levels. */
export async function crimesInHand(services: HomeServices, actor: Actor, now: Date): Promise<WorkList> {
  const crimes = await services.crimes.list(actor, {
    assignedUserId: actor.id,
    status: ['returned_to_officer', 'under_investigation'],
    limit: 500,
  })
  const rows = crimes.map((crime) => {
    const hours = serviceLevelHours(crime.status)
    return {
      href: `/crimes/${crime.crimeId}`,
      reference: crime.crimeReference,
      what: `${crime.offenceLabel}: ${crimeStatus(crime.status).toLowerCase()}`,
      clock:
        hours === null
          ? waitingClock(crime.statusChangedAt, now)
          : dueClock(hoursAfter(crime.statusChangedAt, hours), now),
    }
  })
  return list('my-crimes', 'Your crimes', rows, 'No crimes are allocated to you.', undefined, rows.length)
}

/** Victims' Code tasks for the person's victims, by the day each is due. */
export async function victimTasks(services: HomeServices, actor: Actor, today: string): Promise<WorkList> {
  const { tasks } = await services.victims.queue(actor, { view: 'open', officerUserId: actor.id })
  const rows = tasks.map((task) => ({
    href: `/victim-care/${task.careId}`,
    reference: task.reference,
    what: TASK_KINDS[task.kind],
    clock: dayClock(task.dueOn, today),
  }))
  return list('victim-tasks', 'Victim tasks due', rows, 'You have no open victim tasks.', {
    href: '/victim-care?view=open&mine=yes',
    text: 'See all your victim tasks',
  })
}

/** The registrar's decisions: cancellations and transfers awaiting authorisation, waiting longest first. */
export async function registrarDecisions(services: HomeServices, actor: Actor, now: Date): Promise<WorkList> {
  const crimes = await services.crimes.list(actor, {
    status: ['cancellation_requested', 'transfer_requested'],
    limit: 500,
  })
  const rows = crimes.map((crime) => ({
    href: `/crimes/${crime.crimeId}`,
    reference: crime.crimeReference,
    what: `${crime.offenceLabel}: ${crimeStatus(crime.status).toLowerCase()}`,
    clock: waitingClock(crime.statusChangedAt, now),
  }))
  return list('decisions', 'Decisions awaiting you', rows, 'No cancellations or transfers are waiting for you.', {
    href: '/crimes?view=removed',
    text: 'See cancelled and transferred crimes',
  })
}

/** An auditor's audits: records still to check, and the actions from their findings by due date. */
export async function auditWork(services: HomeServices, actor: Actor, today: string): Promise<WorkList[]> {
  const audits = (await services.audits.list(actor)).slice(0, 20)
  const mine = audits.filter((audit) => audit.createdBy === actor.id)
  const views = await Promise.all(
    (mine.length > 0 ? mine : audits).map((audit) => services.audits.view(actor, audit.auditId)),
  )
  const toCheck = views
    .map((view) => ({ view, left: view.items.filter((item) => item.verdictAt === null).length }))
    .filter(({ left }) => left > 0)
    .map(({ view, left }) => ({
      href: `/integrity/audits/${view.audit.auditId}`,
      reference: view.audit.title,
      what: `${left} of ${view.items.length} records still to check`,
      clock: waitingClock(view.audit.createdAt, new Date(`${today}T23:59:59Z`)),
    }))
  const actions = views.flatMap((view) =>
    view.actions
      .filter((action) => action.status === 'open')
      .map((action) => ({
        href: `/integrity/audits/${view.audit.auditId}`,
        reference: view.audit.title,
        what: `${action.action} (${action.owner})`,
        clock: dayClock(action.dueDate, today),
      })),
  )
  return [
    list('audits', 'Your audits', toCheck, 'None of your audits has records left to check.', {
      href: '/integrity/audits',
      text: 'See every audit',
    }),
    list('audit-actions', 'Actions from your audits', actions, 'No actions from your audits are open.'),
  ]
}

/** Crimes and people whose retention review date has come (rule 21), the longest overdue first. */
export async function retentionReviews(services: HomeServices, actor: Actor, today: string): Promise<WorkList> {
  const queue = await services.retention.queue(actor)
  const rows = queue.records.map((record) => ({
    href: `/retention/${record.recordType}/${record.recordId}`,
    reference: record.reference,
    what: `${record.recordType === 'crime' ? 'Crime' : 'Person'}: ${record.categoryLabel}`,
    clock: dayClock(record.nextReviewOn, today),
  }))
  return list(
    'retention',
    'Records due for retention review',
    rows,
    'No records are due for retention review.',
    { href: '/retention', text: 'See the retention review queue' },
    queue.total,
  )
}

/** A partner's reports the police are still assessing, longest waiting first. */
export async function partnerReports(services: HomeServices, actor: Actor, now: Date): Promise<WorkList> {
  const { reports } = await services.partners.reportsForPartner(actor)
  const rows = reports
    .filter((report) => report.status === 'triage' || report.status === 'n100')
    .map((report) => ({
      href: `/partner-reports/${report.reportId}`,
      reference: report.acknowledgementReference,
      what: `${report.kindLabel}: ${partnerOutcome(report.status, report.outcomeAgency).toLowerCase()}`,
      clock: waitingClock(report.submittedAt, now),
    }))
  return list(
    'partner-reports',
    'Your reports the police are assessing',
    rows,
    'The police have answered all your reports.',
    {
      href: '/partner-reports',
      text: 'See all your reports',
    },
  )
}

/** The IMU's queues with counts and the oldest item's clock, the most urgent first. */
export async function queueGlance(services: HomeServices, actor: Actor, now: Date): Promise<QueueGlance[]> {
  const [overview, threshold] = await Promise.all([
    services.queues.overview(actor),
    actor.permissions.can('dashboard.view') ? services.queueDashboard.threshold(actor) : undefined,
  ])
  const glances = overview
    .filter((summary) => summary.queue.work)
    .map((summary) => ({
      href: `/queues/${summary.queue.key}`,
      label: summary.queue.label,
      count: summary.count,
      overdue: summary.overdue,
      clock:
        summary.oldest && summary.queue.deadline
          ? dueClock(hoursAfter(summary.oldest, summary.queue.deadline.hours), now)
          : undefined,
      threshold:
        summary.queue.key === 'awaiting-filing' && threshold
          ? { value: threshold.value, over: summary.count > threshold.value }
          : undefined,
    }))
  return dueFirst(glances)
}

/** The supervisor's unit at a glance besides the queues: forecast warnings, who is away today, open risks. */
export async function supervisorGlance(services: HomeServices, actor: Actor, today: string): Promise<SupervisorGlance> {
  const [watches, absences, risks] = await Promise.all([
    services.risks.watches(actor),
    services.staffAbsences.listAbsences(actor, { from: today, to: today }),
    services.risks.list(actor),
  ])
  return {
    warnings: watches
      .filter((watch) => watch.active && watch.state === 'triggered')
      .map((watch) => ({ label: watch.label, text: `${watch.triggerText} (last reading ${watch.lastReading})` })),
    absences: absences
      .filter((absence) => absence.current)
      .map((absence) => ({
        href: `/staff/${absence.staffId}`,
        name: absence.name,
        unit: absence.unitName,
        what: `${ABSENCE_TYPES[absence.absenceType]}${absence.longTerm ? ', long-term' : ''}`,
      })),
    risks: [...risks]
      .sort((a, b) => b.score - a.score || a.reviewDate.localeCompare(b.reviewDate))
      .map((risk) => ({
        href: `/risks/${risk.riskId}`,
        title: risk.title,
        rating: `${RISK_RATING_LABELS[risk.rating]} (score ${risk.score})`,
        raisedByTally: risk.raisedBy === 'indicator',
        reviewOverdue: risk.reviewOverdue,
      })),
  }
}

/** What the person's roles put on their start page, each part read only if a role of theirs needs it. */
export async function startPageWork(services: HomeServices, actor: Actor, clock: Clock): Promise<StartPageWork> {
  const now = clock.now()
  const today = ukDate(now)
  const has = (role: Actor['roles'][number]) => actor.roles.includes(role)
  const lists: WorkList[] = []
  if (has('control_room_operator')) {
    lists.push(await decisionsDue(services, actor, now))
  }
  if (has('officer')) {
    lists.push(await crimesInHand(services, actor, now))
  }
  if (has('officer') || has('victim_care_officer')) {
    lists.push(await victimTasks(services, actor, today))
  }
  if (has('force_crime_registrar')) {
    lists.push(await registrarDecisions(services, actor, now))
  }
  if (has('auditor')) {
    lists.push(...(await auditWork(services, actor, today)), await retentionReviews(services, actor, today))
  }
  if (has('partner_reporter')) {
    lists.push(await partnerReports(services, actor, now))
  }
  const queues =
    actor.permissions.can('queues.view') && !has('officer') ? await queueGlance(services, actor, now) : undefined
  const supervisor = has('imu_supervisor') ? await supervisorGlance(services, actor, today) : undefined
  const accounts = has('administrator') ? await accountsGlance(services, actor) : undefined
  return { lists, queues, supervisor, accounts }
}

async function accountsGlance(services: HomeServices, actor: Actor) {
  const users = (await services.accounts.listUsers(actor)).filter((user) => user.active)
  return { active: users.length, neverSignedIn: users.filter((user) => user.lastSignedInAt === null).length }
}
