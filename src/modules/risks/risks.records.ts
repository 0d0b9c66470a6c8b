import { FieldErrors } from '../../platform/http/errors.ts'
import type { IndicatorRegistry } from './risks.indicators.ts'
import type { CheckRow, WatchRow } from './risks.repository.ts'
import {
  describeTrigger,
  formatReading,
  toTrigger,
  triggerProblems,
  type Trigger,
  type TriggerKind,
} from './risks.rules.ts'
import type { LastCheck, WatchView } from './risks.types.ts'

/** Stored risks, watches and checks as the service gives them out, and triggers as they are typed and stored. */

export function toNumber(value: number | string): number {
  return typeof value === 'number' ? value : value.trim() === '' ? Number.NaN : Number(value)
}

export function checkView(indicators: IndicatorRegistry, row: CheckRow): LastCheck {
  return {
    checkedAt: row.checkedAt,
    checkedFor: row.checkedFor,
    requestedBy: row.requestedBy,
    installed: row.watchesInstalled,
    checked: row.watchesChecked,
    raised: row.raised,
    escalated: row.escalated,
    cleared: row.cleared,
    unreadable: row.unreadable.map((key) => indicators.get(key)?.label ?? key),
  }
}

export function watchView(indicators: IndicatorRegistry, row: WatchRow): WatchView {
  const indicator = indicators.get(row.indicatorKey)
  const unit = indicator?.unit ?? (row.triggerKind === 'within-weeks' ? 'date' : 'count')
  const trigger = storedTrigger(row)
  const reading = row.lastReading?.value ?? null
  return {
    linkId: row.linkId,
    riskId: row.riskId,
    indicatorKey: row.indicatorKey,
    label: indicator?.label ?? row.indicatorKey,
    unit,
    registered: indicator !== undefined,
    trigger,
    triggerText: describeTrigger(trigger, unit),
    active: row.active,
    state: row.state,
    lastReading: row.lastCheckedOn === null ? 'not checked yet' : formatReading(reading, unit),
    lastCheckedOn: row.lastCheckedOn,
    triggeredOn: row.triggeredOn,
    preset: row.preset,
    ownerUserId: row.ownerUserId,
    version: row.version,
  }
}

export function checkedTrigger(
  input: { kind: string; threshold?: number | string | undefined; weeks?: number | string | undefined },
  unit: Parameters<typeof triggerProblems>[1],
): Trigger {
  const blank = (v: unknown) => v === undefined || (typeof v === 'string' && v.trim() === '')
  const threshold = blank(input.threshold) ? undefined : Number(input.threshold)
  const weeks = blank(input.weeks) ? undefined : Number(input.weeks)
  const errors = new FieldErrors()
  for (const problem of triggerProblems({ kind: input.kind, threshold, weeks }, unit)) {
    errors.add(problem.field, problem.message)
  }
  errors.throwIfAny()
  return toTrigger({ kind: input.kind as TriggerKind, threshold: threshold ?? null, weeks: weeks ?? null })
}

export function storedTrigger(row: Pick<WatchRow, 'triggerKind' | 'threshold' | 'weeks'>): Trigger {
  return toTrigger({ kind: row.triggerKind, threshold: row.threshold, weeks: row.weeks })
}

export function triggerColumns(trigger: Trigger) {
  return trigger.kind === 'within-weeks'
    ? { triggerKind: trigger.kind, threshold: null, weeks: trigger.weeks }
    : { triggerKind: trigger.kind, threshold: trigger.threshold, weeks: null }
}
