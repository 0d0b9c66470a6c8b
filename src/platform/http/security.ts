import fastifyCookie from '@fastify/cookie'
import fastifyCsrf from '@fastify/csrf-protection'
import fastifyFormbody from '@fastify/formbody'
import fastifyHelmet from '@fastify/helmet'
import fastifyRateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isApiRequest } from './access.ts'
import type { SessionIdentity } from '../auth/identity-store.ts'
import './request-types.ts'

export interface SecurityOptions {
  cookieSecret: string
  secureCookies: boolean
}

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/** Binds a form's CSRF token to the session it was issued in, so a token lifted from one session fails in another. */
function csrfUserInfo(request: FastifyRequest): string {
  return (request.identity as SessionIdentity | null)?.sessionHash ?? 'signed-out'
}

export function csrfTokenFor(request: FastifyRequest, reply: FastifyReply): string {
  return reply.generateCsrf({ userInfo: csrfUserInfo(request) })
}

/**
 * Cookies, forms, security headers with a strict Content-Security-Policy (scripts only from this origin or with
 * the per-response nonce), CSRF tokens on every form, and the rate limiter that sign-in uses.
 */
export const security = fp<SecurityOptions>(
  async (app: FastifyInstance, options: SecurityOptions) => {
    await app.register(fastifyCookie, { secret: options.cookieSecret })
    await app.register(fastifyFormbody, { bodyLimit: 1_048_576 })
    await app.register(fastifyHelmet, {
      enableCSPNonces: true,
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          fontSrc: ["'self'"],
          connectSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'self'"],
          objectSrc: ["'none'"],
          upgradeInsecureRequests: options.secureCookies ? [] : null,
        },
      },
      strictTransportSecurity: options.secureCookies ? { maxAge: 31_536_000, includeSubDomains: true } : false,
      referrerPolicy: { policy: 'same-origin' },
      crossOriginEmbedderPolicy: false,
    })
    await app.register(fastifyCsrf, {
      sessionPlugin: '@fastify/cookie',
      cookieKey: 'tally_csrf',
      csrfOpts: { hmacKey: options.cookieSecret },
      cookieOpts: { signed: true, httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/' },
      getUserInfo: csrfUserInfo,
      getToken: (request) => (request.body as Record<string, unknown> | undefined)?._csrf as string | undefined,
    })
    await app.register(fastifyRateLimit, { global: false })

    // Every state-changing page request carries the form's CSRF token. API requests authenticate with a bearer
    // token, which a browser never sends on its own, so they need none.
    app.addHook('preHandler', (request, reply, done) => {
      if (!STATE_CHANGING.has(request.method) || isApiRequest(request)) {
        done()
        return
      }
      app.csrfProtection(request, reply, done)
    })
  },
  { name: 'tally-security', dependencies: [] },
)
