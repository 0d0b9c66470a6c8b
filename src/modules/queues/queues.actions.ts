import { type Actor } from '../../platform/auth/actor.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, Forbidden, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import { actionInputProblems, type CrimeActionInput, type CrimeWorklists } from '../crimes/index.ts'
import { isQueueAction, QUEUE_ACTION_RULES, queueDefinition, type QueueAction, type QueueKey } from './queues.rules.ts'
import { isUuid } from '../../platform/ids.ts'
import { checkChosen } from './queues.reads.ts'
import type { BulkInput, BulkResult, ChosenItem, CrimesPort } from './queues.shapes.ts'

/**
 * Acting on queue items: one action on many crimes, or on one from its page. Every change goes through the crimes
 * service's `act` (its workflow, its version check, its audit trail), at the version the person saw.
 */
export class QueueActions {
  constructor(
    private readonly db: TallyDatabase,
    private readonly crimeWorklists: CrimeWorklists,
    private readonly crimes: CrimesPort,
    private readonly auditTrail: AuditTrailService,
  ) {}

  /**
   * One action on many crimes. The input is checked once, before anything changes; then each crime is changed by
   * the crimes service in its own transaction, at the version the person saw. A crime someone else changed in
   * the meantime is not touched and is reported back (conflict); the others are done. Nothing is lost: every
   * change and the bulk action itself are in the audit trail.
   */
  async bulkAct(
    actor: Actor,
    key: QueueKey,
    action: string,
    items: readonly ChosenItem[],
    input: BulkInput = {},
  ): Promise<BulkResult> {
    this.requireWork(actor)
    const queue = queueDefinition(key)
    if (queue.source !== 'crime' || !isQueueAction(action) || !queue.actions.includes(action)) {
      throw ValidationFailed.of('action', `Choose one of the actions this queue offers`)
    }
    checkChosen(queue, items)
    const actionInput = checkActionInput(action, input)
    const result: BulkResult = { action, done: [], notDone: [] }
    for (const item of items) {
      try {
        const after = await this.crimes.act(actor, item.crimeId, {
          ...actionInput,
          action,
          expectedVersion: item.expectedVersion,
        })
        result.done.push({ crimeId: item.crimeId, crimeReference: after.crimeReference })
      } catch (error) {
        if (
          error instanceof Conflict ||
          error instanceof Forbidden ||
          error instanceof NotFound ||
          error instanceof ValidationFailed
        ) {
          result.notDone.push({
            crimeId: item.crimeId,
            crimeReference: '',
            reason:
              error instanceof ValidationFailed ? error.fieldErrors.map((e) => e.message).join('; ') : error.message,
            conflict: error instanceof Conflict,
          })
        } else {
          throw error
        }
      }
    }
    if (result.notDone.length > 0) {
      const rows = await this.db.withForce(actor.forceId, (tx) =>
        this.crimeWorklists.chosen(
          tx,
          result.notDone.map((item) => item.crimeId),
        ),
      )
      for (const item of result.notDone) {
        item.crimeReference = rows.find((row) => row.crimeId === item.crimeId)?.crimeReference ?? 'Unknown crime'
      }
    }
    if (items.length > 1) {
      await this.db.withForce(actor.forceId, (tx) => {
        this.auditTrail.record(tx, actor, {
          action: 'QUEUE_BULK_ACTION',
          recordType: 'queue',
          recordId: queue.key,
          changes: {
            action,
            done: result.done.map((item) => item.crimeId),
            notDone: result.notDone.map((item) => ({ crimeId: item.crimeId, reason: item.reason })),
          },
          reason: actionInput.reason,
        })
      })
    }
    return result
  }

  /**
   * One action on one crime from its page in a queue, at the version the person saw. Unlike `bulkAct`, a refusal
   * is thrown as it is (the form shows its field errors; a stale version is a conflict page).
   */
  async actOn(
    actor: Actor,
    key: QueueKey,
    crimeId: string,
    action: QueueAction,
    expectedVersion: number,
    input: BulkInput = {},
  ): Promise<{ crimeId: string; crimeReference: string; version: number }> {
    this.requireWork(actor)
    const queue = queueDefinition(key)
    if (queue.source !== 'crime' || !queue.actions.includes(action)) {
      throw ValidationFailed.of('action', 'Choose one of the actions this queue offers')
    }
    if (!isUuid(crimeId)) {
      throw new NotFound('There is no crime with this id in this force')
    }
    if (!Number.isInteger(expectedVersion) || expectedVersion < 1) {
      throw new Conflict('This page is out of date: reload the crime and try again')
    }
    const actionInput = checkActionInput(action, input)
    const after = await this.crimes.act(actor, crimeId, { ...actionInput, action, expectedVersion })
    return { crimeId: after.crimeId, crimeReference: after.crimeReference, version: after.version }
  }

  private requireWork(actor: Actor): void {
    if (!actor.permissions.can('queues.work')) {
      throw new Forbidden('Your role cannot work the IMU queues')
    }
  }
}

/**
 * The one input an action needs, checked by the crimes module before any crime is touched (nothing changes unless
 * it is all valid), with the field errors `crimes.act` would give each crime.
 */
function checkActionInput(action: QueueAction, input: BulkInput): Omit<CrimeActionInput, 'action' | 'expectedVersion'> {
  const problems = actionInputProblems(action, input)
  if (problems.length > 0) {
    throw new ValidationFailed(problems)
  }
  switch (QUEUE_ACTION_RULES[action].input) {
    case 'none':
      return {}
    case 'reason':
      return { reason: input.reason!.trim() }
    case 'assignment':
      return {
        assignedUserId: input.assignedUserId?.trim() || null,
        assignedUnitId: input.assignedUnitId?.trim() || null,
      }
    case 'filingChecklist':
      return { checklist: [...(input.checklist ?? [])] }
  }
}
