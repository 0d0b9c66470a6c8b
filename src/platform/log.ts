import { createRequire } from 'node:module'
import type { LoggerOptions } from 'pino'

/**
 * Personal data never reaches the logs (STYLE.md, hygiene): names, addresses, dates of birth, narratives and
 * credentials are redacted wherever they appear in a logged object. Log ids instead.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.password',
  '*.passwordHash',
  '*.token',
  '*.name',
  '*.givenName',
  '*.familyName',
  '*.dateOfBirth',
  '*.address',
  '*.narrative',
  '*.rationale',
  'body',
]

interface LoggedRequest {
  method: string
  url: string
  ip?: string
}

/**
 * Requests are logged by path only: query strings carry search terms (a person's name and date of birth on the
 * person search) and return addresses.
 */
export function requestWithoutQuery(request: LoggedRequest): Record<string, string | undefined> {
  return { method: request.method, path: request.url.split('?')[0], remoteAddress: request.ip }
}

/**
 * Human-readable lines (pino-pretty) when a person is watching a terminal outside production; one JSON object a
 * line otherwise, for whatever collects the logs. pino-pretty is a development dependency, so an install without
 * it (`npm ci --omit=dev`) logs JSON whatever the terminal.
 */
export function prettyLogs(
  level: string,
  environment: string,
  stdout: { isTTY?: boolean } = process.stdout,
  installed: () => boolean = prettyInstalled,
): boolean {
  return stdout.isTTY === true && level !== 'silent' && environment !== 'production' && installed()
}

function prettyInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('pino-pretty')
    return true
  } catch {
    return false
  }
}

export function loggerOptions(level: string, environment = 'development'): LoggerOptions {
  const pretty = prettyLogs(level, environment)
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { req: requestWithoutQuery },
    ...(pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  }
}
