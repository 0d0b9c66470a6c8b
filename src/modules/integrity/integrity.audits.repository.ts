import type { Insertable, Selectable, Updateable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type {
  AuditPopulation,
  IntegrityAuditActionTable,
  IntegrityAuditItemTable,
  IntegrityAuditTable,
} from '../../platform/db/tables/integrity.ts'

export type AuditRow = Selectable<IntegrityAuditTable>
export type AuditItemRow = Selectable<IntegrityAuditItemTable>
export type AuditActionRow = Selectable<IntegrityAuditActionTable>

/** A record that could be sampled: its id, what it is, how a person reads it, and its stratum. */
export interface PopulationRecord {
  id: string
  recordType: 'incident' | 'crime' | 'n100'
  label: string
  stratum: string
}

export interface PopulationFilter {
  population: AuditPopulation
  from: Date
  /** Exclusive: the start of the day after the period's last day. */
  to: Date
  channels: readonly string[]
  categories: readonly string[]
}

/** The fraud offence groups the inspectorate leaves out of the recorded crime an audit is scaled to (§4.2). */
const FRAUD_GROUPS = ['fraud-offences', 'fraud-offences-to-2012-13', 'fraud']

/**
 * Audits and their items, and the populations they sample. Incidents, crimes and N100s are read here, never
 * written: an audit looks at records the way an inspector does.
 */
export class AuditsRepository {
  async population(tx: ForceTransaction, filter: PopulationFilter): Promise<PopulationRecord[]> {
    switch (filter.population) {
      case 'incidents': {
        const rows = await tx
          .selectFrom('incident')
          .select(['incidentId', 'incidentNumber', 'channel'])
          .where('receivedAt', '>=', filter.from)
          .where('receivedAt', '<', filter.to)
          .$if(filter.channels.length > 0, (q) => q.where('channel', 'in', filter.channels))
          .$if(filter.categories.length > 0, (q) => q.where('openingCategory', 'in', filter.categories))
          .execute()
        return rows.map((r) => ({
          id: r.incidentId,
          recordType: 'incident',
          label: r.incidentNumber,
          stratum: r.channel,
        }))
      }
      case 'crimes':
      case 'cancelled_crimes': {
        const rows = await tx
          .selectFrom('crime')
          .select(['crimeId', 'crimeReference', 'offenceGroup'])
          .$if(filter.population === 'crimes', (q) =>
            q.where('recordedAt', '>=', filter.from).where('recordedAt', '<', filter.to),
          )
          .$if(filter.population === 'cancelled_crimes', (q) =>
            q
              .where('status', '=', 'cancelled')
              .where('statusChangedAt', '>=', filter.from)
              .where('statusChangedAt', '<', filter.to),
          )
          .execute()
        return rows.map((r) => ({
          id: r.crimeId,
          recordType: 'crime',
          label: r.crimeReference,
          stratum: r.offenceGroup,
        }))
      }
      case 'n100s': {
        const rows = await tx
          .selectFrom('n100')
          .select(['n100Id', 'status'])
          .where('createdAt', '>=', filter.from)
          .where('createdAt', '<', filter.to)
          .execute()
        return rows.map((r) => ({
          id: r.n100Id,
          recordType: 'n100',
          label: `N100 ${r.n100Id.slice(0, 8)}`,
          stratum: r.status,
        }))
      }
      case 'non_crime_closures': {
        const rows = await tx
          .selectFrom('nonCrimeReview')
          .select(['incidentId', 'incidentNumber', 'nonCrimeReason'])
          .where('closedAt', '>=', filter.from)
          .where('closedAt', '<', filter.to)
          .execute()
        const seen = new Set<string>()
        return rows
          .filter((r) => !seen.has(r.incidentId) && seen.add(r.incidentId))
          .map((r) => ({
            id: r.incidentId,
            recordType: 'incident',
            label: r.incidentNumber,
            stratum: r.nonCrimeReason,
          }))
      }
    }
  }

  /** Crimes recorded in the 12 months, less those since cancelled or transferred, excluding fraud (§4.2). */
  async recordedCrimeInYear(tx: ForceTransaction, from: Date, to: Date): Promise<number> {
    const row = await tx
      .selectFrom('crime')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('recordedAt', '>=', from)
      .where('recordedAt', '<', to)
      .where('status', 'not in', ['cancelled', 'transferred'])
      .where('offenceGroup', 'not in', FRAUD_GROUPS)
      .executeTakeFirstOrThrow()
    return Number(row.count)
  }

  async insertAudit(
    tx: ForceTransaction,
    audit: Insertable<IntegrityAuditTable>,
    items: ReadonlyArray<Insertable<IntegrityAuditItemTable>>,
  ): Promise<void> {
    await tx.insertInto('integrityAudit').values(audit).execute()
    for (let i = 0; i < items.length; i += 500) {
      await tx
        .insertInto('integrityAuditItem')
        .values(items.slice(i, i + 500))
        .execute()
    }
  }

  audits(tx: ForceTransaction): Promise<AuditRow[]> {
    return tx.selectFrom('integrityAudit').selectAll().orderBy('createdAt', 'desc').limit(100).execute()
  }

  audit(tx: ForceTransaction, auditId: string): Promise<AuditRow | undefined> {
    return tx.selectFrom('integrityAudit').selectAll().where('auditId', '=', auditId).executeTakeFirst()
  }

  items(tx: ForceTransaction, auditId: string): Promise<AuditItemRow[]> {
    return tx
      .selectFrom('integrityAuditItem')
      .selectAll()
      .where('auditId', '=', auditId)
      .orderBy('stratum')
      .orderBy('recordLabel')
      .execute()
  }

  item(tx: ForceTransaction, auditId: string, itemId: string): Promise<AuditItemRow | undefined> {
    return tx
      .selectFrom('integrityAuditItem')
      .selectAll()
      .where('auditId', '=', auditId)
      .where('itemId', '=', itemId)
      .executeTakeFirst()
  }

  updateItem(
    tx: ForceTransaction,
    auditId: string,
    itemId: string,
    expectedVersion: number,
    changes: Updateable<IntegrityAuditItemTable>,
  ): Promise<AuditItemRow | undefined> {
    return tx
      .updateTable('integrityAuditItem')
      .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
      .where('auditId', '=', auditId)
      .where('itemId', '=', itemId)
      .where('version', '=', expectedVersion)
      .returningAll()
      .executeTakeFirst()
  }

  async addAction(tx: ForceTransaction, action: Insertable<IntegrityAuditActionTable>): Promise<void> {
    await tx.insertInto('integrityAuditAction').values(action).execute()
  }

  actions(tx: ForceTransaction, auditId: string): Promise<AuditActionRow[]> {
    return tx.selectFrom('integrityAuditAction').selectAll().where('auditId', '=', auditId).orderBy('dueDate').execute()
  }

  /** The most recent audit of reports (incidents) with at least one recording verdict, for the risk indicator. */
  latestIncidentAudit(tx: ForceTransaction): Promise<AuditRow | undefined> {
    return tx
      .selectFrom('integrityAudit')
      .selectAll()
      .where('population', '=', 'incidents')
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('integrityAuditItem as i')
            .select('i.itemId')
            .whereRef('i.auditId', '=', 'integrityAudit.auditId')
            .where('i.shouldHaveBeenCrimed', '=', true)
            .where('i.wasCrimed', 'is not', null),
        ),
      )
      .orderBy('periodTo', 'desc')
      .orderBy('createdAt', 'desc')
      .limit(1)
      .executeTakeFirst()
  }
}
