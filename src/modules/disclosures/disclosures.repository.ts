import type { Selectable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { DisclosureTable } from '../../platform/db/tables/disclosures.ts'

export type DisclosureRow = Omit<Selectable<DisclosureTable>, 'forceId'>

export class DisclosuresRepository {
  async insert(tx: ForceTransaction, row: DisclosureRow): Promise<void> {
    await tx.insertInto('disclosure').values(row).execute()
  }

  forRecord(tx: ForceTransaction, recordType: 'crime', recordId: string): Promise<DisclosureRow[]> {
    return tx
      .selectFrom('disclosure')
      .select([
        'disclosureId',
        'recordType',
        'recordId',
        'recipientName',
        'recipientOrganisation',
        'justification',
        'whatWasDisclosed',
        'disclosedAt',
        'disclosedById',
        'disclosedByName',
      ])
      .where('recordType', '=', recordType)
      .where('recordId', '=', recordId)
      .orderBy('disclosedAt', 'desc')
      .orderBy('disclosureId')
      .execute()
  }
}
