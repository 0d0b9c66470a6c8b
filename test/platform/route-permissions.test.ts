import fastifyCookie from '@fastify/cookie'
import Fastify from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PERMISSIONS, type Permission } from '../../src/platform/auth/permissions.ts'
import type { Role } from '../../src/platform/auth/roles.ts'
import { accessControl, type RegisteredRoute } from '../../src/platform/http/access.ts'
import { TOKEN_ROLES } from '../../src/modules/accounts/index.ts'
import { ALL_ROLES, Agent, createTestContext, type ApiClient, type TestContext } from '../support/test-context.ts'

/**
 * Every registered route, driven as every role: exactly the roles the permission table grants get past the
 * door, everyone else gets 403, and nobody signed out gets in. A new route joins this test by existing; a route
 * without a declared permission stops the app from starting at all.
 */
const SAMPLE_ID = '01900000-0000-7000-8000-000000000000'

export function concreteUrl(route: RegisteredRoute, value = SAMPLE_ID): string {
  return route.url.replace(/:[A-Za-z]+/g, value).replace(/\*$/, 'x')
}

function routesToCheck(ctx: TestContext): Array<RegisteredRoute & { access: Permission }> {
  const seen = new Set<string>()
  return ctx.app
    .registeredRoutes()
    .filter(
      (route): route is RegisteredRoute & { access: Permission } =>
        route.access !== undefined && route.access !== 'public',
    )
    .filter((route) => route.method !== 'HEAD')
    .filter((route) => {
      const key = `${route.method} ${route.url}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
}

describe('route × role permissions', () => {
  let ctx: TestContext
  const agents = new Map<Role, Agent>()
  const clients = new Map<Role, ApiClient>()

  beforeAll(async () => {
    ctx = await createTestContext()
    for (const role of ALL_ROLES) {
      agents.set(role, await ctx.as(role))
      // The registrar's role is never a token's (rules 6 and 9), so nobody reaches the API in it.
      if (TOKEN_ROLES.includes(role)) {
        clients.set(role, await ctx.api(role))
      }
    }
  })
  afterAll(() => ctx.close())

  it('every route declares a permission that exists (the app would not have started otherwise)', () => {
    for (const route of ctx.app.registeredRoutes()) {
      expect(route.access, `${route.method} ${route.url}`).toBeDefined()
    }
  })

  it('who may use each route is written down in a reviewed file (update it with `npx vitest run -u` and read the diff)', async () => {
    const table = routesToCheck(ctx)
      .map(
        (route) =>
          `${route.method.padEnd(6)} ${route.url.padEnd(60)} ${route.access.padEnd(24)} ${PERMISSIONS[route.access].join(', ')}`,
      )
      .sort()
      .join('\n')
    await expect(`${table}\n`).toMatchFileSnapshot('./route-permissions.txt')
  })

  it('a route without a declared permission stops the app from starting', async () => {
    const app = Fastify()
    await app.register(fastifyCookie)
    await app.register(accessControl, { identities: ctx.deps.identities, clock: ctx.clock, idleMinutes: 30 })
    app.get('/forgotten', () => 'no permission declared')
    await expect(app.ready()).rejects.toThrow(/GET \/forgotten/)
  })

  it('grants exactly the roles in the permission table, for every route', async () => {
    const mismatches: string[] = []
    for (const route of routesToCheck(ctx)) {
      const url = concreteUrl(route)
      const api = route.url.startsWith('/api/')
      for (const role of ALL_ROLES) {
        const allowed = (PERMISSIONS[route.access] as readonly Role[]).includes(role)
        if (api && !clients.has(role)) {
          continue
        }
        const response = api
          ? await clients.get(role)!.request(route.method as 'GET', url, route.method === 'GET' ? undefined : {})
          : route.method === 'GET'
            ? await agents.get(role)!.get(url)
            : await agents.get(role)!.post(url, {})
        const denied = response.statusCode === 403
        if (allowed === denied || response.statusCode === 401) {
          mismatches.push(
            `${route.method} ${route.url} as ${role}: expected ${allowed ? 'access' : '403'}, got ${response.statusCode}`,
          )
        }
      }
      if (route.url === '/sign-out') {
        // Signing out ended those sessions; sign everyone back in for the routes that follow.
        for (const role of ALL_ROLES) {
          agents.set(role, await ctx.as(role))
        }
      }
    }
    expect(mismatches).toEqual([])
  }, 600_000) // every route as every role: far longer than one ordinary test

  it('nobody signed out gets past the door: pages send them to sign in, the API answers 401', async () => {
    const anonymous = Agent.anonymous(ctx.app)
    const leaks: string[] = []
    for (const route of routesToCheck(ctx)) {
      const url = concreteUrl(route)
      const response = route.url.startsWith('/api/')
        ? await ctx.app.inject({ method: route.method as 'GET', url })
        : route.method === 'GET'
          ? await anonymous.get(url)
          : await anonymous.post(url, {})
      const expected = route.url.startsWith('/api/') ? 401 : 303
      if (response.statusCode !== expected) {
        leaks.push(`${route.method} ${route.url}: ${response.statusCode}`)
      }
    }
    expect(leaks).toEqual([])
  })

  it('a revoked or made-up token gets 401', async () => {
    const client = await ctx.api('administrator')
    expect((await client.get('/api/v1/me')).statusCode).toBe(200)
    const tokens = await ctx.deps.services.accounts.listTokens(ctx.force.system)
    const id = tokens.find((token) => client.token.includes(token.tokenId.replaceAll('-', '')))!.tokenId
    await ctx.deps.services.accounts.revokeToken(ctx.force.system, id)
    expect((await client.get('/api/v1/me')).statusCode).toBe(401)
    const forged = client.token.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
    expect(
      (await ctx.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${forged}` } }))
        .statusCode,
    ).toBe(401)
  })
})
