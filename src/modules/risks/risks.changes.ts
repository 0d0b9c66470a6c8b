import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { RiskChangeKind, RiskTemplateJson } from '../../platform/db/tables/risks.ts'
import { Conflict } from '../../platform/http/errors.ts'
import { newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { RisksRepository, WatchRow } from './risks.repository.ts'
import { escalate, type Trigger, type WatchEvaluation } from './risks.rules.ts'
import type { CheckResult } from './risks.types.ts'

/** How a notice of a raised or escalated risk begins (the register counts them against the last check). */
export const RAISED_NOTICE = 'Tally raised a new risk: '
export const ESCALATED_NOTICE = 'Tally escalated a risk you own: '

/**
 * Changes to risks in the caller's transaction, each kept in the risk's history: what a check of the watched
 * indicators does (raise, escalate, clear, telling the owner in the app) and the history entry every change makes.
 * The risk service checks who may act before it calls these.
 */
export class RiskChanges {
  constructor(
    private readonly repository: RisksRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  /** Records one watch's reading and acts on what changed: raise, escalate or clear, noted in `result`. */
  async act(
    tx: ForceTransaction,
    actor: Actor,
    evaluation: WatchEvaluation<WatchRow & { trigger: Trigger }>,
    date: string,
    defaultOwner: string | null,
    result: CheckResult,
  ): Promise<void> {
    const watch = evaluation.watch
    const reading = JSON.stringify({ value: evaluation.reading })
    if (evaluation.action === 'none') {
      await this.repository.recordCheck(tx, watch.linkId, { lastReading: reading, lastCheckedOn: date })
      return
    }
    const nextState = evaluation.action === 'clear' ? 'clear' : 'triggered'
    const moved = await this.repository.recordCheck(
      tx,
      watch.linkId,
      {
        state: nextState,
        lastReading: reading,
        lastCheckedOn: date,
        triggeredOn: nextState === 'triggered' ? date : null,
      },
      watch.state,
    )
    if (!moved) {
      return // another check acted on this change already
    }
    switch (evaluation.action) {
      case 'raise': {
        const raised = await this.raise(tx, actor, watch, evaluation.reason, date, defaultOwner)
        result.raised.push(raised)
        break
      }
      case 'escalate': {
        const escalated = await this.escalate(tx, actor, watch.riskId!, evaluation.reason, date)
        if (escalated) {
          result.escalated.push(escalated)
        }
        break
      }
      case 'clear':
        if (watch.riskId) {
          await this.record(tx, actor, watch.riskId, 'indicator_cleared', {}, evaluation.reason)
          this.auditTrail.record(tx, actor, {
            action: 'RISK_INDICATOR_CLEARED',
            recordType: 'risk',
            recordId: watch.riskId,
            reason: evaluation.reason,
          })
        }
        result.cleared.push({ riskId: watch.riskId, reason: evaluation.reason })
        break
    }
  }

  private async raise(
    tx: ForceTransaction,
    actor: Actor,
    watch: WatchRow,
    reason: string,
    date: string,
    defaultOwner: string | null,
  ) {
    const template = watch.template as RiskTemplateJson
    const now = this.clock.now()
    const riskId = newId()
    const ownerUserId = watch.ownerUserId ?? defaultOwner
    const fields = {
      title: template.title,
      description: template.description,
      ownerUserId,
      likelihood: template.likelihood,
      impact: template.impact,
      mitigations: template.mitigations,
      status: 'open' as const,
      reviewDate: date,
    }
    await this.repository.insertRisk(tx, { riskId, ...fields, raisedBy: 'indicator', createdAt: now, updatedAt: now })
    await this.repository.recordCheck(tx, watch.linkId, { riskId })
    const changes = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { before: null, after: v }]))
    await this.record(tx, actor, riskId, 'raised', changes, reason)
    await this.repository.insertNotification(tx, {
      notificationId: newId(),
      riskId,
      recipientUserId: ownerUserId,
      createdAt: now,
      message: `${RAISED_NOTICE}${template.title}`,
      reason,
    })
    this.auditTrail.record(tx, actor, { action: 'RISK_RAISED', recordType: 'risk', recordId: riskId, changes, reason })
    return { riskId, title: template.title, reason }
  }

  private async escalate(tx: ForceTransaction, actor: Actor, riskId: string, reason: string, date: string) {
    const risk = await this.repository.findRisk(tx, riskId)
    if (!risk) {
      return undefined
    }
    const after = escalate(risk, date)
    const changes: Record<string, { before: unknown; after: unknown }> = {}
    for (const field of ['likelihood', 'status', 'reviewDate'] as const) {
      if (risk[field] !== after[field]) {
        changes[field] = { before: risk[field], after: after[field] }
      }
    }
    const updated = await this.repository.updateRisk(tx, riskId, risk.version, {
      likelihood: after.likelihood,
      status: after.status,
      reviewDate: after.reviewDate,
      updatedAt: this.clock.now(),
    })
    if (!updated) {
      throw new Conflict('The risk changed while Tally was escalating it; the next check will try again')
    }
    await this.record(tx, actor, riskId, 'escalated', changes, reason)
    const score = `likelihood ${risk.likelihood} → ${after.likelihood}, score ${risk.score} → ${after.likelihood * risk.impact}`
    await this.repository.insertNotification(tx, {
      notificationId: newId(),
      riskId,
      recipientUserId: risk.ownerUserId,
      createdAt: this.clock.now(),
      message: `${ESCALATED_NOTICE}${risk.title} (${score})`,
      reason,
    })
    this.auditTrail.record(tx, actor, {
      action: 'RISK_ESCALATED',
      recordType: 'risk',
      recordId: riskId,
      changes,
      reason,
    })
    return { riskId, title: risk.title, reason }
  }

  async record(
    tx: ForceTransaction,
    actor: Actor,
    riskId: string,
    kind: RiskChangeKind,
    changes: Record<string, { before: unknown; after: unknown }>,
    reason: string | null,
  ): Promise<void> {
    await this.repository.insertChange(tx, {
      changeId: newId(),
      riskId,
      changedAt: this.clock.now(),
      actorType: actor.type,
      actorId: actor.id,
      actorName: actor.name,
      kind,
      changes: JSON.stringify(changes),
      reason,
    })
  }
}
