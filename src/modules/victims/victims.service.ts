import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { addDays, ukDate } from '../../platform/dates.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import { changedFields, type AuditTrailService } from '../audit-trail/index.ts'
import type { CareRow, ContactRow, EventRow, QueueTask, TaskRow, VictimsRepository } from './victims.repository.ts'
import {
  compliance,
  contactProblems,
  eventProblems,
  isOverdue,
  manualGroundsProblems,
  planProblems,
  vpsProblems,
  type Compliance,
  type ContactInput,
  type ContactMethod,
  type EventInput,
  type VictimEventKind,
  type VpsInput,
} from './victims.rules.ts'
import {
  settingsIn,
  settingsProblems,
  TaskPlanner,
  type SettingsInput,
  type VictimCareSettings,
} from './victims.tasks.ts'

/** A victim's care as its pages and API show it. */
export interface CareView {
  care: CareRow
  tasks: Array<TaskRow & { overdue: boolean }>
  contacts: ContactRow[]
  events: EventRow[]
  compliance: Compliance
  settings: VictimCareSettings
  today: string
}

export type QueueView = 'overdue' | 'today' | 'open'

export interface QueueFilter {
  view: QueueView
  officerUserId?: string | undefined
  unitId?: string | undefined
}

const QUEUE_LIMIT = 500

/**
 * Victims' Code care (DOMAIN.md §5; rules 5, 7, 15–19): each victim's tasks with their due days on the force's
 * working calendar, the contacts that close them, investigation decisions the victim must hear about, enhanced
 * rights, the Victim Personal Statement offer and the contact plan, and the victim-care queues. The crimes
 * module tells it what happens to a crime through the hooks in victims.hooks.ts.
 */
export class VictimsService {
  readonly planner: TaskPlanner

  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: VictimsRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {
    this.planner = new TaskPlanner(repository, auditTrail)
  }

  today(): string {
    return ukDate(this.clock.now())
  }

  now(): Date {
    return this.clock.now()
  }

  // Settings -------------------------------------------------------------------------------------------------------

  /** The force's settings: read by everyone who sees victim care, and by those who set them. */
  settings(actor: Actor): Promise<VictimCareSettings> {
    actor.permissions.require('victims.view', 'victims.settings')
    return this.db.withForce(actor.forceId, (tx) => settingsIn(tx, this.repository))
  }

