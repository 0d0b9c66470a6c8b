/**
 * The retention schedule's nightly run, started by `serve` with the other daily tasks: every crime and person in
 * every force gets (or keeps up to date) its retention category and next review date. Idempotent: a second run
 * writes only what changed in between.
 */
import { systemActor } from '../../platform/auth/actor.ts'
import type { RetentionService } from './retention.service.ts'

export interface ScheduleAllForcesOptions {
  retention: RetentionService
  forces: () => Promise<ReadonlyArray<{ forceId: number }>>
  log: { info(details: object, message: string): void; error(details: object, message: string): void }
}

/** Runs the schedule in each force; one force's failure does not stop the others. */
export async function scheduleAllForces(options: ScheduleAllForcesOptions): Promise<void> {
  for (const { forceId } of await options.forces()) {
    try {
      const written = await options.retention.scheduleAll(systemActor(forceId, 'Tally nightly retention schedule'))
      options.log.info({ forceId, ...written }, 'retention schedule run')
    } catch (error) {
      options.log.error({ forceId, err: error }, 'retention schedule failed')
    }
  }
}
