import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { ValidationFailed, type FieldError } from './errors.ts'
import './request-types.ts'

/**
 * Text Tally accepts, decided once at the HTTP boundary for every route, API and page alike:
 *
 * - A NUL character cannot be stored (PostgreSQL text and jsonb refuse it) and has no business in a police
 *   record, so a request carrying one is refused with a 400 naming the field.
 * - A lone surrogate (half of a UTF-16 pair, as `"\ud800"` in JSON) is not text at all: UTF-8 cannot encode it, the
 *   database would store U+FFFD instead, and anything hashed over the original (the audit trail) would no longer
 *   match what is stored. Refused the same way, not silently replaced, so nobody's words are changed unseen.
 * - Everything else is normalised to Unicode NFC, so "é" typed as one character or as "e" plus an accent is
 *   stored, searched, compared and audited as the same text.
 *
 * Runs before schema validation, so the schemas and everything after them see only clean, normalised text.
 */
export const inputHygiene = fp(
  (app: FastifyInstance, _options: object, done) => {
    app.addHook('preValidation', (request: FastifyRequest, _reply, next) => {
      const errors: FieldError[] = []
      request.body = cleanValue(request.body, '', errors)
      request.query = cleanValue(request.query, 'query', errors)
      request.params = cleanValue(request.params, 'params', errors)
      next(errors.length > 0 ? new ValidationFailed(errors) : undefined)
    })
    done()
  },
  { name: 'tally-input-hygiene' },
)

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'g')

/** Why `text` cannot be accepted, or undefined if it can. */
export function textProblem(text: string): string | undefined {
  if (text.includes('\u0000')) {
    return 'must not contain a NUL character'
  }
  if (LONE_SURROGATE.test(text)) {
    return 'must be valid text: it contains half of a character (a lone UTF-16 surrogate)'
  }
  return undefined
}

function fieldName(parent: string, key: string): string {
  return parent === '' ? key : `${parent}.${key}`
}

/** Checks every string and property name in a parsed request part, returning it with its text NFC-normalised. */
export function cleanValue(value: unknown, path: string, errors: FieldError[]): unknown {
  if (typeof value === 'string') {
    const problem = textProblem(value)
    if (problem) {
      const field = path || 'body'
      errors.push({ field, message: `${field} ${problem}` })
      return value
    }
    return value.normalize('NFC')
  }
  if (Array.isArray(value)) {
    return value.map((item, index) => cleanValue(item, fieldName(path, String(index)), errors))
  }
  if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
    const cleaned: Record<string, unknown> = Object.create(Object.getPrototypeOf(value) as object | null) as Record<
      string,
      unknown
    >
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = textProblem(key)
      if (keyProblem) {
        const field = fieldName(path, key.replace(LONE_SURROGATE_ALL, '\uFFFD').replaceAll('\u0000', '\\0'))
        errors.push({ field, message: `A field name ${keyProblem}` })
        continue
      }
      cleaned[key.normalize('NFC')] = cleanValue(inner, fieldName(path, key), errors)
    }
    return cleaned
  }
  return value
}
