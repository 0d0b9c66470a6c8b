import { systemActor } from '../platform/auth/actor.ts'
import type { Deps } from '../deps.ts'
import { generateCrimes } from './generator.ts'
import type { DemoTeam } from './team.ts'

/** What the demo step needs: the demo force, its users by username, and everything else from the deps. */
export interface QueuesDemoContext {
  forceId: number
  users: ReadonlyMap<string, string>
  deps: Deps
  /** Who holds and moves the crimes (the staff step's team). */
  team?: DemoTeam | undefined
  /** The people step's people, to be the victims. */
  people?: { personIds: readonly string[] } | undefined
}

/** The demo force's unit is about an eighth of Northamptonshire's, so its alert threshold is too (rule 14). */
export const DEMO_AWAITING_FILING_THRESHOLD = 250

/** The crimes the work-queues step adds: twelve a day over the last four months. */
export const QUEUES_DEMO_CRIMES = { days: 120, crimesPerDay: 12 } as const

/**
 * The demo's work queues (the demo seed's "work queues" step, after the crimes module's year of history): ten weeks
 * ago the IMU's most experienced member went off sick (the staff demo's Margaret Ellis), and filing has not kept
 * up since. Four months of crimes (taken off the crimes step's, so demand stays flat) where a growing share of
 * what is submitted stays awaiting filing make that queue visibly grow while the others stay healthy; the unit's threshold is set to its size; and the daily
 * snapshots are rebuilt for those months so the dashboard's trend shows it.
 */
export async function seedQueuesDemo(context: QueuesDemoContext): Promise<void> {
  const { deps, forceId } = context
  const actor = systemActor(forceId, 'Demo seed')
  const officer = context.users.get('officer')
  // Each investigator holds crimes in proportion to their hours: their id once for every 10 hours a week.
  const officers = context.team
    ? context.team.officers.flatMap((member) =>
        Array.from({ length: Math.max(1, Math.round(member.contractedHours / 10)) }, () => member.actor.id),
      )
    : officer
      ? [officer]
      : []
  if (officers.length === 0) {
    return
  }
  const doneBy = context.team?.decisionMakers.map(({ actor }) => ({ id: actor.id, name: actor.name }))
  const units = await deps.services.directory.listUnits(actor, { work: 'crime' })
  const { version } = await deps.services.crimes.offenceCodes(actor)
  const listed = (await deps.services.accounts.listForces()).find((f) => f.forceId === forceId)
  const force = listed ? await deps.services.accounts.findForce(listed.code) : undefined
  const { days, crimesPerDay } = QUEUES_DEMO_CRIMES
  await generateCrimes(deps.db, {
    forceId,
    crimes: crimesPerDay * days,
    days,
    now: deps.clock.now(),
    officers,
    units: units.filter((unit) => unit.unitType !== 'investigation_management').map((unit) => unit.unitId),
    referencePrefix: force?.crimeReferencePrefix ?? 'DEMO',
    offenceCodeVersion: version,
    filingStallDays: 70,
    seed: 1675,
    ...(doneBy ? { doneBy } : {}),
    victims: context.people?.personIds ?? [],
  })
  const threshold = await deps.services.queueDashboard.threshold(actor)
  await deps.services.queueDashboard.setThreshold(actor, {
    threshold: String(DEMO_AWAITING_FILING_THRESHOLD),
    expectedVersion: threshold.version,
  })
  await deps.services.queueDashboard.snapshot(actor, { maxDays: days })
}
