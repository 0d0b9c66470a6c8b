import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { makeActor, type Actor } from '../auth/actor.ts'
import type { IdentityStore } from '../auth/identity-store.ts'
import { isPermission, Permissions, type RouteAccess } from '../auth/permissions.ts'
import type { Clock } from '../clock.ts'
import { Forbidden } from './errors.ts'
import './request-types.ts'

export const SESSION_COOKIE = 'tally_session'

/** Paths that never need to know who is asking: skipping the lookup keeps them cheap. */
const ANONYMOUS_PREFIXES = ['/assets/', '/health/', '/metrics']

export class Unauthenticated extends Error {
  readonly statusCode = 401
  constructor() {
    super('Sign in to use this service')
    this.name = 'Unauthenticated'
  }
}

export interface AccessOptions {
  identities: IdentityStore
  clock: Clock
  idleMinutes: number
}

/** The API docs page is a page for people, although it lives beside the API it describes. */
const API_DOCS_PAGE = '/api/v1/docs'

/**
 * Whether a request is for the API (bearer tokens, JSON problems) or a page (session cookie, CSRF, HTML). Decided
 * on the route the router matched, not on the raw URL: the router decodes `/%61pi/v1/crimes` to the API route, and a
 * split on the raw text would then serve the API to a session cookie. Unmatched requests use the decoded path.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const path = routePath(request)
  return path.startsWith('/api/') && !path.startsWith(API_DOCS_PAGE)
}

/** The route pattern the request matched, or its percent-decoded path when it matched none. */
export function routePath(request: FastifyRequest): string {
  const matched = request.is404 ? undefined : request.routeOptions.url
  if (matched !== undefined) {
    return matched
  }
  const raw = request.url.split('?')[0] ?? ''
  try {
    return decodeURIComponent(raw)
  } catch {
    return raw
  }
}

/** Every route registered with this app, and what it declared; the route × role test reads this. */
export interface RegisteredRoute {
  method: string
  url: string
  access: RouteAccess | undefined
  /** The route's request schemas (body, querystring, params): what the input fuzz test generates from. */
  schema: { body?: unknown; querystring?: unknown; params?: unknown } | undefined
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes(): RegisteredRoute[]
  }
}

/**
 * Deny by default. Every route must declare `config.permission`; the app refuses to start if one does not.
 * On each request: who is asking (session cookie for pages, bearer token for the API), then whether their
 * roles grant the route's permission.
 */
export const accessControl = fp<AccessOptions>(
  (app: FastifyInstance, options: AccessOptions, done) => {
    const routes: RouteOptions[] = []
    app.addHook('onRoute', (route) => {
      routes.push(route)
    })
    app.decorate('registeredRoutes', () =>
      routes.flatMap((route) =>
        (Array.isArray(route.method) ? route.method : [route.method]).map((method) => ({
          method: String(method),
          url: route.url,
          access: route.config?.permission,
          schema: route.schema,
        })),
      ),
    )
    app.addHook('onReady', (ready) => {
      const undeclared = routes.filter((route) => {
        const access = route.config?.permission
        return access === undefined || (access !== 'public' && !isPermission(access))
      })
      if (undeclared.length > 0) {
        const list = undeclared.map((route) => `${String(route.method)} ${route.url}`).join(', ')
        ready(new Error(`Every route must declare config.permission; these do not (or name an unknown one): ${list}`))
        return
      }
      ready()
    })

    app.decorateRequest('identity', null)
    app.decorateRequest('actor', {
      getter(this: FastifyRequest): Actor {
        if (!this.identity) {
          throw new Unauthenticated()
        }
        return makeActor({ ...this.identity, requestId: this.id })
      },
    })

    app.addHook('onRequest', async (request) => {
      if (request.is404 || ANONYMOUS_PREFIXES.some((prefix) => routePath(request).startsWith(prefix))) {
        return
      }
      const now = options.clock.now()
      if (isApiRequest(request)) {
        const header = request.headers.authorization
        if (header?.startsWith('Bearer ')) {
          request.identity = (await options.identities.findToken(header.slice('Bearer '.length).trim(), now)) ?? null
        }
      } else {
        const cookie = request.cookies[SESSION_COOKIE]
        if (cookie) {
          request.identity = (await options.identities.findSession(cookie, now, options.idleMinutes)) ?? null
        }
      }

      const access = request.routeOptions.config.permission
      if (access === 'public') {
        return
      }
      if (!request.identity) {
        throw new Unauthenticated()
      }
      if (access === undefined || !new Permissions(request.identity.roles).can(access)) {
        throw new Forbidden()
      }
    })
    // Nothing said to a signed-in person or an API client may be kept by a browser or proxy cache: it is personal
    // data or police information. (Pages already say so; this covers JSON, CSV downloads and redirects.)
    app.addHook('onSend', (request, reply, payload, next) => {
      if (request.identity || isApiRequest(request)) {
        void reply.header('cache-control', 'no-store')
      }
      next(null, payload)
    })
    done()
  },
  { name: 'tally-access-control', dependencies: ['@fastify/cookie'] },
)
