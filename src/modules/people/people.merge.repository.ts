import type { ForceTransaction } from '../../platform/db/database.ts'
import type { MovedLinks, StoredInvolvement } from './people.merge.rules.ts'

export interface PersonMergeRow {
  mergeId: string
  survivingPersonId: string
  duplicatePersonId: string
  reason: string
  moved: unknown
  mergedAt: Date
  mergedBy: string
  unmergedAt: Date | null
  unmergedBy: string | null
}

export interface MergedPerson {
  personId: string
  givenName: string
  familyName: string
}

/**
 * The queries of a merge. The links to a person live in other modules' tables too (a crime's victim, an
 * incident's reporting person, a victim's care record): a merge moves them in the same transaction, by person id
 * only, and an unmerge moves back exactly the rows it recorded.
 */
export class PersonMergeRepository {
  /** Both people, locked for the rest of the transaction (concurrent merges of either queue here). */
  lockPeople(tx: ForceTransaction, personIds: readonly string[]): Promise<MergedPerson[]> {
    return tx
      .selectFrom('person')
      .select(['personId', 'givenName', 'familyName'])
      .where('personId', 'in', [...personIds])
      .forUpdate()
      .execute()
  }

  people(tx: ForceTransaction, personIds: readonly string[]): Promise<MergedPerson[]> {
    return tx
      .selectFrom('person')
      .select(['personId', 'givenName', 'familyName'])
      .where('personId', 'in', [...personIds])
      .execute()
  }

  involvementsOf(tx: ForceTransaction, personId: string): Promise<StoredInvolvement[]> {
    return tx
      .selectFrom('personInvolvement')
      .select([
        'involvementId',
        'recordType',
        'recordId',
        'role',
        'suspectStatus',
        'version',
        'createdAt',
        'createdBy',
        'updatedAt',
        'updatedBy',
      ])
      .where('personId', '=', personId)
      .orderBy('createdAt')
      .execute()
      .then((rows) =>
        rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString() })),
      )
  }

  /** Moves every link of `from` to `to` except involvements, which are planned one by one. */
  async moveLinks(tx: ForceTransaction, from: string, to: string): Promise<MovedLinks> {
    const crimes = await tx
      .updateTable('crime')
      .set({ victimPersonId: to })
      .where('victimPersonId', '=', from)
      .returning('crimeId')
      .execute()
    const incidents = await tx
      .updateTable('incident')
      .set({ reportingPersonId: to })
      .where('reportingPersonId', '=', from)
      .returning('incidentId')
      .execute()
    const care = await tx
      .updateTable('victimCare')
      .set({ victimPersonId: to })
      .where('victimPersonId', '=', from)
      .returning('careId')
      .execute()
    const assessments = await tx
      .updateTable('personAssessment')
      .set({ personId: to })
      .where('personId', '=', from)
      .returning('assessmentId')
      .execute()
    return {
      involvementsMoved: [],
      involvementsRemoved: [],
      crimesAsVictim: crimes.map((row) => row.crimeId),
      incidentsAsReportingPerson: incidents.map((row) => row.incidentId),
      victimCare: care.map((row) => row.careId),
      assessments: assessments.map((row) => row.assessmentId),
    }
  }

  async moveInvolvements(tx: ForceTransaction, involvementIds: readonly string[], to: string): Promise<void> {
    if (involvementIds.length > 0) {
      await tx
        .updateTable('personInvolvement')
        .set({ personId: to })
        .where('involvementId', 'in', [...involvementIds])
        .execute()
    }
  }

  async removeInvolvements(tx: ForceTransaction, involvementIds: readonly string[]): Promise<void> {
    if (involvementIds.length > 0) {
      await tx
        .deleteFrom('personInvolvement')
        .where('involvementId', 'in', [...involvementIds])
        .execute()
    }
  }

  async restoreInvolvements(tx: ForceTransaction, personId: string, rows: readonly StoredInvolvement[]) {
    if (rows.length > 0) {
      await tx
        .insertInto('personInvolvement')
        .values(
          rows.map((row) => ({
            ...row,
            personId,
            createdAt: new Date(row.createdAt),
            updatedAt: new Date(row.updatedAt),
          })),
        )
        .execute()
    }
  }

  /** Moves back exactly the rows a merge moved, where they still point at the surviving person. */
  async moveBack(tx: ForceTransaction, moved: MovedLinks, from: string, to: string): Promise<void> {
    const ids = (list: readonly string[]) => [...list]
    if (moved.involvementsMoved.length > 0) {
      await tx
        .updateTable('personInvolvement')
        .set({ personId: to })
        .where('personId', '=', from)
        .where(
          'involvementId',
          'in',
          moved.involvementsMoved.map((link) => link.involvementId),
        )
        .execute()
    }
    if (moved.crimesAsVictim.length > 0) {
      await tx
        .updateTable('crime')
        .set({ victimPersonId: to })
        .where('victimPersonId', '=', from)
        .where('crimeId', 'in', ids(moved.crimesAsVictim))
        .execute()
    }
    if (moved.incidentsAsReportingPerson.length > 0) {
      await tx
        .updateTable('incident')
        .set({ reportingPersonId: to })
        .where('reportingPersonId', '=', from)
        .where('incidentId', 'in', ids(moved.incidentsAsReportingPerson))
        .execute()
    }
    if (moved.victimCare.length > 0) {
      await tx
        .updateTable('victimCare')
        .set({ victimPersonId: to })
        .where('victimPersonId', '=', from)
        .where('careId', 'in', ids(moved.victimCare))
        .execute()
    }
    if (moved.assessments.length > 0) {
      await tx
        .updateTable('personAssessment')
        .set({ personId: to })
        .where('personId', '=', from)
        .where('assessmentId', 'in', ids(moved.assessments))
        .execute()
    }
  }

  async insertMerge(tx: ForceTransaction, row: Omit<PersonMergeRow, 'unmergedAt' | 'unmergedBy'>): Promise<void> {
    await tx
      .insertInto('personMerge')
      .values({ ...row, moved: JSON.stringify(row.moved) })
      .execute()
  }

  findMergeForUpdate(tx: ForceTransaction, mergeId: string): Promise<PersonMergeRow | undefined> {
    return tx.selectFrom('personMerge').selectAll().where('mergeId', '=', mergeId).forUpdate().executeTakeFirst()
  }

  /** The live merge that made `personId` a duplicate, if any. */
  liveMergeOfDuplicate(tx: ForceTransaction, personId: string): Promise<PersonMergeRow | undefined> {
    return tx
      .selectFrom('personMerge')
      .selectAll()
      .where('duplicatePersonId', '=', personId)
      .where('unmergedAt', 'is', null)
      .executeTakeFirst()
  }

  async markUnmerged(tx: ForceTransaction, mergeId: string, at: Date, by: string): Promise<void> {
    await tx.updateTable('personMerge').set({ unmergedAt: at, unmergedBy: by }).where('mergeId', '=', mergeId).execute()
  }

  mergesOf(tx: ForceTransaction, personId: string): Promise<PersonMergeRow[]> {
    return tx
      .selectFrom('personMerge')
      .selectAll()
      .where((eb) => eb.or([eb('survivingPersonId', '=', personId), eb('duplicatePersonId', '=', personId)]))
      .orderBy('mergedAt', 'desc')
      .execute()
  }
}
