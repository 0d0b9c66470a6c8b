import type { Insertable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { PartnerKind, PartnerReportStatus, PartnerReportTable } from '../../platform/db/tables/partners.ts'

export type NewPartnerReport = Insertable<PartnerReportTable>

const REPORT_COLUMNS = [
  'reportId',
  'organisationId',
  'acknowledgementReference',
  'partnerReference',
  'submissionHash',
  'incidentId',
  'submittedBy',
  'submittedById',
  'submittedAt',
  'kind',
  'whatHappened',
  'happenedAt',
  'address',
  'postcode',
  'anonymous',
  'victimGivenName',
  'victimFamilyName',
  'victimDateOfBirth',
  'consentToShare',
  'wantsPoliceContact',
  'status',
  'outcomeAgency',
  'outcomeRationale',
  'decidedBy',
  'decidedAt',
  'version',
] as const

/** What a partner's own list shows: no narrative, no victim. */
const PARTNER_LIST_COLUMNS = [
  'reportId',
  'acknowledgementReference',
  'partnerReference',
  'submittedAt',
  'kind',
  'status',
  'outcomeAgency',
] as const

/** The partner tables. One query per method; the service holds the transaction. */
export class PartnersRepository {
  listOrganisations(tx: ForceTransaction) {
    return tx
      .selectFrom('partnerOrganisation')
      .select(['organisationId', 'name', 'kind', 'contact', 'active', 'createdAt'])
      .orderBy('active', 'desc')
      .orderBy('name')
      .execute()
  }

  findOrganisation(tx: ForceTransaction, organisationId: string) {
    return tx
      .selectFrom('partnerOrganisation')
      .select(['organisationId', 'name', 'kind', 'contact', 'active', 'createdAt'])
      .where('organisationId', '=', organisationId)
      .executeTakeFirst()
  }

  nameTaken(tx: ForceTransaction, name: string) {
    return tx
      .selectFrom('partnerOrganisation')
      .select('organisationId')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()))
      .executeTakeFirst()
  }

  async insertOrganisation(
    tx: ForceTransaction,
    row: { organisationId: string; name: string; kind: PartnerKind; contact: string; createdAt: Date },
  ): Promise<void> {
    await tx.insertInto('partnerOrganisation').values(row).execute()
  }

  /** Members with their names: user accounts' display names, API tokens' system names. */
  members(tx: ForceTransaction, organisationId: string) {
    return tx
      .selectFrom('partnerMember')
      .leftJoin('userAccount', (join) =>
        join
          .onRef('userAccount.forceId', '=', 'partnerMember.forceId')
          .onRef('userAccount.userId', '=', 'partnerMember.memberId'),
      )
      .leftJoin('apiToken', (join) =>
        join
          .onRef('apiToken.forceId', '=', 'partnerMember.forceId')
          .onRef('apiToken.tokenId', '=', 'partnerMember.memberId'),
      )
      .select([
        'partnerMember.memberId',
        'partnerMember.memberType',
        'partnerMember.addedAt',
        'userAccount.displayName',
        'userAccount.username',
        'userAccount.active',
        'apiToken.name as tokenName',
        'apiToken.revokedAt',
      ])
      .where('partnerMember.organisationId', '=', organisationId)
      .orderBy('partnerMember.addedAt')
      .execute()
  }

  membership(tx: ForceTransaction, memberId: string) {
    return tx
      .selectFrom('partnerMember')
      .innerJoin('partnerOrganisation', (join) =>
        join
          .onRef('partnerOrganisation.forceId', '=', 'partnerMember.forceId')
          .onRef('partnerOrganisation.organisationId', '=', 'partnerMember.organisationId'),
      )
      .select(['partnerMember.organisationId', 'partnerOrganisation.name', 'partnerOrganisation.active'])
      .where('partnerMember.memberId', '=', memberId)
      .executeTakeFirst()
  }

  async memberUserIds(tx: ForceTransaction, organisationId: string): Promise<string[]> {
    const rows = await tx
      .selectFrom('partnerMember')
      .select('memberId')
      .where('organisationId', '=', organisationId)
      .where('memberType', '=', 'user')
      .execute()
    return rows.map((row) => row.memberId)
  }

  /** Partner-reporter accounts and live tokens that belong to no organisation yet. */
  async unlinkedPartnerIdentities(tx: ForceTransaction) {
    const users = await tx
      .selectFrom('userRole')
      .innerJoin('userAccount', (join) =>
        join.onRef('userAccount.forceId', '=', 'userRole.forceId').onRef('userAccount.userId', '=', 'userRole.userId'),
      )
      .select(['userAccount.userId as memberId', 'userAccount.displayName as name', 'userAccount.username'])
      .where('userRole.role', '=', 'partner_reporter')
      .where('userAccount.active', '=', true)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('partnerMember')
              .select('memberId')
              .whereRef('partnerMember.memberId', '=', 'userAccount.userId'),
          ),
        ),
      )
      .orderBy('userAccount.displayName')
      .execute()
    const tokens = await tx
      .selectFrom('apiToken')
      .select(['tokenId as memberId', 'name'])
      .where('role', '=', 'partner_reporter')
      .where('revokedAt', 'is', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('partnerMember')
              .select('memberId')
              .whereRef('partnerMember.memberId', '=', 'apiToken.tokenId'),
          ),
        ),
      )
      .orderBy('name')
      .execute()
    return {
      users: users.map((user) => ({ ...user, memberType: 'user' as const })),
      tokens: tokens.map((token) => ({ ...token, memberType: 'token' as const })),
    }
  }

  async insertMember(
    tx: ForceTransaction,
    row: { memberId: string; memberType: 'user' | 'token'; organisationId: string; addedAt: Date },
  ): Promise<void> {
    await tx.insertInto('partnerMember').values(row).execute()
  }

  async deleteMember(tx: ForceTransaction, organisationId: string, memberId: string): Promise<boolean> {
    const result = await tx
      .deleteFrom('partnerMember')
      .where('organisationId', '=', organisationId)
      .where('memberId', '=', memberId)
      .executeTakeFirst()
    return Number(result.numDeletedRows) > 0
  }

  // Reports ------------------------------------------------------------------------------------------------------

  async insertReport(tx: ForceTransaction, row: NewPartnerReport): Promise<void> {
    await tx.insertInto('partnerReport').values(row).execute()
  }

  findReport(tx: ForceTransaction, reportId: string) {
    return tx.selectFrom('partnerReport').select(REPORT_COLUMNS).where('reportId', '=', reportId).executeTakeFirst()
  }

  /** A report only if it is this organisation's: the query itself confines a partner to its own. */
  findOrganisationReport(tx: ForceTransaction, organisationId: string, reportId: string) {
    return tx
      .selectFrom('partnerReport')
      .select(REPORT_COLUMNS)
      .where('organisationId', '=', organisationId)
      .where('reportId', '=', reportId)
      .executeTakeFirst()
  }

  findByPartnerReference(tx: ForceTransaction, organisationId: string, partnerReference: string) {
    return tx
      .selectFrom('partnerReport')
      .select(REPORT_COLUMNS)
      .where('organisationId', '=', organisationId)
      .where('partnerReference', '=', partnerReference)
      .executeTakeFirst()
  }

  organisationReports(tx: ForceTransaction, organisationId: string, limit: number) {
    return tx
      .selectFrom('partnerReport')
      .select(PARTNER_LIST_COLUMNS)
      .where('organisationId', '=', organisationId)
      .orderBy('submittedAt', 'desc')
      .limit(limit)
      .execute()
  }

  inTriage(tx: ForceTransaction, limit: number) {
    return tx
      .selectFrom('partnerReport')
      .innerJoin('partnerOrganisation', (join) =>
        join
          .onRef('partnerOrganisation.forceId', '=', 'partnerReport.forceId')
          .onRef('partnerOrganisation.organisationId', '=', 'partnerReport.organisationId'),
      )
      .select([
        'partnerReport.reportId',
        'partnerReport.acknowledgementReference',
        'partnerReport.submittedAt',
        'partnerReport.kind',
        'partnerReport.wantsPoliceContact',
        'partnerOrganisation.name as organisationName',
      ])
      .where('partnerReport.status', '=', 'triage')
      .orderBy('partnerReport.submittedAt')
      .limit(limit)
      .execute()
  }

  /** Records a triage decision if nobody else has since; undefined when the version is stale. */
  decide(
    tx: ForceTransaction,
    reportId: string,
    expectedVersion: number,
    values: {
      status: PartnerReportStatus
      outcomeAgency: string | null
      outcomeRationale: string | null
      decidedBy: string
      decidedAt: Date
    },
  ) {
    return tx
      .updateTable('partnerReport')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('reportId', '=', reportId)
      .where('version', '=', expectedVersion)
      .where('status', '=', 'triage')
      .returning(['version'])
      .executeTakeFirst()
  }

  // Drafts -------------------------------------------------------------------------------------------------------

  async insertDraft(
    tx: ForceTransaction,
    row: { draftId: string; memberId: string; organisationId: string; updatedAt: Date },
  ): Promise<void> {
    await tx
      .insertInto('partnerReportDraft')
      .values({ ...row, answers: '{}' })
      .execute()
  }

  /** A draft only if it is this member's. */
  findDraft(tx: ForceTransaction, memberId: string, draftId: string) {
    return tx
      .selectFrom('partnerReportDraft')
      .select(['draftId', 'organisationId', 'answers', 'updatedAt'])
      .where('draftId', '=', draftId)
      .where('memberId', '=', memberId)
      .executeTakeFirst()
  }

  async updateDraft(tx: ForceTransaction, draftId: string, answers: Record<string, string>, now: Date): Promise<void> {
    await tx
      .updateTable('partnerReportDraft')
      .set({ answers: JSON.stringify(answers), updatedAt: now })
      .where('draftId', '=', draftId)
      .execute()
  }

  async deleteDraft(tx: ForceTransaction, draftId: string): Promise<void> {
    await tx.deleteFrom('partnerReportDraft').where('draftId', '=', draftId).execute()
  }

  /** Drafts nobody has touched since `before` (they hold a victim's details, so are not kept). */
  async deleteStaleDrafts(tx: ForceTransaction, before: Date): Promise<number> {
    const result = await tx.deleteFrom('partnerReportDraft').where('updatedAt', '<', before).executeTakeFirst()
    return Number(result.numDeletedRows)
  }
}
