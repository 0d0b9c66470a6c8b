/**
 * The detector's daily pass, started by `serve` with the other daily tasks: every force's incidents closed in the
 * last two days with no crime are read again with the force's latest model (which may have learnt since they
 * closed). Findings are upserted, so overlapping passes flag nothing twice.
 */
import { systemActor } from '../../platform/auth/actor.ts'
import type { IntegrityService } from './integrity.service.ts'

const LOOK_BACK_MS = 2 * 24 * 60 * 60 * 1000

export interface DailyScanOptions {
  integrity: IntegrityService
  forces: () => Promise<ReadonlyArray<{ forceId: number }>>
  now: () => Date
  log: { info(details: object, message: string): void; error(details: object, message: string): void }
}

/** Scans every force once; one force's failure does not stop the others. */
export async function scanAllForces(options: DailyScanOptions): Promise<void> {
  const since = new Date(options.now().getTime() - LOOK_BACK_MS)
  for (const { forceId } of await options.forces()) {
    try {
      const result = await options.integrity.scanHistory(systemActor(forceId, 'Tally daily integrity scan'), since)
      options.log.info({ forceId, ...result }, 'uncrimed-incident scan run')
    } catch (error) {
      options.log.error({ forceId, err: error }, 'uncrimed-incident scan failed')
    }
  }
}
