import crypto from 'node:crypto'
import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import { addDays, isDate, startOfUkDay, ukDate } from '../../platform/dates.ts'
import type { TallyDatabase } from '../../platform/db/database.ts'
import type { AuditPopulation, StratumSize } from '../../platform/db/tables/integrity.ts'
import { Conflict, FieldErrors, NotFound, ValidationFailed } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { AuditTrailService } from '../audit-trail/index.ts'
import type { AuditActionRow, AuditItemRow, AuditRow, AuditsRepository } from './integrity.audits.repository.ts'
import {
  auditResults,
  isPopulation,
  QUESTION_KEYS,
  verdictProblems,
  type Answers,
  type AuditResults,
} from './integrity.audits.rules.ts'
import { drawSample, proportionalAllocation, sampleSize } from './integrity.statistics.ts'

export interface AuditInput {
  title: string
  population: string
  channels?: readonly string[] | undefined
  categories?: readonly string[] | undefined
  periodFrom: string
  periodTo: string
  design: string
  /** The margin of error to aim for, in percentage points (3 for ±3 pp). */
  targetMarginPoints: number | undefined
  /** The rate expected, in per cent (the sample size is largest at 50). */
  expectedRatePercent?: number | undefined
  seed?: number | undefined
}

export interface AuditView {
  audit: AuditRow
  items: AuditItemRow[]
  actions: AuditActionRow[]
  results: AuditResults
}

export interface ActionInput {
  finding: string
  action: string
  owner: string
  dueDate: string
}

const MAX_PERIOD_DAYS = 400

/**
 * Self-audits the inspectorate's way (rule 24, DOMAIN.md §4.2): a population for a period, a seeded random
 * sample sized for a margin of error (simple, or stratified by channel or offence group), a verdict per item,
 * the results with their intervals and the estimate of crimes not recorded in a year, and findings with owners.
 */
export class AuditsService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: AuditsRepository,
    private readonly auditTrail: AuditTrailService,
    private readonly clock: Clock,
  ) {}

  async create(actor: Actor, input: AuditInput): Promise<AuditRow> {
    actor.permissions.require('integrity.audit')
    const valid = validAudit(input, ukDate(this.clock.now()))
    const seed = input.seed ?? crypto.randomInt(1, 2 ** 31 - 1)
    return this.db.withForce(actor.forceId, async (tx) => {
      const from = startOfUkDay(valid.periodFrom)
      const to = startOfUkDay(addDays(valid.periodTo, 1))
      const population = await this.repository.population(tx, { ...valid, from, to })
      const total = sampleSize(valid.margin, population.length, valid.expected)
      const strataPopulations = [...groupBy(population, (r) => r.stratum)].map(([stratum, records]) => ({
        stratum,
        population: records.length,
      }))
      const strata: StratumSize[] =
        valid.design === 'stratified'
          ? proportionalAllocation(strataPopulations, total)
          : strataPopulations.map((s) => ({ ...s, sample: 0 }))
      const sample =
        valid.design === 'stratified'
          ? strata.flatMap((s, i) =>
              drawSample(
                population.filter((r) => r.stratum === s.stratum),
                s.sample,
                seed + i,
              ),
            )
          : drawSample(population, total, seed)
      const yearFrom = startOfUkDay(addDays(valid.periodTo, -364))
      const recordedCrimeInYear = await this.repository.recordedCrimeInYear(tx, yearFrom, to)
      const auditId = newId()
      const audit = {
        auditId,
        title: valid.title,
        population: valid.population,
        channels: [...valid.channels],
        categories: [...valid.categories],
        periodFrom: valid.periodFrom,
        periodTo: valid.periodTo,
        design: valid.design,
        seed,
        targetMargin: valid.margin,
        populationSize: population.length,
        strata: JSON.stringify(strata),
        recordedCrimeInYear,
        createdAt: this.clock.now(),
        createdBy: actor.name,
      }
      await this.repository.insertAudit(
        tx,
        audit,
        sample.map((record) => ({
          auditId,
          itemId: newId(),
          recordType: record.recordType,
          recordId: record.id,
          recordLabel: record.label,
          stratum: record.stratum,
        })),
      )
      this.auditTrail.record(tx, actor, {
        action: 'INTEGRITY_AUDIT_DRAWN',
        recordType: 'integrity_audit',
        recordId: auditId,
        changes: Object.fromEntries(
          Object.entries({ ...audit, strata, sampleSize: sample.length }).map(([k, v]) => [
            k,
            { before: null, after: v },
          ]),
        ),
      })
      return (await this.repository.audit(tx, auditId))!
    })
  }

  list(actor: Actor): Promise<AuditRow[]> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, (tx) => this.repository.audits(tx))
  }

  async view(actor: Actor, auditId: string): Promise<AuditView> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const audit = isUuid(auditId) ? await this.repository.audit(tx, auditId) : undefined
      if (!audit) {
        throw new NotFound('There is no audit with this id in this force')
      }
      const [items, actions] = await Promise.all([
        this.repository.items(tx, auditId),
        this.repository.actions(tx, auditId),
      ])
      return { audit, items, actions, results: auditResults(audit, items) }
    })
  }

  async item(actor: Actor, auditId: string, itemId: string): Promise<{ audit: AuditRow; item: AuditItemRow }> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const audit = isUuid(auditId) ? await this.repository.audit(tx, auditId) : undefined
      const item = audit && isUuid(itemId) ? await this.repository.item(tx, auditId, itemId) : undefined
      if (!audit || !item) {
        throw new NotFound('There is no such item in this audit')
      }
      return { audit, item }
    })
  }

  /** An auditor's verdict on one sampled record (rule 24's form); every verdict is in the audit trail. */
  async recordVerdict(
    actor: Actor,
    auditId: string,
    itemId: string,
    input: { expectedVersion: number; answers: Answers; notes?: string | undefined },
  ): Promise<AuditItemRow> {
    actor.permissions.require('integrity.audit')
    const { audit, item } = await this.item(actor, auditId, itemId)
    const problems = verdictProblems(audit.population, input.answers)
    if (problems.length > 0) {
      throw new ValidationFailed(problems)
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const changes = { ...input.answers, notes: input.notes?.trim() || null }
      const after = await this.repository.updateItem(tx, auditId, itemId, input.expectedVersion, {
        ...changes,
        verdictBy: actor.name,
        verdictAt: this.clock.now(),
      })
      if (!after) {
        throw new Conflict(`Someone else changed the verdict on ${item.recordLabel}; reload it and try again`)
      }
      this.auditTrail.record(tx, actor, {
        action: 'INTEGRITY_AUDIT_VERDICT',
        recordType: 'integrity_audit',
        recordId: auditId,
        changes: Object.fromEntries(
          [...QUESTION_KEYS, 'notes' as const].map((key) => [key, { before: item[key], after: changes[key] }]),
        ),
        reason: `${item.recordType} ${item.recordLabel}`,
      })
      return after
    })
  }

  /** A finding and the action it needs, with an owner and a due date. */
  async addAction(actor: Actor, auditId: string, input: ActionInput): Promise<void> {
    actor.permissions.require('integrity.audit')
    new FieldErrors()
      .check(input.finding.trim() !== '', 'finding', 'Enter the finding')
      .check(input.action.trim() !== '', 'action', 'Enter the action that will put it right')
      .check(input.owner.trim() !== '', 'owner', 'Enter who owns the action')
      .check(isDate(input.dueDate), 'dueDate', 'Enter the date the action is due, as a real date')
      .throwIfAny()
    await this.db.withForce(actor.forceId, async (tx) => {
      if (!(isUuid(auditId) && (await this.repository.audit(tx, auditId)))) {
        throw new NotFound('There is no audit with this id in this force')
      }
      const action = {
        auditId,
        actionId: newId(),
        finding: input.finding.trim(),
        action: input.action.trim(),
        owner: input.owner.trim(),
        dueDate: input.dueDate,
        createdAt: this.clock.now(),
        createdBy: actor.name,
      }
      await this.repository.addAction(tx, action)
      this.auditTrail.record(tx, actor, {
        action: 'INTEGRITY_AUDIT_ACTION_ADDED',
        recordType: 'integrity_audit',
        recordId: auditId,
        changes: Object.fromEntries(Object.entries(action).map(([k, v]) => [k, { before: null, after: v }])),
      })
    })
  }

  /** The risk indicator: the latest audit of reports' recording rate, in per cent (null before any verdicts). */
  async recordingRatePercent(actor: Actor): Promise<number | null> {
    actor.permissions.require('integrity.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      const audit = await this.repository.latestIncidentAudit(tx)
      if (!audit) {
        return null
      }
      const rate = auditResults(audit, await this.repository.items(tx, audit.auditId)).recording.rate
      return rate === null ? null : Math.round(rate * 1000) / 10
    })
  }
}

