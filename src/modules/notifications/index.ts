/**
 * Notifications for people: on screen (a list, and a banner on the start page while any are unread) and by
 * email through an outbox when SMTP is configured. Other modules call `NotificationsService.notifyIn` inside
 * the transaction of the change they tell of; `serve` delivers the outbox.
 */
import type { NavigationItem } from '../../platform/views/navigation.ts'

export {
  NotificationsService,
  type Notice,
  type NotificationsOptions,
  type DeliveryResult,
} from './notifications.service.ts'
export { NotificationsRepository } from './notifications.repository.ts'
export { SmtpMailer, type Email, type Mailer, type SmtpSettings } from './notifications.mailer.ts'
export { retryDelayMs } from './notifications.rules.ts'
/** Pages, mounted at /notifications. */
export { notificationsPages } from './notifications.pages.ts'
/** Runs the outbox delivery every little while in `serve`. */
export { startOutboxDelivery } from './notifications.timer.ts'

export const navigation: NavigationItem[] = [
  { text: 'Notifications', href: '/notifications', permission: 'notifications.view', order: 99 },
]
