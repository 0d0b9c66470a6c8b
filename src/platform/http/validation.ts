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
  const check = Compile(schema)
  return (input) => {
    const converted: unknown = httpPart === 'body' ? input : Value.Convert(schema, input)
    const value = Value.Default(schema, converted)
    return check.Check(value) ? { value } : { error: check.Errors(value) }
  }
}
