import type {
  FastifyInstance,
  FastifyBaseLogger,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify'
import type { FastifyPluginCallbackTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox'

/** The Fastify instance a module's routes are declared on: schemas typed through TypeBox. */
export type Router = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>

/**
 * A module's routes as a Fastify plugin. `app.ts` mounts it under a prefix; the module only declares routes,
 * each with its permission and schema.
 */
export function routes(declare: (app: Router) => void): FastifyPluginCallbackTypebox {
  return (app, _options, done) => {
    declare(app)
    done()
  }
}
