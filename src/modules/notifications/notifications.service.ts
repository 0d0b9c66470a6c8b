import type { Actor } from '../../platform/auth/actor.ts'
import type { Clock } from '../../platform/clock.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { NotFound } from '../../platform/http/errors.ts'
import { isUuid, newId } from '../../platform/ids.ts'
import type { Mailer } from './notifications.mailer.ts'
import type { NotificationsRepository } from './notifications.repository.ts'
import { CLAIM_LEASE_MS, emailBody, retryDelayMs } from './notifications.rules.ts'

/** Something to tell people: on screen always, and by email when email is configured and they have an address. */
export interface Notice {
  recipientUserIds: readonly string[]
  subject: string
  body: string
  /** A path in Tally, e.g. `/partner-reports/…`. */
  link?: string | undefined
}

export interface NotificationsOptions {
  /** Set when SMTP is configured: only then are emails queued. */
  mailer: Mailer | undefined
  /** Tally's public address, to make links in emails absolute. */
  baseUrl?: string | undefined
  log?: { error(details: object, message: string): void }
}

export interface DeliveryResult {
  sent: number
  failed: number
}

const BATCH = 50

/**
 * Notifications for people. Other modules call `notifyIn` inside the transaction of the change, so a notice
 * exists exactly when its change does; email goes through the outbox, delivered by `deliverDue` (run every
 * little while by `serve`), which marks a message sent only after the mail server accepted it and otherwise
 * retries with backoff.
 */
export class NotificationsService {
  constructor(
    private readonly db: TallyDatabase,
    private readonly repository: NotificationsRepository,
    private readonly clock: Clock,
    private readonly options: NotificationsOptions,
  ) {}

  get emailEnabled(): boolean {
    return this.options.mailer !== undefined
  }

  async notifyIn(tx: ForceTransaction, notice: Notice): Promise<void> {
    const recipients = await this.repository.recipients(tx, [...new Set(notice.recipientUserIds)])
    const now = this.clock.now()
    const notifications = recipients.map((recipient) => ({
      notificationId: newId(),
      recipientUserId: recipient.userId,
      subject: notice.subject,
      body: notice.body,
      link: notice.link ?? null,
      createdAt: now,
    }))
    await this.repository.insertNotifications(tx, notifications)
    if (!this.emailEnabled) {
      return
    }
    const text = emailBody(notice.body, notice.link ?? null, this.options.baseUrl)
    await this.repository.insertOutbox(
      tx,
      notifications.flatMap((notification, index) => {
        const email = recipients[index]!.email
        return email
          ? [
              {
                messageId: newId(),
                notificationId: notification.notificationId,
                toAddress: email,
                subject: notice.subject,
                body: text,
                createdAt: now,
                nextAttemptAt: now,
              },
            ]
          : []
      }),
    )
  }

  /** The active users holding a role, to address a notice to (e.g. every IMU decision maker). */
  usersWithRoleIn(tx: ForceTransaction, role: string): Promise<string[]> {
    return this.repository.activeUsersWithRole(tx, role)
  }

  /** The signed-in person's latest notifications and how many are unread. */
  mine(actor: Actor) {
    actor.permissions.require('notifications.view')
    return this.db.withForce(actor.forceId, async (tx) => {
      if (actor.type !== 'user') {
        return { notifications: [], unread: 0 }
      }
      const [notifications, unread] = await Promise.all([
        this.repository.listFor(tx, actor.id, 100),
        this.repository.unreadCount(tx, actor.id),
      ])
      return { notifications, unread }
    })
  }

  unreadCount(actor: Actor): Promise<number> {
    actor.permissions.require('notifications.view')
    return actor.type === 'user'
      ? this.db.withForce(actor.forceId, (tx) => this.repository.unreadCount(tx, actor.id))
      : Promise.resolve(0)
  }

  /** Marks one of the person's notifications read (or all of them, without an id). */
  async markRead(actor: Actor, notificationId?: string): Promise<void> {
    actor.permissions.require('notifications.view')
    if (notificationId !== undefined && !isUuid(notificationId)) {
      throw new NotFound('There is no such notification')
    }
    const changed = await this.db.withForce(actor.forceId, (tx) =>
      this.repository.markRead(tx, actor.id, notificationId, this.clock.now()),
    )
    if (notificationId !== undefined && changed === 0) {
      // Already read is fine; someone else's or none at all is not found, whichever it was.
      const mine = await this.mine(actor)
      if (!mine.notifications.some((n) => n.notificationId === notificationId)) {
        throw new NotFound('There is no such notification')
      }
    }
  }

  /** Email waiting to be sent in this force: how many, and since when. */
  waiting(forceId: number) {
    return this.db.withForce(forceId, (tx) => this.repository.waiting(tx))
  }

  /**
   * Sends the force's due email. Claiming is its own short transaction (so no transaction is open while the
   * mail server is talked to); each message's result is stored after its send.
   */
  async deliverDue(forceId: number): Promise<DeliveryResult> {
    const mailer = this.options.mailer
    if (!mailer) {
      return { sent: 0, failed: 0 }
    }
    const now = this.clock.now()
    const claimed = await this.db.withForce(forceId, (tx) =>
      this.repository.claimDue(tx, now, new Date(now.getTime() + CLAIM_LEASE_MS), BATCH),
    )
    const result = { sent: 0, failed: 0 }
    for (const message of claimed) {
      try {
        await mailer.send({ to: message.toAddress, subject: message.subject, text: message.body })
        await this.db.withForce(forceId, (tx) => this.repository.markSent(tx, message.messageId, this.clock.now()))
        result.sent += 1
      } catch (error) {
        const retryAt = new Date(this.clock.now().getTime() + retryDelayMs(message.attempts))
        const reason = error instanceof Error ? error.message : String(error)
        await this.db.withForce(forceId, (tx) => this.repository.markFailed(tx, message.messageId, reason, retryAt))
        this.options.log?.error({ forceId, messageId: message.messageId, err: reason }, 'email not delivered')
        result.failed += 1
      }
    }
    return result
  }

  /** Sends every force's due email; one force's trouble does not stop the others. */
  async deliverAllForces(forces: () => Promise<ReadonlyArray<{ forceId: number }>>): Promise<DeliveryResult> {
    const total = { sent: 0, failed: 0 }
    for (const { forceId } of await forces()) {
      try {
        const result = await this.deliverDue(forceId)
        total.sent += result.sent
        total.failed += result.failed
      } catch (error) {
        this.options.log?.error({ forceId, err: error }, 'email delivery run failed')
      }
    }
    return total
  }
}