  async updateSettings(actor: Actor, input: SettingsInput): Promise<VictimCareSettings> {
    if (!actor.permissions.can('victims.settings')) {
      throw new Forbidden('Your role cannot change the force’s Victims’ Code settings')
    }
    const problems = settingsProblems(input)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await settingsIn(tx, this.repository)
      const values = {
        needsAssessmentDays: input.needsAssessmentDays,
        vpsRequiredForCharge: input.vpsRequiredForCharge,
        calendarRegion: input.region,
        extraDaysOff: [...new Set(input.extraDaysOff)].sort(),
      }
      await this.repository.saveSettings(tx, { ...values, updatedAt: this.clock.now(), updatedBy: actor.name })
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_CARE_SETTINGS_CHANGED',
        recordType: 'victim_care_setting',
        recordId: String(actor.forceId),
        changes: changedFields(
          {
            needsAssessmentDays: before.needsAssessmentDays,
            vpsRequiredForCharge: before.vpsRequiredForCharge,
            calendarRegion: before.calendar.region,
            extraDaysOff: before.calendar.extraDaysOff,
          },
          values,
        ),
      })
      return settingsIn(tx, this.repository)
    })
  }

  // Reading --------------------------------------------------------------------------------------------------------

  /** A victim's care, its tasks, contacts and events; a view of personal data, so audited (rule 20). */
  async view(actor: Actor, careId: string): Promise<CareView> {
    actor.permissions.require('victims.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const care = await this.careOrThrow(tx, careId)
      this.auditTrail.record(tx, actor, { action: 'VICTIM_CARE_VIEWED', recordType: 'victim_care', recordId: careId })
      return this.viewIn(tx, care)
    })
  }

  /** The care of a crime's victim, or undefined when the crime has none (recorded before victim care began). */
  async careIdForCrime(actor: Actor, crimeId: string): Promise<string | undefined> {
    actor.permissions.require('victims.view')
    if (!isUuid(crimeId)) {
      return undefined
    }
    return this.db.withForce(actor.forceId, async (tx) => (await this.repository.careForCrime(tx, crimeId))?.careId)
  }

  /** Rule 14: the crime's Victims' Code compliance from its tasks, for the IMU quality check. */
  async complianceForCrime(actor: Actor, crimeId: string): Promise<(Compliance & { careId: string }) | undefined> {
    actor.permissions.require('victims.view')
    if (!isUuid(crimeId)) {
      return undefined
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const care = await this.repository.careForCrime(tx, crimeId)
      if (!care) {
        return undefined
      }
      return { careId: care.careId, ...(await this.viewIn(tx, care)).compliance }
    })
  }

  private async viewIn(tx: ForceTransaction, care: CareRow): Promise<CareView> {
    const today = this.today()
    const [tasks, contacts, events, settings] = await Promise.all([
      this.repository.tasks(tx, care.careId),
      this.repository.contacts(tx, care.careId),
      this.repository.events(tx, care.careId),
      settingsIn(tx, this.repository),
    ])
    return {
      care,
      tasks: tasks.map((task) => ({ ...task, overdue: isOverdue(task, today) })),
      contacts,
      events,
      compliance: compliance(
        tasks.map((task) => ({ ...task, closedOn: task.closedAt ? ukDate(task.closedAt) : null })),
        today,
      ),
      settings,
      today,
    }
  }

  /** Rule 15: the victim-care queues — overdue, due today, or every open task — by officer or unit. */
  async queue(actor: Actor, filter: QueueFilter): Promise<{ tasks: Array<QueueTask & { overdue: boolean }> }> {
    actor.permissions.require('victims.view')
    const today = this.today()
    const dueBy = filter.view === 'overdue' ? addDays(today, -1) : filter.view === 'today' ? today : undefined
    return this.db.withForce(actor.forceId, async (tx) => {
      const tasks = await this.repository.openTasks(
        tx,
        {
          dueBy,
          officerUserId: isUuid(filter.officerUserId) ? filter.officerUserId : undefined,
          unitId: isUuid(filter.unitId) ? filter.unitId : undefined,
        },
        QUEUE_LIMIT,
      )
      const shown = filter.view === 'today' ? tasks.filter((task) => task.dueOn === today) : tasks
      return { tasks: shown.map((task) => ({ ...task, overdue: isOverdue(task, today) })) }
    })
  }

  /** Open, overdue and due-today counts by officer and unit, for the IMU dashboard and the task list. */
  async counts(actor: Actor) {
    actor.permissions.require('victims.view')
    const today = this.today()
    const rows = await this.db.withForce(actor.forceId, (tx) => this.repository.openCounts(tx, today))
    const total = rows.reduce(
      (sum, row) => ({
        open: sum.open + Number(row.open),
        overdue: sum.overdue + Number(row.overdue),
        dueToday: sum.dueToday + Number(row.dueToday),
      }),
      { open: 0, overdue: 0, dueToday: 0 },
    )
    return {
      total,
      byHolder: rows.map((row) => ({
        ...row,
        open: Number(row.open),
        overdue: Number(row.overdue),
        dueToday: Number(row.dueToday),
      })),
    }
  }

  // Changes --------------------------------------------------------------------------------------------------------

  /** Rules 5, 15 and 19: logs a contact and closes the tasks it completes; nothing is stored if any field is wrong. */
  async recordContact(
    actor: Actor,
    careId: string,
    input: ContactInput & { expectedVersion?: number | undefined },
  ): Promise<{ contactId: string; closed: string[] }> {
    this.mayManage(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      const care = await this.careOrThrow(tx, careId, true)
      const open = (await this.repository.tasks(tx, careId)).filter((task) => task.status === 'open')
      const problems = contactProblems(input, {
        reportedAt: care.reportedAt,
        now: this.clock.now(),
        preferredMethod: care.preferredMethod,
        openTaskIds: open.map((task) => task.taskId),
        referralTaskIds: open.filter((task) => task.kind === 'support_referral').map((task) => task.taskId),
      })
      if (problems.length > 0) {
        throw new ValidationFailed(problems)
      }
      const settings = await settingsIn(tx, this.repository)
      const consent = input.referralConsent === 'given' || input.referralConsent === 'declined'
      let current = care
      if (consent && open.some((task) => task.kind === 'support_referral' && input.taskIds.includes(task.taskId))) {
        current = await this.repository.updateCare(tx, careId, {
          referralConsent: input.referralConsent as 'given' | 'declined',
          updatedAt: this.clock.now(),
        })
      }
      return this.planner.logContact(
        tx,
        actor,
        current,
        settings,
        {
          contactedAt: input.contactedAt!,
          method: input.method as ContactMethod,
          otherMethodReason: input.otherMethodReason?.trim() || null,
          summary: input.summary.trim(),
          recordedWith: null,
          taskIds: input.taskIds,
        },
        this.clock.now(),
      )
    })
  }

  /** Rule 15: an investigation decision starts a task to tell the victim (5 working days, 1 if enhanced). */
  async recordEvent(actor: Actor, careId: string, input: EventInput): Promise<{ eventId: string; taskId: string }> {
    this.mayManage(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      const care = await this.careOrThrow(tx, careId, true)
      const problems = eventProblems(input, { reportedOn: ukDate(care.reportedAt), today: this.today() })
      if (problems.length > 0) {
        throw new ValidationFailed(problems)
      }
      return this.recordEventIn(tx, actor, care, input.kind as VictimEventKind, input.occurredOn, input.details ?? '')
    })
  }

  async recordEventIn(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    kind: VictimEventKind,
    occurredOn: string,
    details: string,
  ): Promise<{ eventId: string; taskId: string }> {
    const now = this.clock.now()
    const eventId = newId()
    await this.repository.insertEvent(tx, {
      eventId,
      careId: care.careId,
      kind,
      occurredOn,
      details: details.trim(),
      recordedAt: now,
      recordedBy: actor.id,
      recordedByName: actor.name,
    })
    this.auditTrail.record(tx, actor, {
      action: 'VICTIM_EVENT_RECORDED',
      recordType: 'victim_care',
      recordId: care.careId,
      changes: { eventId, kind, occurredOn },
    })
    const settings = await settingsIn(tx, this.repository)
    const [taskId] = await this.planner.start(
      tx,
      actor,
      care,
      settings,
      [{ kind: 'event_notification', startsOn: occurredOn, eventId }],
      now,
    )
    return { eventId, taskId: taskId! }
  }

  /** Rule 17: enhanced rights set (or cleared) by hand with a reason; open tasks are re-timed. */
  async setManualGrounds(
    actor: Actor,
    careId: string,
    input: { grounds: readonly string[]; reason: string; expectedVersion: number },
  ): Promise<{ enhanced: boolean; retimed: number }> {
    this.mayManage(actor)
    const problems = manualGroundsProblems(input.grounds, input.reason)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.careOrThrow(tx, careId, true)
      this.checkVersion(before, input.expectedVersion)
      const grounds = [...new Set(input.grounds)].sort()
      const after = await this.repository.updateCare(tx, careId, {
        manualGrounds: grounds,
        manualReason: input.reason.trim(),
        updatedAt: this.clock.now(),
      })
      const retimed =
        after.enhanced === before.enhanced
          ? 0
          : await this.planner.retime(tx, after, await settingsIn(tx, this.repository))
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_ENHANCED_RIGHTS_CHANGED',
        recordType: 'victim_care',
        recordId: careId,
        changes: {
          ...changedFields(
            { manualGrounds: before.manualGrounds, enhanced: before.enhanced },
            {
              manualGrounds: grounds,
              enhanced: after.enhanced,
            },
          ),
          tasksRetimed: retimed,
        },
        reason: input.reason.trim(),
      })
      return { enhanced: after.enhanced, retimed }
    })
  }

  /** Rule 18: when and by whom the VPS was offered, the answer and the statement's link. */
  async recordVps(actor: Actor, careId: string, input: VpsInput & { expectedVersion: number }): Promise<CareRow> {
    this.mayManage(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.careOrThrow(tx, careId, true)
      const problems = vpsProblems(input, { reportedOn: ukDate(before.reportedAt), today: this.today() })
      if (problems.length > 0) {
        throw new ValidationFailed(problems)
      }
      this.checkVersion(before, input.expectedVersion)
      const values = {
        vpsOfferedOn: input.offeredOn,
        vpsOfferedBy: input.offeredBy.trim(),
        vpsResponse: (input.response || null) as CareRow['vpsResponse'],
        vpsLink: input.link?.trim() || null,
      }
      const after = await this.repository.updateCare(tx, careId, { ...values, updatedAt: this.clock.now() })
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_VPS_RECORDED',
        recordType: 'victim_care',
        recordId: careId,
        changes: changedFields(before, values),
      })
      return after
    })
  }

  /** Rule 19: the agreed update frequency and preferred method; the next update is scheduled from today. */
  async setContactPlan(
    actor: Actor,
    careId: string,
    input: { updateEveryDays: number | undefined; preferredMethod: string; expectedVersion: number },
  ): Promise<CareRow> {
    this.mayManage(actor)
    const problems = planProblems(input)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.careOrThrow(tx, careId, true)
      this.checkVersion(before, input.expectedVersion)
      const now = this.clock.now()
      const values = {
        updateEveryDays: input.updateEveryDays!,
        preferredMethod: input.preferredMethod as ContactMethod,
        planAgreedOn: this.today(),
      }
      const after = await this.repository.updateCare(tx, careId, { ...values, updatedAt: now })
      const open = (await this.repository.tasks(tx, careId)).filter(
        (task) => task.status === 'open' && task.kind === 'scheduled_update',
      )
      await this.planner.closeWithout(tx, actor, after, open, 'withdrawn', 'The contact plan changed', now)
      const settings = await settingsIn(tx, this.repository)
      await this.planner.start(tx, actor, after, settings, [{ kind: 'scheduled_update', startsOn: this.today() }], now)
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_CONTACT_PLAN_SET',
        recordType: 'victim_care',
        recordId: careId,
        changes: changedFields(before, values),
      })
      return after
    })
  }

  /** Who looks after the victim: the victim-care officer and unit the queues count them under. */
  async assign(
    actor: Actor,
    careId: string,
    input: { officerUserId: string | null; unitId: string | null; expectedVersion: number },
  ): Promise<CareRow> {
    this.mayManage(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.careOrThrow(tx, careId, true)
      this.checkVersion(before, input.expectedVersion)
      const values = { officerUserId: input.officerUserId, unitId: input.unitId }
      const after = await this.repository.updateCare(tx, careId, { ...values, updatedAt: this.clock.now() })
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_CARE_ASSIGNED',
        recordType: 'victim_care',
        recordId: careId,
        changes: changedFields(before, values),
      })
      return after
    })
  }

  // Helpers --------------------------------------------------------------------------------------------------------

  private mayManage(actor: Actor): void {
    if (!actor.permissions.can('victims.manage')) {
      throw new Forbidden('Your role cannot change victim care')
    }
  }

  private checkVersion(care: CareRow, expectedVersion: number): void {
    if (care.version !== expectedVersion) {
      throw new Conflict(
        `Victim care for ${care.reference} was changed by someone else since you opened it: reload it to see their changes`,
        { currentVersion: care.version },
      )
    }
  }

  private async careOrThrow(tx: ForceTransaction, careId: string, lock = false): Promise<CareRow> {
    const care = isUuid(careId) ? await this.repository.care(tx, careId, { lock }) : undefined
    if (!care) {
      throw new NotFound('There is no victim care record with that id in this force')
    }
    return care
  }
}
