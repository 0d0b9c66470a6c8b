import type { Actor } from '../../platform/auth/actor.ts'
import { Permissions } from '../../platform/auth/permissions.ts'
import type { Role } from '../../platform/auth/roles.ts'
import type { Clock } from '../../platform/clock.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import { Conflict, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { ukDate } from '../../platform/dates.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { IndicatorRegistry } from './risks.indicators.ts'
import type { NotificationRow, RiskRow, RisksRepository } from './risks.repository.ts'
import { RiskChanges } from './risks.changes.ts'
import { checkedTrigger, checkView, storedTrigger, toNumber, triggerColumns, watchView } from './risks.records.ts'
import {
  DEFAULT_WATCHES,
  describeTrigger,
  evaluateWatches,
  reviewOverdue,
  riskProblems,
  riskRating,
  type Reading,
  type RiskFields,
  type RiskStatus,
} from './risks.rules.ts'
import type { CheckResult, LastCheck, RiskInput, RiskOwnerDirectory, RiskView, WatchView } from './risks.types.ts'

export type * from './risks.types.ts'

function canOwnRisks(roles: readonly Role[]): boolean {
  const permissions = new Permissions(roles)
  return permissions.can('risks.view') && permissions.can('risks.manage')
}
export { checkActor } from './risks.types.ts'

/**
 * The risk register. People create and edit risks; Tally checks the watched indicators and raises or escalates
 * risks itself, telling the owner in the app and recording why. Every change is kept in the risk's history and
 * in the audit trail.
 */
