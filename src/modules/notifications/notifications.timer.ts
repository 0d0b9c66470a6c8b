import type { NotificationsService } from './notifications.service.ts'

export interface OutboxDeliveryOptions {
  notifications: NotificationsService
  forces: () => Promise<ReadonlyArray<{ forceId: number }>>
  everyMs: number
  log: { info(details: object, message: string): void; error(details: object, message: string): void }
}

/**
 * Sends the email outbox every `everyMs` in `serve`, one run at a time. Several app servers may each run it:
 * claiming skips what another run holds, so nothing is sent twice by two runs at once. Returns a stop function.
 */
export function startOutboxDelivery(options: OutboxDeliveryOptions): () => void {
  let running = false
  const timer = setInterval(() => {
    if (running) {
      return
    }
    running = true
    void options.notifications
      .deliverAllForces(options.forces)
      .then(
        (result) => {
          if (result.sent + result.failed > 0) {
            options.log.info(result, 'email outbox delivered')
          }
        },
        (error: unknown) => options.log.error({ err: error }, 'email outbox delivery failed'),
      )
      .finally(() => {
        running = false
      })
  }, options.everyMs)
  timer.unref()
  return () => clearInterval(timer)
}
