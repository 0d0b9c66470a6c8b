import type { ForceTransaction } from '../../platform/db/database.ts'

/** What a disposed-of person's family name says: the row stays, so counts of victims and suspects do not change. */
export const REMOVED_NAME = 'Removed at retention review'
const REMOVED_ADDRESS = 'Removed at retention review'

export interface PersonForRetentionReview {
  personId: string
  updatedAt: Date
  version: number
}

/**
 * Retention review (rule 21) over the people module's own tables: reads people for the schedule, and on
 * disposal removes a person's personal data (names, aliases, date of birth, search keys, assessments) and a
 * place's address, keeping the rows that link them to crimes so figures stay as they were. Every method runs in
 * the caller's transaction.
 */
export class PersonRetention {
  peopleAfter(tx: ForceTransaction, afterPersonId: string | null, limit: number): Promise<PersonForRetentionReview[]> {
    return tx
      .selectFrom('person')
      .select(['personId', 'updatedAt', 'version'])
      .$if(afterPersonId !== null, (query) => query.where('personId', '>', afterPersonId!))
      .orderBy('personId')
      .limit(limit)
      .execute()
  }

  peopleIn(tx: ForceTransaction, personIds: readonly string[]): Promise<PersonForRetentionReview[]> {
    if (personIds.length === 0) {
      return Promise.resolve([])
    }
    return tx
      .selectFrom('person')
      .select(['personId', 'updatedAt', 'version'])
      .where('personId', 'in', personIds)
      .execute()
  }

  /** Each person's linked crimes, for the given people. */
  async crimesOf(tx: ForceTransaction, personIds: readonly string[]): Promise<Map<string, string[]>> {
    const links = new Map<string, string[]>(personIds.map((personId) => [personId, []]))
    if (personIds.length === 0) {
      return links
    }
    const rows = await tx
      .selectFrom('personInvolvement')
      .select(['personId', 'recordId'])
      .where('recordType', '=', 'crime')
      .where('personId', 'in', personIds)
      .execute()
    for (const row of rows) {
      links.get(row.personId)?.push(row.recordId)
    }
    return links
  }

  /** The people linked to one crime. */
  async peopleInCrime(tx: ForceTransaction, crimeId: string): Promise<string[]> {
    const rows = await tx
      .selectFrom('personInvolvement')
      .select('personId')
      .distinct()
      .where('recordType', '=', 'crime')
      .where('recordId', '=', crimeId)
      .execute()
    return rows.map((row) => row.personId)
  }

  /** Removes a person's names, aliases, date of birth, search keys and assessments; the person row stays. */
  async erasePerson(tx: ForceTransaction, personId: string, now: Date, by: string): Promise<{ assessments: number }> {
    await tx
      .updateTable('person')
      .set((eb) => ({
        givenName: '',
        familyName: REMOVED_NAME,
        aliases: [],
        dateOfBirth: null,
        nameForms: [],
        version: eb('version', '+', 1),
        updatedAt: now,
        updatedBy: by,
      }))
      .where('personId', '=', personId)
      .execute()
    await tx.deleteFrom('personNameKey').where('personId', '=', personId).execute()
    const assessments = await tx.deleteFrom('personAssessment').where('personId', '=', personId).executeTakeFirst()
    return { assessments: Number(assessments.numDeletedRows) }
  }

  /** Removes a place's address and postcode; its coordinates and LSOA stay, so published figures do not move. */
  async eraseAddress(tx: ForceTransaction, locationId: string): Promise<void> {
    await tx
      .updateTable('location')
      .set({ address: REMOVED_ADDRESS, postcode: null })
      .where('locationId', '=', locationId)
      .execute()
  }
}
