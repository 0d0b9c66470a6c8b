import type { Kysely } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { Database } from '../../platform/db/schema.ts'
import type { AuditEventTable } from '../../platform/db/tables/audit-trail.ts'
import type { StoredEvent } from './audit-trail.rules.ts'

export type AuditEventRow = Omit<AuditEventTable, 'forceId'> & { forceId: number }

export interface AuditEventFilter {
  recordType?: string | undefined
  recordId?: string | undefined
  actorId?: string | undefined
  action?: string | undefined
  /** Events before this sequence number (keyset pagination, newest first). */
  beforeSeq?: number | undefined
  limit: number
}

export class AuditTrailRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Takes the force's chain lock for the rest of the transaction, creating the chain on first use. */
  async lockChain(
    tx: ForceTransaction,
    forceId: number,
    genesis: string,
  ): Promise<{ lastSeq: number; lastHash: string }> {
    const head = await tx.selectFrom('auditChain').select(['lastSeq', 'lastHash']).forUpdate().executeTakeFirst()
    if (head) {
      return head
    }
    await tx
      .insertInto('auditChain')
      .values({ forceId, lastSeq: 0, lastHash: genesis })
      .onConflict((oc) => oc.doNothing())
      .execute()
    return tx.selectFrom('auditChain').select(['lastSeq', 'lastHash']).forUpdate().executeTakeFirstOrThrow()
  }

  async append(tx: ForceTransaction, events: readonly StoredEvent[]): Promise<void> {
    await tx
      .insertInto('auditEvent')
      .values(
        events.map((event) => ({
          ...event,
          changes: event.changes === null || event.changes === undefined ? null : JSON.stringify(event.changes),
        })),
      )
      .execute()
    const last = events.at(-1)!
    await tx.updateTable('auditChain').set({ lastSeq: last.seq, lastHash: last.hash }).execute()
  }

  find(tx: ForceTransaction, filter: AuditEventFilter): Promise<AuditEventRow[]> {
    return tx
      .selectFrom('auditEvent')
      .selectAll()
      .$if(filter.recordType !== undefined, (q) => q.where('recordType', '=', filter.recordType!))
      .$if(filter.recordId !== undefined, (q) => q.where('recordId', '=', filter.recordId!))
      .$if(filter.actorId !== undefined, (q) => q.where('actorId', '=', filter.actorId!))
      .$if(filter.action !== undefined, (q) => q.where('action', '=', filter.action!))
      .$if(filter.beforeSeq !== undefined, (q) => q.where('seq', '<', filter.beforeSeq!))
      .orderBy('seq', 'desc')
      .limit(filter.limit)
      .execute()
  }

  forRecord(tx: ForceTransaction, recordType: string, recordId: string): Promise<AuditEventRow[]> {
    return tx
      .selectFrom('auditEvent')
      .selectAll()
      .where('recordType', '=', recordType)
      .where('recordId', '=', recordId)
      .orderBy('seq', 'asc')
      .execute()
  }

  // Verification reads every force's chain as the owner (it is an operator's check, not a user's request).

  forces(): Promise<Array<{ forceId: number; code: string }>> {
    return this.db.selectFrom('force').select(['forceId', 'code']).orderBy('forceId').execute()
  }

  chainHead(forceId: number): Promise<{ lastSeq: number; lastHash: string } | undefined> {
    return this.db
      .selectFrom('auditChain')
      .select(['lastSeq', 'lastHash'])
      .where('forceId', '=', forceId)
      .executeTakeFirst()
  }

  async batch(forceId: number, afterSeq: number, size: number): Promise<StoredEvent[]> {
    const rows = await this.db
      .selectFrom('auditEvent')
      .selectAll()
      .where('forceId', '=', forceId)
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(size)
      .execute()
    return rows.map((row) => ({ ...row, forceId }))
  }
}
