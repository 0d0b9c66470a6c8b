import { sql } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'

const REMOVED = 'Removed at retention review'

/**
 * Retention review (rule 21) over the incidents module's own table: on the disposal of the only crime recorded
 * from an incident, removes the incident's narrative and the free-text rationales that may name people; the
 * incident number, channel, times, categories and decisions stay, so figures do not change.
 */
export class IncidentRetention {
  async eraseNarrative(tx: ForceTransaction, incidentId: string): Promise<void> {
    await tx
      .updateTable('incident')
      .set({
        narrative: '',
        closingRationale: sql`case when closing_rationale is null then null else ${REMOVED} end`,
        nonCrimeRationale: sql`case when non_crime_rationale is null then null else ${REMOVED} end`,
        victimNotInformedReason: sql`case when victim_not_informed_reason is null then null else ${REMOVED} end`,
      })
      .where('incidentId', '=', incidentId)
      .execute()
  }
}
