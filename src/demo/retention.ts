import type { Actor } from '../platform/auth/actor.ts'
import type { Clock } from '../platform/clock.ts'
import type { TallyDatabase } from '../platform/db/database.ts'
import { addDays, ukDate } from '../platform/dates.ts'
import { newId } from '../platform/ids.ts'
import { RetentionRepository } from '../modules/retention/index.ts'
import type { RetentionService } from '../modules/retention/index.ts'

export interface RetentionDemoDeps {
  db: TallyDatabase
  clock: Clock
  retention: RetentionService
}

/** How many of the demo force's filed crimes come up for review, and how long ago each came due. */
const DUE_DAYS_AGO = [41, 27, 19, 12, 6, 2] as const

/**
 * The demo force's retention: every crime and person scheduled, and a handful of filed crimes whose earlier
 * review (three months ago: "hold until the linked appeal is decided") set a date that has now come, so the
 * registrar's and auditor's review queue has work in it, oldest first.
 */
export async function seedRetentionDemo(deps: RetentionDemoDeps, actor: Actor): Promise<number> {
  await deps.retention.scheduleAll(actor)
  const repository = new RetentionRepository()
  const now = deps.clock.now()
  const today = ukDate(now)
  return deps.db.withForce(actor.forceId, async (tx) => {
    const filed = await tx
      .selectFrom('retentionRecord as r')
      .innerJoin('crime as c', (join) =>
        join.onRef('c.forceId', '=', 'r.forceId').onRef('c.crimeId', '=', 'r.recordId'),
      )
      .select(['r.recordId', 'r.category', 'r.nextReviewOn', 'r.version'])
      .where('r.recordType', '=', 'crime')
      .where('c.status', '=', 'filed')
      .orderBy('c.recordedAt')
      .limit(DUE_DAYS_AGO.length)
      .execute()
    for (const [index, record] of filed.entries()) {
      const reviewedAt = new Date(now.getTime() - 90 * 86_400_000)
      await repository.recordReview(
        tx,
        {
          reviewId: newId(),
          recordType: 'crime',
          recordId: record.recordId,
          decision: 'retain',
          reason: 'Hold until the linked appeal is decided, then review again (demo)',
          nextReviewOn: addDays(today, -DUE_DAYS_AGO[index]!),
          category: record.category,
          reviewedAt,
          reviewedBy: actor.id,
          reviewedByName: 'Records review team (demo)',
        },
        { nextReviewOn: addDays(today, -DUE_DAYS_AGO[index]!), status: 'retained', disposedAt: null },
        record.version,
      )
    }
    return filed.length
  })
}