interface ValidAudit {
  title: string
  population: AuditPopulation
  channels: readonly string[]
  categories: readonly string[]
  periodFrom: string
  periodTo: string
  design: 'simple' | 'stratified'
  margin: number
  expected: number
}

function validAudit(input: AuditInput, today: string): ValidAudit {
  const errors = new FieldErrors()
    .check(input.title.trim() !== '' && input.title.length <= 200, 'title', 'Enter a title of up to 200 characters')
    .check(isPopulation(input.population), 'population', 'Choose what to audit')
    .check(isDate(input.periodFrom), 'periodFrom', 'Enter the first day of the audit period, as a real date')
    .check(isDate(input.periodTo), 'periodTo', 'Enter the last day of the audit period, as a real date')
    .check(input.design === 'simple' || input.design === 'stratified', 'design', 'Choose simple or stratified')
  const margin = input.targetMarginPoints
  errors.check(
    margin !== undefined && Number.isFinite(margin) && margin >= 0.5 && margin <= 30,
    'targetMargin',
    'Enter the margin of error to aim for, between 0.5 and 30 percentage points',
  )
  const expected = input.expectedRatePercent ?? 50
  errors.check(expected > 0 && expected < 100, 'expectedRate', 'Enter the expected rate, between 1 and 99 per cent')
  if (isDate(input.periodFrom) && isDate(input.periodTo)) {
    errors
      .check(input.periodFrom <= input.periodTo, 'periodTo', 'The period must end on or after the day it starts')
      .check(input.periodTo <= today, 'periodTo', 'The audit period cannot end in the future')
      .check(
        addDays(input.periodFrom, MAX_PERIOD_DAYS) >= input.periodTo,
        'periodTo',
        `An audit period can be at most ${MAX_PERIOD_DAYS} days`,
      )
  }
  errors.throwIfAny()
  return {
    title: input.title.trim(),
    population: input.population as AuditPopulation,
    channels: input.channels ?? [],
    categories: input.categories ?? [],
    periodFrom: input.periodFrom,
    periodTo: input.periodTo,
    design: input.design as 'simple' | 'stratified',
    margin: margin! / 100,
    expected: expected / 100,
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const group = groups.get(k)
    if (group) {
      group.push(item)
    } else {
      groups.set(k, [item])
    }
  }
  return new Map([...groups].sort(([a], [b]) => a.localeCompare(b)))
}
