import type { Actor } from '../auth/actor.ts'
import type { SessionIdentity, Identity } from '../auth/identity-store.ts'
import type { RouteAccess } from '../auth/permissions.ts'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may use this route: one permission from platform/auth/permissions.ts, or 'public'. Required. */
    permission?: RouteAccess
  }

  interface FastifyRequest {
    /** The signed-in user or API client, when there is one. */
    identity: Identity | SessionIdentity | null
    /** The actor for service calls; only on routes that need a permission (throws elsewhere). */
    readonly actor: Actor
  }

  interface FastifyReply {
    /** Renders a page with the layout's per-request context (navigation, CSRF token, CSP nonce). */
    render(template: string, model?: Record<string, unknown>): FastifyReply
    /** Sets a one-time success message shown on the next page. */
    flash(message: string): FastifyReply
  }
}