export class RisksService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: RisksRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly owners: RiskOwnerDirectory,
    private readonly clock: Clock,
    readonly indicators: IndicatorRegistry,
    private readonly onIndicatorError: (key: string, error: unknown) => void = () => {},
  ) {
    this.changes = new RiskChanges(repository, auditTrail, clock)
  }

  private readonly changes: RiskChanges

  /** Today in the UK: review dates and indicator checks are calendar days. */
  today(): string {
    return ukDate(this.clock.now())
  }

  /** Active users who could own a risk, by name. */
  async possibleOwners(actor: Actor): Promise<Array<{ userId: string; displayName: string; roles: readonly Role[] }>> {
    actor.permissions.require('risks.view')
    // An owner must be able to open the register and act on the risk: not an auditor, inspector or partner.
    return (await this.owners.listUsers(actor))
      .filter((user) => user.active && canOwnRisks(user.roles))
      .map(({ userId, displayName, roles }) => ({ userId, displayName, roles }))
      .sort((a, b) => a.displayName.localeCompare(b.displayName))
  }

  async list(actor: Actor, options: { includeClosed?: boolean } = {}): Promise<RiskView[]> {
    actor.permissions.require('risks.view')
    const [rows, names] = await Promise.all([
      this.db.withForce(actor.forceId, (tx) => this.repository.listRisks(tx, options.includeClosed ?? false)),
      this.ownerNames(actor),
    ])
    return rows.map((row) => this.view(row, names))
  }

  async get(actor: Actor, riskId: string) {
    actor.permissions.require('risks.view')
    if (!isUuid(riskId)) {
      throw new NotFound('No risk with that id')
    }
    const names = await this.ownerNames(actor)
    return this.db.withForce(actor.forceId, async (tx) => {
      const risk = await this.repository.findRisk(tx, riskId)
      if (!risk) {
        throw new NotFound('No risk with that id')
      }
      const [history, watches, notifications] = await Promise.all([
        this.repository.changesFor(tx, riskId),
        this.repository.watches(tx, { riskId }),
        this.repository.notificationsForRisk(tx, riskId, actor.type === 'user' ? actor.id : null),
      ])
      return {
        risk: this.view(risk, names),
        history,
        watches: watches.map((watch) => watchView(this.indicators, watch)),
        notifications,
      }
    })
  }

  /** Records a new risk. Every wrong field is named; nothing is stored unless all are right. */
  async create(actor: Actor, input: RiskInput): Promise<{ riskId: string }> {
    actor.permissions.require('risks.manage')
    const fields = await this.checked(actor, input)
    const now = this.clock.now()
    const riskId = newId()
    await this.db.withForce(actor.forceId, async (tx) => {
      await this.repository.insertRisk(tx, { riskId, ...fields, raisedBy: 'person', createdAt: now, updatedAt: now })
      const changes = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { before: null, after: v }]))
      await this.changes.record(tx, actor, riskId, 'created', changes, null)
      this.auditTrail.record(tx, actor, { action: 'RISK_CREATED', recordType: 'risk', recordId: riskId, changes })
    })
    return { riskId }
  }

  /** Changes a risk saved at `expectedVersion`; a stale version is a Conflict. `reason` goes into its history. */
  async update(
    actor: Actor,
    riskId: string,
    input: RiskInput & { expectedVersion: number; reason?: string | undefined },
  ): Promise<void> {
    actor.permissions.require('risks.manage')
    const fields = await this.checked(actor, input)
    if ((input.reason ?? '').length > 2000) {
      throw ValidationFailed.of('reason', 'Reason must be 2,000 characters or fewer')
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      const before = await this.repository.findRisk(tx, riskId)
      if (!before) {
        throw new NotFound('No risk with that id')
      }
      const changes: Record<string, { before: unknown; after: unknown }> = {}
      for (const [field, after] of Object.entries(fields)) {
        const was = before[field as keyof typeof fields]
        if (was !== after) {
          changes[field] = { before: was, after }
        }
      }
      const updated = await this.repository.updateRisk(tx, riskId, input.expectedVersion, {
        ...fields,
        updatedAt: this.clock.now(),
      })
      if (!updated) {
        throw new Conflict(
          'Someone else changed this risk while you were editing it. Your changes were not saved: look at the risk again and make them there.',
        )
      }
      const reason = input.reason?.trim() || null
      await this.changes.record(tx, actor, riskId, 'updated', changes, reason)
      this.auditTrail.record(tx, actor, {
        action: 'RISK_UPDATED',
        recordType: 'risk',
        recordId: riskId,
        changes,
        reason: reason ?? undefined,
      })
    })
  }

  /** Links a risk to a live indicator: when its trigger fires, the risk is escalated. */
  async linkIndicator(
    actor: Actor,
    riskId: string,
    input: {
      indicatorKey: string
      kind: string
      threshold?: number | string | undefined
      weeks?: number | string | undefined
    },
  ): Promise<{ linkId: string }> {
    actor.permissions.require('risks.manage')
    const indicator = this.indicators.get(input.indicatorKey)
    if (!indicator) {
      throw ValidationFailed.of('indicatorKey', 'Choose an indicator from the list')
    }
    const trigger = checkedTrigger(input, indicator.unit)
    const linkId = newId()
    await this.db.withForce(actor.forceId, async (tx) => {
      if (!(await this.repository.findRisk(tx, riskId))) {
        throw new NotFound('No risk with that id')
      }
      await this.repository.insertWatch(tx, {
        linkId,
        riskId,
        indicatorKey: indicator.key,
        ...triggerColumns(trigger),
        createdAt: this.clock.now(),
      })
      const changes = {
        [`indicator ${indicator.label}`]: { before: null, after: describeTrigger(trigger, indicator.unit) },
      }
      await this.changes.record(tx, actor, riskId, 'indicator_linked', changes, null)
      this.auditTrail.record(tx, actor, {
        action: 'RISK_INDICATOR_LINKED',
        recordType: 'risk',
        recordId: riskId,
        changes: { indicatorKey: { before: null, after: indicator.key }, trigger: { before: null, after: trigger } },
      })
    })
    return { linkId }
  }

  /** Stops watching an indicator for a risk (the watch is switched off, and kept for the history). */
  async unlinkIndicator(actor: Actor, riskId: string, linkId: string): Promise<void> {
    actor.permissions.require('risks.manage')
    await this.db.withForce(actor.forceId, async (tx) => {
      const watch = await this.repository.findWatch(tx, linkId)
      if (!watch || watch.riskId !== riskId || !watch.active) {
        throw new NotFound('That indicator is not linked to this risk')
      }
      if (!(await this.repository.updateWatch(tx, linkId, watch.version, { active: false }))) {
        throw new Conflict('Someone else changed this indicator link at the same time. Try again.')
      }
      const label = this.indicators.get(watch.indicatorKey)?.label ?? watch.indicatorKey
      await this.changes.record(
        tx,
        actor,
        riskId,
        'indicator_unlinked',
        { [`indicator ${label}`]: { before: 'watched', after: null } },
        null,
      )
      this.auditTrail.record(tx, actor, {
        action: 'RISK_INDICATOR_UNLINKED',
        recordType: 'risk',
        recordId: riskId,
        changes: { indicatorKey: { before: watch.indicatorKey, after: null } },
      })
    })
  }

  /**
   * Every watch in the force, with its indicator, trigger and last reading (the "watched indicators" page). Only
   * reads: the default watches appear once the force's first check has installed them.
   */
  async watches(actor: Actor): Promise<WatchView[]> {
    actor.permissions.require('risks.view')
    const rows = await this.db.withForce(actor.forceId, (tx) => this.repository.watches(tx))
    return rows.map((row) => watchView(this.indicators, row))
  }

  /** Changes a watch's trigger, owner for raised risks, or switches it on or off. */
  async updateWatch(
    actor: Actor,
    linkId: string,
    input: {
      kind: string
      threshold?: number | string | undefined
      weeks?: number | string | undefined
      active: boolean
      ownerUserId?: string | undefined
      expectedVersion: number
    },
  ): Promise<void> {
    actor.permissions.require('risks.manage')
    const owners = await this.possibleOwners(actor)
    await this.db.withForce(actor.forceId, async (tx) => {
      const watch = await this.repository.findWatch(tx, linkId)
      if (!watch) {
        throw new NotFound('No watched indicator with that id')
      }
      const indicator = this.indicators.get(watch.indicatorKey)
      const trigger = checkedTrigger(
        input,
        indicator?.unit ?? (watch.triggerKind === 'within-weeks' ? 'date' : 'count'),
      )
      const ownerUserId = input.ownerUserId ? input.ownerUserId : null
      if (ownerUserId !== null && !owners.some((o) => o.userId === ownerUserId)) {
        throw ValidationFailed.of('ownerUserId', 'Choose an owner from this force’s users')
      }
      const updated = await this.repository.updateWatch(tx, linkId, input.expectedVersion, {
        ...triggerColumns(trigger),
        active: input.active,
        ownerUserId,
      })
      if (!updated) {
        throw new Conflict('Someone else changed this watched indicator while you were editing it. Try again.')
      }
      this.auditTrail.record(tx, actor, {
        action: 'RISK_WATCH_CHANGED',
        recordType: 'risk-indicator-link',
        recordId: linkId,
        changes: {
          trigger: { before: storedTrigger(watch), after: trigger },
          active: { before: watch.active, after: input.active },
          ownerUserId: { before: watch.ownerUserId, after: ownerUserId },
        },
      })
    })
  }

  /**
   * Checks every watched indicator for `date` and acts on what changed: raises a new risk, escalates the linked
   * one, or notes an indicator back within its trigger — telling the owner in the app and recording why. This
   * writes, so it runs only from the daily timer, `tally risks check` and "Check indicators now" (POST
   * /risks/check), never from opening a page; each check is kept (`lastCheck`) for the register to show. Checking
   * twice raises nothing twice, because only a change of a watch's state acts and that change is made once
   * (compare-and-set). A force's first check installs the default watches.
   */
  async evaluateIndicators(actor: Actor, date: string): Promise<CheckResult> {
    actor.permissions.require('risks.manage')
    const installed = await this.installDefaultWatches(actor)
    const watches = await this.db.withForce(actor.forceId, (tx) => this.repository.watches(tx, { activeOnly: true }))
    const result: CheckResult = {
      date,
      checkedAt: this.clock.now(),
      installed,
      checked: 0,
      raised: [],
      escalated: [],
      cleared: [],
      unreadable: [],
    }

    // Read before opening the transaction: indicators use their own modules' services and transactions.
    const readings = await this.readIndicators(actor, watches, date, result)
    const meta = new Map(this.indicators.list().map((i) => [i.key, { label: i.label, unit: i.unit }]))
    const evaluations = evaluateWatches(
      watches.map((w) => ({ ...w, trigger: storedTrigger(w) })),
      readings,
      meta,
      date,
    )
    result.checked = evaluations.length
    const defaultOwner = evaluations.some((e) => e.action === 'raise') ? await this.defaultOwner(actor) : null

    await this.db.withForce(actor.forceId, async (tx) => {
      for (const evaluation of evaluations) {
        await this.changes.act(tx, actor, evaluation, date, defaultOwner, result)
      }
      await this.repository.insertCheck(tx, {
        checkId: newId(),
        checkedAt: result.checkedAt,
        checkedFor: date,
        requestedBy: actor.name,
        watchesInstalled: result.installed,
        watchesChecked: result.checked,
        raised: result.raised.length,
        escalated: result.escalated.length,
        cleared: result.cleared.length,
        unreadable: JSON.stringify(result.unreadable),
      })
    })
    return result
  }

  /** The most recent check of the watched indicators, for the register to show; undefined before the first. */
  async lastCheck(actor: Actor): Promise<LastCheck | undefined> {
    actor.permissions.require('risks.view')
    const row = await this.db.withForce(actor.forceId, (tx) => this.repository.lastCheck(tx))
    return row === undefined ? undefined : checkView(this.indicators, row)
  }

  /** What a signed-in user should be told: notifications for them and for everyone who manages risks. */
  async notificationsFor(actor: Actor): Promise<NotificationRow[]> {
    actor.permissions.require('risks.view')
    if (actor.type !== 'user') {
      return []
    }
    return this.db.withForce(actor.forceId, (tx) => this.repository.unreadNotifications(tx, actor.id))
  }

  /** Marks a notification read for this person only: a notification for everyone stays unread for the others. */
  async markNotificationRead(actor: Actor, notificationId: string): Promise<void> {
    actor.permissions.require('risks.view')
    if (actor.type !== 'user' || !isUuid(notificationId)) {
      throw new NotFound('No notification with that id')
    }
    await this.db.withForce(actor.forceId, async (tx) => {
      if (!(await this.repository.markRead(tx, notificationId, actor.id, this.clock.now()))) {
        throw new NotFound('No unread notification with that id for you')
      }
    })
  }

  /** Reads each watched indicator once; one that cannot be read is noted in `result` and left out. */
  private async readIndicators(
    actor: Actor,
    watches: ReadonlyArray<{ indicatorKey: string }>,
    date: string,
    result: CheckResult,
  ): Promise<Map<string, Reading>> {
    const readings = new Map<string, Reading>()
    for (const key of new Set(watches.map((w) => w.indicatorKey))) {
      const indicator = this.indicators.get(key)
      if (!indicator) {
        continue
      }
      try {
        readings.set(key, await indicator.read(actor, date))
      } catch (error) {
        this.onIndicatorError(key, error)
        result.unreadable.push(key)
      }
    }
    return readings
  }

  /**
   * Starts watching every registered indicator that has a default watch this force has not had yet (all of them
   * at a force's first check), recording each in the audit trail. Returns how many were installed.
   */
  private async installDefaultWatches(actor: Actor): Promise<number> {
    const now = this.clock.now()
    const presets = DEFAULT_WATCHES.filter((preset) => this.indicators.has(preset.indicatorKey))
    if (presets.length === 0) {
      return 0
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const installed = await this.repository.installWatches(
        tx,
        presets.map((preset) => ({
          linkId: newId(),
          riskId: null,
          indicatorKey: preset.indicatorKey,
          ...triggerColumns(preset.trigger),
          preset: preset.preset,
          template: JSON.stringify(preset.template),
          createdAt: now,
        })),
      )
      for (const watch of installed) {
        this.auditTrail.record(tx, actor, {
          action: 'RISK_WATCH_INSTALLED',
          recordType: 'risk-indicator-link',
          recordId: watch.linkId,
          changes: {
            indicatorKey: { before: null, after: watch.indicatorKey },
            trigger: { before: null, after: storedTrigger(watch) },
            preset: { before: null, after: watch.preset },
          },
        })
      }
      return installed.length
    })
  }

  /** The owner of a risk Tally raises when its watch names none: the force's first IMU supervisor by name. */
  private async defaultOwner(actor: Actor): Promise<string | null> {
    const owners = await this.possibleOwners(actor)
    return (
      owners.find((o) => o.roles.includes('imu_supervisor'))?.userId ??
      owners.find((o) => o.roles.includes('force_crime_registrar'))?.userId ??
      null
    )
  }

  private async checked(actor: Actor, input: RiskInput) {
    const owners = await this.possibleOwners(actor)
    const fields: RiskFields = {
      title: input.title.trim(),
      description: input.description.trim(),
      ownerUserId: input.ownerUserId || null,
      likelihood: toNumber(input.likelihood),
      impact: toNumber(input.impact),
      mitigations: (input.mitigations ?? '').trim(),
      status: input.status ?? 'open',
      reviewDate: input.reviewDate.trim(),
    }
    const problems = riskProblems(
      fields,
      owners.some((o) => o.userId === fields.ownerUserId),
    )
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    return { ...fields, ownerUserId: fields.ownerUserId!, status: fields.status as RiskStatus }
  }

  private async ownerNames(actor: Actor): Promise<Map<string, string>> {
    return new Map((await this.owners.listUsers(actor)).map((user) => [user.userId, user.displayName]))
  }

  private view(row: RiskRow, names: Map<string, string>): RiskView {
    return {
      ...row,
      ownerName: row.ownerUserId ? (names.get(row.ownerUserId) ?? null) : null,
      rating: riskRating(row.score),
      reviewOverdue: reviewOverdue(row, this.today()),
    }
  }
}
