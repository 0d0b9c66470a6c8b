import { systemActor } from '../../platform/auth/actor.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import type { Deps } from '../../deps.ts'

async function forcesFor(deps: Deps, code: string | undefined): Promise<Array<{ forceId: number; code: string }>> {
  if (!code) {
    return deps.services.accounts.listForces()
  }
  const force = await deps.services.accounts.findForce(code)
  if (!force) {
    throw ValidationFailed.of('force', `There is no force with the code ${code}`)
  }
  return [force]
}

/**
 * `tally retention schedule`: works out every crime's and person's retention category and next review date (rule
 * 21), in one force or every force — what `serve` does each night. Writes only what changed.
 */
export async function scheduleRetention(deps: Deps, options: { force?: string }): Promise<void> {
  for (const force of await forcesFor(deps, options.force)) {
    const written = await deps.services.retention.scheduleAll(systemActor(force.forceId, 'tally retention schedule'))
    console.log(`${force.code}: ${written.crimes} crime and ${written.people} person retention records written`)
  }
}

/** `tally retention review-due --force CODE`: the records whose review date has come, oldest first. */
export async function listReviewDue(deps: Deps, options: { force: string }): Promise<void> {
  const [force] = await forcesFor(deps, options.force)
  // The registrar's view of the queue: reading it needs retention.view, which Tally's own actor holds.
  const queue = await deps.services.retention.queue(systemActor(force!.forceId, 'tally retention review-due'))
  console.log(`${force!.code}: ${queue.total} record${queue.total === 1 ? '' : 's'} due for review on ${queue.today}`)
  for (const record of queue.records) {
    console.log(`${record.nextReviewOn}  ${record.recordType.padEnd(6)}  ${record.reference}  ${record.categoryLabel}`)
  }
  if (queue.total > queue.records.length) {
    console.log(`… and ${queue.total - queue.records.length} more (see /retention)`)
  }
}
