import type { ForceTransaction } from '../../platform/db/database.ts'
import { INCIDENT_CATEGORIES } from './incidents.rules.ts'

const ASB_CATEGORIES = Object.entries(INCIDENT_CATEGORIES)
  .filter(([, category]) => category.chapter === 'anti_social_behaviour')
  .map(([code]) => code)

/**
 * Anti-social behaviour incidents received in a period, for police.uk's ASB rows (rule 25: blank Crime ID and
 * outcome). An incident counts by its closing category where it has one (what it turned out to be), otherwise
 * its opening category. Read-only; no personal data.
 */
export class IncidentPublication {
  async asbIncidentsIn(
    tx: ForceTransaction,
    from: Date,
    to: Date,
  ): Promise<Array<{ incidentId: string; receivedAt: Date; locationId: string | null }>> {
    return tx
      .selectFrom('incident')
      .select(['incidentId', 'receivedAt', 'locationId'])
      .where('receivedAt', '>=', from)
      .where('receivedAt', '<', to)
      .where((eb) => eb.fn.coalesce('closingCategory', 'openingCategory'), 'in', ASB_CATEGORIES)
      .orderBy('receivedAt')
      .orderBy('incidentId')
      .execute()
  }
}
