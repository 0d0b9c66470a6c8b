/**
 * The daily check, so indicator evaluation never depends on someone remembering: `serve` starts this timer,
 * which checks every force's watched indicators shortly after start and then once a day. Checks are idempotent
 * (risks.service.ts evaluateIndicators), so a check that overlaps a supervisor's "Check indicators now", or
 * several app servers each running a timer, raises nothing twice. Opening the register never checks: it shows
 * the latest check this timer (or a person) ran. There is no job framework yet; when one arrives this
 * becomes a scheduled job calling the same method.
 */
import { systemActor } from '../../platform/auth/actor.ts'
import type { RisksService } from './risks.service.ts'

export interface DailyCheckOptions {
  risks: RisksService
  /** Every force id (AccountsService.listForces). */
  forces: () => Promise<ReadonlyArray<{ forceId: number }>>
  log: { info(details: object, message: string): void; error(details: object, message: string): void }
}

/** Checks every force once; one force's failure does not stop the others. */
export async function checkAllForces(options: DailyCheckOptions): Promise<void> {
  for (const { forceId } of await options.forces()) {
    try {
      const actor = systemActor(forceId, 'Tally daily risk check')
      const result = await options.risks.evaluateIndicators(actor, options.risks.today())
      options.log.info(
        {
          forceId,
          checked: result.checked,
          raised: result.raised.length,
          escalated: result.escalated.length,
          cleared: result.cleared.length,
          unreadable: result.unreadable,
        },
        'risk indicators checked',
      )
    } catch (error) {
      options.log.error({ forceId, err: error }, 'risk indicator check failed')
    }
  }
}
