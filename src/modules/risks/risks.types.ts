import { systemActor, type Actor } from '../../platform/auth/actor.ts'
import type { Role } from '../../platform/auth/roles.ts'
import type { RiskRow } from './risks.repository.ts'
import type { RiskRating, Trigger } from './risks.rules.ts'

/** Who can own a risk: the force's users (AccountsService satisfies this). */
export interface RiskOwnerDirectory {
  listUsers(
    actor: Actor,
  ): Promise<ReadonlyArray<{ userId: string; displayName: string; active: boolean; roles: readonly Role[] }>>
}

export interface RiskInput {
  title: string
  description: string
  ownerUserId: string
  likelihood: number | string
  impact: number | string
  mitigations?: string | undefined
  status?: string | undefined
  reviewDate: string
}

export interface RiskView extends RiskRow {
  ownerName: string | null
  rating: RiskRating
  reviewOverdue: boolean
}

export interface WatchView {
  linkId: string
  riskId: string | null
  indicatorKey: string
  label: string
  unit: string
  registered: boolean
  trigger: Trigger
  triggerText: string
  active: boolean
  state: 'clear' | 'triggered'
  lastReading: string
  lastCheckedOn: string | null
  triggeredOn: string | null
  preset: string | null
  ownerUserId: string | null
  version: number
}

export interface CheckResult {
  date: string
  /** When the check ran (the clock's now). */
  checkedAt: Date
  /** Default watches this check started (a force's first check installs them). */
  installed: number
  checked: number
  raised: Array<{ riskId: string; title: string; reason: string }>
  escalated: Array<{ riskId: string; title: string; reason: string }>
  cleared: Array<{ riskId: string | null; reason: string }>
  /** Indicators that could not be read this time (their watches are left as they were). */
  unreadable: string[]
}

/** The latest check of the watched indicators, as the register shows it. */
export interface LastCheck {
  checkedAt: Date
  checkedFor: string
  requestedBy: string
  installed: number
  checked: number
  raised: number
  escalated: number
  cleared: number
  /** Labels of the indicators that could not be read. */
  unreadable: string[]
}

/**
 * Who a check someone asked for runs as: Tally itself (it reads other modules' records and raises risks on its
 * own account), named for the person who asked, so the risk history and audit trail say who started it.
 */
export function checkActor(person: Actor): Actor {
  return systemActor(person.forceId, `Tally risk check for ${person.name}`.slice(0, 200))
}
