import { describe, expect, it } from 'vitest'
import { emailBody, retryDelayMs } from './notifications.rules.ts'

const MINUTE = 60_000

describe('retrying a failed email', () => {
  it.each([
    [0, 1 * MINUTE],
    [1, 1 * MINUTE],
    [2, 2 * MINUTE],
    [3, 4 * MINUTE],
    [6, 32 * MINUTE],
    [9, 256 * MINUTE],
    [10, 360 * MINUTE],
    [50, 360 * MINUTE],
    [1000, 360 * MINUTE],
  ])('after %i attempts waits %i ms', (attempts, wait) => {
    expect(retryDelayMs(attempts)).toBe(wait)
  })
})

describe('an email’s text', () => {
  it.each([
    ['Report received', null, undefined, 'Report received'],
    ['Report received', '/partner-reports/1', undefined, 'Report received\n\nOpen it in Tally: /partner-reports/1'],
    [
      'Report received',
      '/partner-reports/1',
      'https://tally.example.police.uk',
      'Report received\n\nOpen it in Tally: https://tally.example.police.uk/partner-reports/1',
    ],
  ])('%s with link %s at %s', (body, link, base, expected) => {
    expect(emailBody(body, link, base)).toBe(expected)
  })
})
