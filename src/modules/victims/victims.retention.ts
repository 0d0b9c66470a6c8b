import { sql } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'

const REMOVED = 'Removed at retention review'

/**
 * Retention review (rule 21) over the victims module's own tables: on a crime's disposal, removes what was
 * written about the victim in free text (contact summaries, event details, task notes, reasons, the VPS link);
 * the dates, tasks and their outcomes stay, so Victims' Code compliance figures do not change.
 */
export class VictimCareRetention {
  /** Returns how many pieces of free text were removed. */
  async eraseForCrime(tx: ForceTransaction, crimeId: string): Promise<number> {
    const care = await tx.selectFrom('victimCare').select('careId').where('crimeId', '=', crimeId).executeTakeFirst()
    if (!care) {
      return 0
    }
    const results = [
      await tx
        .updateTable('victimCare')
        .set({
          manualReason: sql`case when manual_reason is null then null else ${REMOVED} end`,
          vpsLink: null,
        })
        .where('careId', '=', care.careId)
        .executeTakeFirst(),
      await tx
        .updateTable('victimContact')
        .set({
          summary: REMOVED,
          otherMethodReason: sql`case when other_method_reason is null then null else ${REMOVED} end`,
        })
        .where('careId', '=', care.careId)
        .executeTakeFirst(),
      await tx.updateTable('victimEvent').set({ details: '' }).where('careId', '=', care.careId).executeTakeFirst(),
      await tx
        .updateTable('victimTask')
        .set({ closingNote: REMOVED })
        .where('careId', '=', care.careId)
        .where('closingNote', 'is not', null)
        .executeTakeFirst(),
    ]
    return results.reduce((n, result) => n + Number(result.numUpdatedRows), 0)
  }
}
