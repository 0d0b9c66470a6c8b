import type { Actor } from '../../platform/auth/actor.ts'
import { calendarProblems, isCalendarRegion, type WorkingCalendar } from '../../platform/calendar/working-days.ts'
import { ukDate } from '../../platform/dates.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { CareRow, TaskRow, VictimsRepository } from './victims.repository.ts'
import { dueOn, taskTiming, type VictimTaskKind, type VictimTaskStatus } from './victims.rules.ts'

/** What the force sets (rules 15, 16 and 18), with the defaults a force has until it changes them. */
export interface VictimCareSettings {
  needsAssessmentDays: number
  vpsRequiredForCharge: boolean
  calendar: WorkingCalendar
  version: number
}

export const DEFAULT_SETTINGS: VictimCareSettings = {
  needsAssessmentDays: 5,
  vpsRequiredForCharge: true,
  calendar: { region: 'ENG', extraDaysOff: [] },
  version: 0,
}

export async function settingsIn(tx: ForceTransaction, repository: VictimsRepository): Promise<VictimCareSettings> {
  const row = await repository.settings(tx)
  if (!row) {
    return DEFAULT_SETTINGS
  }
  return {
    needsAssessmentDays: row.needsAssessmentDays,
    vpsRequiredForCharge: row.vpsRequiredForCharge,
    calendar: {
      region: isCalendarRegion(row.calendarRegion) ? row.calendarRegion : 'ENG',
      extraDaysOff: row.extraDaysOff,
    },
    version: row.version,
  }
}

export interface SettingsInput {
  needsAssessmentDays: number
  vpsRequiredForCharge: boolean
  region: string
  extraDaysOff: readonly string[]
}

export function settingsProblems(input: SettingsInput) {
  const problems = calendarProblems(input)
  if (!Number.isInteger(input.needsAssessmentDays) || input.needsAssessmentDays < 0 || input.needsAssessmentDays > 60) {
    problems.unshift({
      field: 'needsAssessmentDays',
      message: 'Enter the needs assessment deadline in working days, from 0 to 60',
    })
  }
  return problems
}

/**
 * Starts, re-times and closes a victim's tasks, inside the caller's transaction. Every change is audited on the
 * victim-care record. Shared by the victims service and the crime hooks.
 */
export class TaskPlanner {
  constructor(
    private readonly repository: VictimsRepository,
    private readonly auditTrail: AuditTrailService,
  ) {}

  /** Starts tasks from `startsOn`, due by the force's calendar and whether the victim has enhanced rights. */
  async start(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    settings: VictimCareSettings,
    tasks: ReadonlyArray<{ kind: VictimTaskKind; startsOn: string; eventId?: string | undefined }>,
    now: Date,
  ): Promise<string[]> {
    const rows = tasks.map((task) => {
      const timing = taskTiming(task.kind, {
        needsAssessmentDays: settings.needsAssessmentDays,
        updateEveryDays: care.updateEveryDays,
      })
      return {
        taskId: newId(),
        careId: care.careId,
        kind: task.kind,
        eventId: task.eventId ?? null,
        startsOn: task.startsOn,
        ...timing,
        dueOn: dueOn({ ...timing, startsOn: task.startsOn }, care.enhanced, settings.calendar),
        contactId: null,
        closedAt: null,
        closedBy: null,
        closedByName: null,
        closingNote: null,
        createdAt: now,
      }
    })
    await this.repository.insertTasks(tx, rows)
    if (rows.length > 0) {
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_TASKS_STARTED',
        recordType: 'victim_care',
        recordId: care.careId,
        changes: { tasks: rows.map((row) => ({ kind: row.kind, dueOn: row.dueOn })) },
      })
    }
    return rows.map((row) => row.taskId)
  }

  /** Rule 17: a change of enhanced rights moves every open task's due day to the new deadline. */
  async retime(tx: ForceTransaction, care: CareRow, settings: VictimCareSettings): Promise<number> {
    let moved = 0
    for (const task of await this.repository.tasks(tx, care.careId)) {
      if (task.status !== 'open') {
        continue
      }
      const due = dueOn(task, care.enhanced, settings.calendar)
      if (due !== task.dueOn) {
        await this.repository.setDue(tx, task.taskId, due)
        moved += 1
      }
    }
    return moved
  }

  /** Closes open tasks without a contact (not possible, handed over, withdrawn), with the reason kept. */
  async closeWithout(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    tasks: readonly TaskRow[],
    status: Exclude<VictimTaskStatus, 'open' | 'done'>,
    note: string,
    now: Date,
  ): Promise<void> {
    const closed = await this.repository.closeTasks(
      tx,
      tasks.map((task) => task.taskId),
      { status, contactId: null, closedAt: now, closedBy: actor.id, closedByName: actor.name, closingNote: note },
    )
    if (closed.length > 0) {
      this.auditTrail.record(tx, actor, {
        action: 'VICTIM_TASKS_CLOSED',
        recordType: 'victim_care',
        recordId: care.careId,
        changes: { tasks: closed.map((task) => task.kind), status },
        reason: note,
      })
    }
  }

  /** Logs a contact and closes the tasks it completes; closing an agreed update schedules the next one. */
  async logContact(
    tx: ForceTransaction,
    actor: Actor,
    care: CareRow,
    settings: VictimCareSettings,
    contact: {
      contactedAt: Date
      method: CareRow['preferredMethod']
      otherMethodReason: string | null
      summary: string
      recordedWith: 'cancellation' | 'transfer' | 'non_crime' | null
      taskIds: readonly string[]
    },
    now: Date,
  ): Promise<{ contactId: string; closed: string[] }> {
    const contactId = newId()
    const { taskIds, ...fields } = contact
    await this.repository.insertContact(tx, {
      contactId,
      careId: care.careId,
      contactedBy: actor.id,
      contactedByName: actor.name,
      recordedAt: now,
      ...fields,
    })
    const closed = await this.repository.closeTasks(tx, taskIds, {
      status: 'done',
      contactId,
      closedAt: now,
      closedBy: actor.id,
      closedByName: actor.name,
      closingNote: null,
    })
    if (closed.length !== taskIds.length) {
      throw ValidationFailed.of('taskIds', 'A task you chose has been closed by someone else: check the list again')
    }
    if (closed.some((task) => task.kind === 'scheduled_update') && care.updateEveryDays !== null) {
      await this.start(
        tx,
        actor,
        care,
        settings,
        [{ kind: 'scheduled_update', startsOn: ukDate(contact.contactedAt) }],
        now,
      )
    }
    this.auditTrail.record(tx, actor, {
      action: 'VICTIM_CONTACT_RECORDED',
      recordType: 'victim_care',
      recordId: care.careId,
      changes: {
        contactId,
        contactedAt: contact.contactedAt.toISOString(),
        method: contact.method,
        recordedWith: contact.recordedWith,
        tasksClosed: closed.map((task) => task.kind),
      },
    })
    return { contactId, closed: closed.map((task) => task.taskId) }
  }
}
