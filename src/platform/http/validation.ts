import { registerAjvFormats } from '@fastify/type-provider-typebox'
import type { FastifySchemaCompiler } from 'fastify'
import type { TSchema } from 'typebox'
import { Compile } from 'typebox/compile'
import { Value } from 'typebox/value'

registerAjvFormats()

/**
 * Validates every request part against its TypeBox schema, after filling in the schema's defaults. A form posts
 * nothing at all for an unticked radio group or checkbox, so without defaults a form with one unanswered
 * question would be refused outright instead of coming back with its error messages. Query strings, params and
 * headers arrive as text and are converted to the schema's types first; JSON bodies are taken as sent.
 */
export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(withNumberBounds(schema))
  return (input) => {
    const converted: unknown = httpPart === 'body' ? input : Value.Convert(schema, input)
    const value = Value.Default(schema, converted)
    return check.Check(value) ? { value } : { error: check.Errors(value) }
  }
}

/** PostgreSQL's integer: every whole number a request carries is stored in one or compared with one. */
export const INTEGER_BOUNDS = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const
/** No quantity Tally records (hours, thresholds, coordinates) comes near this; numeric columns overflow beyond it. */
export const NUMBER_BOUNDS = { minimum: -1_000_000_000, maximum: 1_000_000_000 } as const

/**
 * Gives every integer and number in a request schema bounds, where it declares none, so an `expectedVersion` of
 * 2147483648 or 1e308 is a 400 naming the field rather than an overflow in the database. Changes the schema in
 * place, so the OpenAPI document shows the same bounds the validator applies.
 */
export function withNumberBounds<T>(schema: T): T {
  const seen = new Set<object>()
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== 'object' || seen.has(node)) {
      return
    }
    seen.add(node)
    const record = node as Record<string, unknown>
    const types = Array.isArray(record.type) ? (record.type as unknown[]) : [record.type]
    const bounds = types.includes('integer') ? INTEGER_BOUNDS : types.includes('number') ? NUMBER_BOUNDS : undefined
    if (bounds) {
      if (record.maximum === undefined && record.exclusiveMaximum === undefined) {
        record.maximum = bounds.maximum
      }
      if (record.minimum === undefined && record.exclusiveMinimum === undefined) {
        record.minimum = bounds.minimum
      }
    }
    for (const child of Object.values(record)) {
      visit(child)
    }
  }
  visit(schema)
  return schema
}
