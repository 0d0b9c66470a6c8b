import { sql } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'

export interface NewNotification {
  notificationId: string
  recipientUserId: string
  subject: string
  body: string
  link: string | null
  createdAt: Date
}

export interface NewOutboxMessage {
  messageId: string
  notificationId: string
  toAddress: string
  subject: string
  body: string
  createdAt: Date
  nextAttemptAt: Date
}

/** The `notification` and `notification_outbox` tables, and the user accounts notifications go to. */
export class NotificationsRepository {
  async insertNotifications(tx: ForceTransaction, rows: NewNotification[]): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('notification').values(rows).execute()
    }
  }

  async insertOutbox(tx: ForceTransaction, rows: NewOutboxMessage[]): Promise<void> {
    if (rows.length > 0) {
      await tx.insertInto('notificationOutbox').values(rows).execute()
    }
  }

  /** Active accounts among these, with their email address where they have one. */
  recipients(tx: ForceTransaction, userIds: readonly string[]) {
    return userIds.length === 0
      ? Promise.resolve([])
      : tx
          .selectFrom('userAccount')
          .select(['userId', 'email'])
          .where('userId', 'in', userIds)
          .where('active', '=', true)
          .execute()
  }

  async activeUsersWithRole(tx: ForceTransaction, role: string): Promise<string[]> {
    const rows = await tx
      .selectFrom('userRole')
      .innerJoin('userAccount', (join) =>
        join.onRef('userAccount.forceId', '=', 'userRole.forceId').onRef('userAccount.userId', '=', 'userRole.userId'),
      )
      .select('userRole.userId')
      .where('userRole.role', '=', role)
      .where('userAccount.active', '=', true)
      .execute()
    return rows.map((row) => row.userId)
  }

  listFor(tx: ForceTransaction, userId: string, limit: number) {
    return tx
      .selectFrom('notification')
      .select(['notificationId', 'subject', 'body', 'link', 'createdAt', 'readAt'])
      .where('recipientUserId', '=', userId)
      .orderBy('createdAt', 'desc')
      .orderBy('notificationId', 'desc')
      .limit(limit)
      .execute()
  }

  async unreadCount(tx: ForceTransaction, userId: string): Promise<number> {
    const row = await tx
      .selectFrom('notification')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('recipientUserId', '=', userId)
      .where('readAt', 'is', null)
      .executeTakeFirstOrThrow()
    return Number(row.n)
  }

  /** Marks one (or, without an id, every) unread notification of this person read; how many changed. */
  async markRead(tx: ForceTransaction, userId: string, notificationId: string | undefined, now: Date) {
    const result = await tx
      .updateTable('notification')
      .set({ readAt: now })
      .where('recipientUserId', '=', userId)
      .where('readAt', 'is', null)
      .$if(notificationId !== undefined, (q) => q.where('notificationId', '=', notificationId!))
      .executeTakeFirst()
    return Number(result.numUpdatedRows)
  }

  /**
   * Claims the messages due now, hiding them from other runs until the lease ends; a message already claimed by
   * a run in another transaction is skipped, not waited for.
   */
  claimDue(tx: ForceTransaction, now: Date, leaseUntil: Date, limit: number) {
    return tx
      .updateTable('notificationOutbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), nextAttemptAt: leaseUntil }))
      .where(
        'messageId',
        'in',
        tx
          .selectFrom('notificationOutbox')
          .select('messageId')
          .where('sentAt', 'is', null)
          .where('nextAttemptAt', '<=', now)
          .orderBy('nextAttemptAt')
          .limit(limit)
          .forUpdate()
          .skipLocked(),
      )
      .returning(['messageId', 'toAddress', 'subject', 'body', 'attempts'])
      .execute()
  }

  async markSent(tx: ForceTransaction, messageId: string, now: Date): Promise<void> {
    await tx
      .updateTable('notificationOutbox')
      .set({ sentAt: now, lastError: null })
      .where('messageId', '=', messageId)
      .execute()
  }

  async markFailed(tx: ForceTransaction, messageId: string, error: string, retryAt: Date): Promise<void> {
    await tx
      .updateTable('notificationOutbox')
      .set({ lastError: error.slice(0, 1000), nextAttemptAt: retryAt })
      .where('messageId', '=', messageId)
      .execute()
  }

  /** What is waiting: messages not yet sent, and the oldest of them. */
  async waiting(tx: ForceTransaction) {
    const row = await tx
      .selectFrom('notificationOutbox')
      .select([sql<number>`count(*)::int`.as('count'), sql<Date | null>`min(created_at)`.as('oldest')])
      .where('sentAt', 'is', null)
      .executeTakeFirstOrThrow()
    return { count: Number(row.count), oldest: row.oldest }
  }
}
