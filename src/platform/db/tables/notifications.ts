import type { Generated } from 'kysely'
import type { ForceId } from './platform.ts'

export interface NotificationTable {
  forceId: ForceId
  notificationId: string
  recipientUserId: string
  subject: string
  body: string
  link: string | null
  createdAt: Date
  readAt: Date | null
}

export interface NotificationOutboxTable {
  forceId: ForceId
  messageId: string
  notificationId: string
  toAddress: string
  subject: string
  body: string
  createdAt: Date
  attempts: Generated<number>
  nextAttemptAt: Date
  lastError: string | null
  sentAt: Date | null
}

export interface NotificationsTables {
  notification: NotificationTable
  notificationOutbox: NotificationOutboxTable
}
