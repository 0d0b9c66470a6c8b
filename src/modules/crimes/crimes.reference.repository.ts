import type { Insertable, Selectable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { OffenceCodeTable, OffenceCodeVersionTable } from '../../platform/db/tables/crimes.ts'

export type OffenceCodeRecord = Selectable<OffenceCodeTable>
export type OffenceCodeVersionRow = Selectable<OffenceCodeVersionTable>

/**
 * The crime-recording reference data (offence list versions, the force's settings, the authority to cancel,
 * cancellation codes) and the users it names. One query per method, always in the caller's force-scoped
 * transaction; the crimes repository extends it.
 */
export class CrimesReferenceRepository {
  currentOffenceVersion(tx: ForceTransaction): Promise<OffenceCodeVersionRow | undefined> {
    return tx.selectFrom('offenceCodeVersion').selectAll().where('current', '=', true).executeTakeFirst()
  }

  offenceVersions(tx: ForceTransaction): Promise<OffenceCodeVersionRow[]> {
    return tx.selectFrom('offenceCodeVersion').selectAll().orderBy('importedAt', 'desc').execute()
  }

  /** Adds a version; undefined when it already exists (a concurrent first use loaded it). */
  insertOffenceVersion(tx: ForceTransaction, row: Insertable<OffenceCodeVersionTable>) {
    return tx
      .insertInto('offenceCodeVersion')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst()
  }

  async insertOffenceCodes(tx: ForceTransaction, rows: ReadonlyArray<Insertable<OffenceCodeTable>>): Promise<void> {
    await tx.insertInto('offenceCode').values(rows).execute()
  }

  async clearCurrentVersion(tx: ForceTransaction): Promise<void> {
    await tx.updateTable('offenceCodeVersion').set({ current: false }).where('current', '=', true).execute()
  }

  setCurrentVersion(tx: ForceTransaction, version: string) {
    return tx
      .updateTable('offenceCodeVersion')
      .set({ current: true })
      .where('version', '=', version)
      .returning('version')
      .executeTakeFirst()
  }

  findOffenceCode(tx: ForceTransaction, version: string, code: string): Promise<OffenceCodeRecord | undefined> {
    return tx
      .selectFrom('offenceCode')
      .selectAll()
      .where('version', '=', version)
      .where('code', '=', code)
      .executeTakeFirst()
  }

  /** A code in the force's current offence list (one look-up, for recording and reclassifying). */
  findCurrentOffenceCode(tx: ForceTransaction, code: string): Promise<OffenceCodeRecord | undefined> {
    return tx
      .selectFrom('offenceCode')
      .innerJoin('offenceCodeVersion', (join) =>
        join
          .onRef('offenceCodeVersion.forceId', '=', 'offenceCode.forceId')
          .onRef('offenceCodeVersion.version', '=', 'offenceCode.version'),
      )
      .selectAll('offenceCode')
      .where('offenceCodeVersion.current', '=', true)
      .where('offenceCode.code', '=', code)
      .executeTakeFirst()
  }

  offenceCodes(tx: ForceTransaction, version: string): Promise<OffenceCodeRecord[]> {
    return tx.selectFrom('offenceCode').selectAll().where('version', '=', version).orderBy('code').execute()
  }

  /** Labels of codes across versions (a crime keeps the version it was classified under). */
  offenceLabels(tx: ForceTransaction, codes: readonly string[]) {
    return tx
      .selectFrom('offenceCode')
      .select(['version', 'code', 'label', 'groupLabel'])
      .where('code', 'in', codes.length > 0 ? [...codes] : [''])
      .execute()
  }

  settings(tx: ForceTransaction) {
    return tx.selectFrom('crimeSetting').selectAll().executeTakeFirst()
  }

  /** Rule 20: the force's reasons for viewing a restricted crime (insert or update, keeping the other settings). */
  async saveViewJustifications(
    tx: ForceTransaction,
    row: {
      viewJustifications: string[]
      referenceFormat: string
      authorisationGroups: string[]
      updatedAt: Date
      updatedBy: string
    },
  ): Promise<void> {
    await tx
      .insertInto('crimeSetting')
      .values(row)
      .onConflict((oc) =>
        oc.column('forceId').doUpdateSet((eb) => ({
          viewJustifications: eb.ref('excluded.viewJustifications'),
          updatedAt: eb.ref('excluded.updatedAt'),
          updatedBy: eb.ref('excluded.updatedBy'),
          version: eb('crimeSetting.version', '+', 1),
        })),
      )
      .execute()
  }

  /** An offence-list version's groups of rape and principal-crime ranking (rules 6, 8 and 11). */
  offenceListRules(tx: ForceTransaction, version: string) {
    return tx
      .selectFrom('offenceListRule')
      .select(['rapeGroups', 'principalRanking'])
      .where('version', '=', version)
      .executeTakeFirst()
  }

  /** Every group of rape any of the force's offence-list versions names (a crime's history spans versions). */
  async allRapeGroups(tx: ForceTransaction): Promise<string[]> {
    const rows = await tx.selectFrom('offenceListRule').select('rapeGroups').execute()
    return [...new Set(rows.flatMap((row) => row.rapeGroups))]
  }

  async saveOffenceListRules(
    tx: ForceTransaction,
    row: { version: string; rapeGroups: string[]; principalRanking: string[]; updatedAt: Date; updatedBy: string },
  ): Promise<void> {
    await tx
      .insertInto('offenceListRule')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['forceId', 'version']).doUpdateSet((eb) => ({
          rapeGroups: eb.ref('excluded.rapeGroups'),
          principalRanking: eb.ref('excluded.principalRanking'),
          updatedAt: eb.ref('excluded.updatedAt'),
          updatedBy: eb.ref('excluded.updatedBy'),
        })),
      )
      .execute()
  }

  /**
   * Rule 11: live crimes in an offence group whose victim is one of `victimPersonIds` (people the person search
   * matched, misspellings and all) or has this victim key.
   */
  duplicateCandidatesFor(
    tx: ForceTransaction,
    candidate: { victimKey: string; victimPersonIds: readonly string[]; offenceGroup: string },
  ) {
    return tx
      .selectFrom('crime')
      .select([
        'crimeId',
        'crimeReference',
        'status',
        'offenceCode',
        'offenceGroup',
        'offenceFrom',
        'offenceTo',
        'locationKey',
        'victimKey',
        'recordedAt',
      ])
      .where((eb) =>
        eb.or([
          eb('victimKey', '=', candidate.victimKey),
          ...(candidate.victimPersonIds.length > 0 ? [eb('victimPersonId', 'in', candidate.victimPersonIds)] : []),
        ]),
      )
      .where('offenceGroup', '=', candidate.offenceGroup)
      .where('status', 'not in', ['cancelled', 'transferred'])
      .orderBy('recordedAt', 'desc')
      .limit(50)
      .execute()
  }

  /**
   * Saves the force's settings at the version the person saw (0: none saved yet). Undefined when someone else saved
   * first, including a concurrent first save: the row is then not at that version and is left as it is.
   */
  saveSettings(
    tx: ForceTransaction,
    expectedVersion: number,
    settings: { referenceFormat: string; authorisationGroups: string[]; updatedAt: Date; updatedBy: string },
  ) {
    return tx
      .insertInto('crimeSetting')
      .values(settings)
      .onConflict((oc) =>
        oc
          .column('forceId')
          .doUpdateSet((eb) => ({
            referenceFormat: eb.ref('excluded.referenceFormat'),
            authorisationGroups: eb.ref('excluded.authorisationGroups'),
            updatedAt: eb.ref('excluded.updatedAt'),
            updatedBy: eb.ref('excluded.updatedBy'),
            version: eb('crimeSetting.version', '+', 1),
          }))
          .where('crimeSetting.version', '=', expectedVersion),
      )
      .returningAll()
      .executeTakeFirst()
  }

  /** The force's crime reference prefix and its configured format (null until a format is set). */
  referenceSettings(tx: ForceTransaction) {
    return tx
      .selectFrom('force')
      .leftJoin('crimeSetting', 'crimeSetting.forceId', 'force.forceId')
      .select(['force.crimeReferencePrefix', 'crimeSetting.referenceFormat'])
      .executeTakeFirstOrThrow()
  }

  forcePrefix(tx: ForceTransaction) {
    return tx.selectFrom('force').select('crimeReferencePrefix').executeTakeFirstOrThrow()
  }

  isDecisionMaker(tx: ForceTransaction, userId: string) {
    return tx.selectFrom('decisionMaker').select('userId').where('userId', '=', userId).executeTakeFirst()
  }

  decisionMakers(tx: ForceTransaction) {
    return tx
      .selectFrom('decisionMaker')
      .innerJoin('userAccount', (join) =>
        join
          .onRef('userAccount.forceId', '=', 'decisionMaker.forceId')
          .onRef('userAccount.userId', '=', 'decisionMaker.userId'),
      )
      .select([
        'decisionMaker.userId',
        'userAccount.displayName',
        'userAccount.username',
        'decisionMaker.designatedAt',
        'decisionMaker.designatedBy',
      ])
      .orderBy('userAccount.displayName')
      .execute()
  }

  addDecisionMaker(tx: ForceTransaction, row: { userId: string; designatedAt: Date; designatedBy: string }) {
    return tx
      .insertInto('decisionMaker')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('userId')
      .executeTakeFirst()
  }

  removeDecisionMaker(tx: ForceTransaction, userId: string) {
    return tx.deleteFrom('decisionMaker').where('userId', '=', userId).returning('userId').executeTakeFirst()
  }

  cancellationCodes(tx: ForceTransaction) {
    return tx.selectFrom('cancellationCode').selectAll().orderBy('code').execute()
  }

  addCancellationCode(
    tx: ForceTransaction,
    row: { code: string; label: string; requiresAvi: boolean; addedAt: Date; addedBy: string },
  ) {
    return tx
      .insertInto('cancellationCode')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('code')
      .executeTakeFirst()
  }

  /** The force's active users, by name (whom a crime may be allocated to). */
  activeUsers(tx: ForceTransaction) {
    return tx
      .selectFrom('userAccount')
      .select(['userId', 'displayName'])
      .where('active', '=', true)
      .orderBy('displayName')
      .orderBy('userId')
      .execute()
  }

  /** Users of this force (assignment targets and designated decision makers). */
  findUser(tx: ForceTransaction, userId: string) {
    return tx
      .selectFrom('userAccount')
      .select(['userId', 'displayName', 'active'])
      .where('userId', '=', userId)
      .executeTakeFirst()
  }

  userNames(tx: ForceTransaction, userIds: readonly string[]) {
    return tx
      .selectFrom('userAccount')
      .select(['userId', 'displayName'])
      .where('userId', 'in', userIds.length > 0 ? [...userIds] : ['00000000-0000-0000-0000-000000000000'])
      .execute()
  }
}
