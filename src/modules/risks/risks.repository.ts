import { sql, type Insertable, type Selectable, type Updateable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type {
  RiskChangeTable,
  RiskCheckTable,
  RiskIndicatorLinkTable,
  RiskNotificationTable,
  RiskTable,
} from '../../platform/db/tables/risks.ts'

export type RiskRow = Omit<Selectable<RiskTable>, 'forceId'>
export type RiskChangeRow = Selectable<RiskChangeTable>
export type WatchRow = Selectable<RiskIndicatorLinkTable>
export type NotificationRow = Selectable<RiskNotificationTable>
export type CheckRow = Selectable<RiskCheckTable>

const RISK_COLUMNS = [
  'riskId',
  'title',
  'description',
  'ownerUserId',
  'likelihood',
  'impact',
  'score',
  'mitigations',
  'status',
  'reviewDate',
  'raisedBy',
  'version',
  'createdAt',
  'updatedAt',
] as const

/**
 * The register's tables (risk, risk_change, risk_indicator_link, risk_notification, risk_notification_read,
 * risk_check). One query per method.
 */
export class RisksRepository {
  async insertRisk(tx: ForceTransaction, risk: Insertable<RiskTable>): Promise<void> {
    await tx.insertInto('risk').values(risk).execute()
  }

  findRisk(tx: ForceTransaction, riskId: string) {
    return tx.selectFrom('risk').select(RISK_COLUMNS).where('riskId', '=', riskId).executeTakeFirst()
  }

  listRisks(tx: ForceTransaction, includeClosed: boolean) {
    return tx
      .selectFrom('risk')
      .select(RISK_COLUMNS)
      .$if(!includeClosed, (query) => query.where('status', '<>', 'closed'))
      .orderBy('score', 'desc')
      .orderBy('reviewDate')
      .orderBy('riskId')
      .execute()
  }

  /** Saves over `expectedVersion`; undefined if the risk changed since it was read. */
  updateRisk(tx: ForceTransaction, riskId: string, expectedVersion: number, values: Updateable<RiskTable>) {
    return tx
      .updateTable('risk')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('riskId', '=', riskId)
      .where('version', '=', expectedVersion)
      .returning(RISK_COLUMNS)
      .executeTakeFirst()
  }

  async insertChange(tx: ForceTransaction, change: Insertable<RiskChangeTable>): Promise<void> {
    await tx.insertInto('riskChange').values(change).execute()
  }

  changesFor(tx: ForceTransaction, riskId: string) {
    return tx
      .selectFrom('riskChange')
      .selectAll()
      .where('riskId', '=', riskId)
      .orderBy('changedAt', 'desc')
      .orderBy('changeId', 'desc')
      .execute()
  }

  /**
   * Adds the default watches a force does not have yet; a preset once installed is never installed again.
   * Returns the watches actually added (none when every preset was there already).
   */
  installWatches(tx: ForceTransaction, watches: ReadonlyArray<Insertable<RiskIndicatorLinkTable>>) {
    return tx
      .insertInto('riskIndicatorLink')
      .values([...watches])
      .onConflict((conflict) => conflict.columns(['forceId', 'preset']).where('preset', 'is not', null).doNothing())
      .returningAll()
      .execute()
  }

  async insertWatch(tx: ForceTransaction, watch: Insertable<RiskIndicatorLinkTable>): Promise<void> {
    await tx.insertInto('riskIndicatorLink').values(watch).execute()
  }

  watches(tx: ForceTransaction, filter: { activeOnly?: boolean; riskId?: string } = {}) {
    return tx
      .selectFrom('riskIndicatorLink')
      .selectAll()
      .$if(filter.activeOnly === true, (query) => query.where('active', '=', true))
      .$if(filter.riskId !== undefined, (query) => query.where('riskId', '=', filter.riskId!))
      .orderBy('createdAt')
      .orderBy('linkId')
      .execute()
  }

  findWatch(tx: ForceTransaction, linkId: string) {
    return tx.selectFrom('riskIndicatorLink').selectAll().where('linkId', '=', linkId).executeTakeFirst()
  }

  /**
   * Records a check of one watch. When `fromState` is given the state moves only if it is still `fromState`,
   * so of two checks running at once only one acts on a change (the other gets undefined).
   */
  recordCheck(
    tx: ForceTransaction,
    linkId: string,
    values: Updateable<RiskIndicatorLinkTable>,
    fromState?: 'clear' | 'triggered',
  ) {
    return tx
      .updateTable('riskIndicatorLink')
      .set(values)
      .where('linkId', '=', linkId)
      .$if(fromState !== undefined, (query) => query.where('state', '=', fromState!))
      .returning(['linkId'])
      .executeTakeFirst()
  }

  updateWatch(
    tx: ForceTransaction,
    linkId: string,
    expectedVersion: number,
    values: Updateable<RiskIndicatorLinkTable>,
  ) {
    return tx
      .updateTable('riskIndicatorLink')
      .set((eb) => ({ ...values, version: eb('version', '+', 1) }))
      .where('linkId', '=', linkId)
      .where('version', '=', expectedVersion)
      .returning(['linkId'])
      .executeTakeFirst()
  }

  async insertNotification(tx: ForceTransaction, notification: Insertable<RiskNotificationTable>): Promise<void> {
    await tx.insertInto('riskNotification').values(notification).execute()
  }

  /** Notifications a user has not read: theirs, and those for everyone who manages risks. */
  unreadNotifications(tx: ForceTransaction, userId: string) {
    return tx
      .selectFrom('riskNotification')
      .selectAll('riskNotification')
      .where((eb) => eb.or([eb('recipientUserId', '=', userId), eb('recipientUserId', 'is', null)]))
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('riskNotificationRead as r')
              .select('r.notificationId')
              .whereRef('r.notificationId', '=', 'riskNotification.notificationId')
              .where('r.userId', '=', userId),
          ),
        ),
      )
      .orderBy('createdAt', 'desc')
      .orderBy('notificationId', 'desc')
      .limit(50)
      .execute()
  }

  /** A risk's notifications, with when `userId` read each (null: not read by them, or no user is looking). */
  notificationsForRisk(tx: ForceTransaction, riskId: string, userId: string | null) {
    return tx
      .selectFrom('riskNotification')
      .selectAll('riskNotification')
      .select((eb) =>
        userId === null
          ? sql<Date | null>`null::timestamptz`.as('readAt')
          : eb
              .selectFrom('riskNotificationRead as r')
              .select('r.readAt')
              .whereRef('r.notificationId', '=', 'riskNotification.notificationId')
              .where('r.userId', '=', userId)
              .as('readAt'),
      )
      .where('riskId', '=', riskId)
      .orderBy('createdAt', 'desc')
      .orderBy('notificationId', 'desc')
      .execute()
  }

  /**
   * Records that `userId` read a notification meant for them (theirs, or one for everyone). Undefined when there
   * is no such notification for them, or they had read it already.
   */
  markRead(tx: ForceTransaction, notificationId: string, userId: string, now: Date) {
    return tx
      .insertInto('riskNotificationRead')
      .columns(['notificationId', 'userId', 'readAt'])
      .expression((eb) =>
        eb
          .selectFrom('riskNotification')
          .select((inner) => [
            'notificationId',
            inner.val(userId).$castTo<string>().as('userId'),
            inner.val(now).$castTo<Date>().as('readAt'),
          ])
          .where('notificationId', '=', notificationId)
          .where((inner) => inner.or([inner('recipientUserId', '=', userId), inner('recipientUserId', 'is', null)])),
      )
      .onConflict((conflict) => conflict.columns(['forceId', 'notificationId', 'userId']).doNothing())
      .returning(['notificationId'])
      .executeTakeFirst()
  }

  async insertCheck(tx: ForceTransaction, check: Insertable<RiskCheckTable>): Promise<void> {
    await tx.insertInto('riskCheck').values(check).execute()
  }

  /** The most recent check of the watched indicators, if there has been one. */
  lastCheck(tx: ForceTransaction) {
    return tx
      .selectFrom('riskCheck')
      .selectAll()
      .orderBy('checkedAt', 'desc')
      .orderBy('checkId', 'desc')
      .limit(1)
      .executeTakeFirst()
  }
}
