import { systemActor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { Deps } from '../../deps.ts'

/**
 * `tally queues snapshot`: writes the IMU queues' daily snapshots for every day that has ended and has none yet,
 * for one force or all (the same idempotent method the daily timer and the dashboard call). `--days` reaches
 * further back, rebuilding history from the crime status history (after `tally generate`, or a migration).
 */
export async function snapshotQueues(deps: Deps, options: { force?: string; days?: string }): Promise<void> {
  const days = options.days === undefined ? undefined : Number(options.days)
  if (days !== undefined && (!Number.isInteger(days) || days < 1)) {
    throw ValidationFailed.of('days', '--days must be a whole number of days above 0')
  }
  const queueDashboard = deps.services.queueDashboard
  const results = []
  if (options.force) {
    const force = await deps.services.accounts.findForce(options.force)
    if (!force) {
      throw ValidationFailed.of('force', `There is no force with the code ${options.force}`)
    }
    results.push(await queueDashboard.snapshot(systemActor(force.forceId, 'Queue snapshot'), { maxDays: days }))
  } else {
    results.push(...(await queueDashboard.snapshotAllForces({ maxDays: days })))
  }
  const codes = new Map((await deps.services.accounts.listForces()).map((force) => [force.forceId, force.code]))
  for (const result of results) {
    const span = result.days.length === 0 ? 'nothing to add' : `${result.days[0]} to ${result.days.at(-1)}`
    console.log(
      `${codes.get(result.forceId) ?? `Force ${result.forceId}`}: ${span} (${result.written} queue-days written)`,
    )
  }
}
