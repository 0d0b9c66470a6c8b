import type { ForceTransaction } from '../../platform/db/database.ts'
import { REMOVED_STATUSES } from './crimes.workflow.ts'

/** What the police.uk export (open-data module) needs of a crime: no names, no narrative, no reference. */
export interface PublishableCrime {
  crimeId: string
  recordedAt: Date
  offenceCode: string
  offenceGroup: string
  outcomeType: number | null
  locationId: string | null
}

export interface PublishableOutcome extends PublishableCrime {
  /** The outcome recorded that month (the crime's own outcomeType is its latest). */
  outcomeType: number
}

/**
 * The crimes a force publishes on police.uk (rule 25), read for the open-data module: crimes recorded in a
 * period and still recorded (cancelled and transferred crimes are not the force's crimes), and the outcomes
 * assigned in a period. Read-only queries over the crimes module's own tables.
 */
export class CrimePublication {
  crimesRecordedIn(tx: ForceTransaction, from: Date, to: Date): Promise<PublishableCrime[]> {
    return tx
      .selectFrom('crime')
      .select(['crimeId', 'recordedAt', 'offenceCode', 'offenceGroup', 'outcomeType', 'locationId'])
      .where('recordedAt', '>=', from)
      .where('recordedAt', '<', to)
      .where('status', 'not in', REMOVED_STATUSES)
      .orderBy('recordedAt')
      .orderBy('crimeId')
      .execute()
  }

  outcomesRecordedIn(tx: ForceTransaction, from: Date, to: Date): Promise<PublishableOutcome[]> {
    return tx
      .selectFrom('crimeOutcome as o')
      .innerJoin('crime as c', 'c.crimeId', 'o.crimeId')
      .select(['c.crimeId', 'c.recordedAt', 'c.offenceCode', 'c.offenceGroup', 'o.outcomeType', 'c.locationId'])
      .where('o.recordedAt', '>=', from)
      .where('o.recordedAt', '<', to)
      .where('c.status', 'not in', REMOVED_STATUSES)
      .orderBy('o.recordedAt')
      .orderBy('c.crimeId')
      .orderBy('o.seq')
      .execute()
  }
}
