const MINUTE_MS = 60_000
const FIRST_RETRY_MS = MINUTE_MS
const LONGEST_WAIT_MS = 6 * 60 * MINUTE_MS

/**
 * How long to wait before trying a failed email again: a minute, then doubling, never more than six hours. It
 * never gives up: a notification is kept until the mail server takes it (the outbox shows what is waiting).
 */
export function retryDelayMs(attempts: number): number {
  if (!Number.isInteger(attempts) || attempts < 1) {
    return FIRST_RETRY_MS
  }
  // 2^19 minutes is far past the cap; stopping the exponent there keeps the arithmetic exact.
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(attempts - 1, 19), LONGEST_WAIT_MS)
}

/**
 * A claimed message is hidden from other delivery runs for this long: if the process dies mid-send, the message
 * comes due again and is sent then (at least once, never lost).
 */
export const CLAIM_LEASE_MS = 5 * MINUTE_MS

/** The text of an email: the on-screen notification, with the link made absolute when the base address is known. */
export function emailBody(body: string, link: string | null, baseUrl: string | undefined): string {
  if (!link) {
    return body
  }
  const where = baseUrl ? new URL(link, baseUrl).toString() : link
  return `${body}\n\nOpen it in Tally: ${where}`
}
