import crypto from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { sql } from 'kysely'
import { buildApp, type TallyApp } from '../../src/app.ts'
import { loadConfig } from '../../src/config.ts'
import { createDeps, type Deps } from '../../src/deps.ts'
import { makeActor, systemActor, type Actor } from '../../src/platform/auth/actor.ts'
import { ROLES, type Role } from '../../src/platform/auth/roles.ts'
import { FixedClock } from '../../src/platform/clock.ts'
import { crimeBuilder, type CrimeBuilder } from './crime-builder.ts'
import { openDemoTestDatabase, openTestDatabase } from './test-database.ts'
import { seedDemo } from '../../src/demo/index.ts'

/** The instant every test starts at, unless it moves the clock: a Thursday morning in November. */
export const TEST_NOW = '2026-11-26T09:00:00.000Z'
export const TEST_PASSWORD = 'correct horse battery'

export interface TestForce {
  forceId: number
  code: string
  /** Acts as Tally itself in this force (every permission the system actor has). */
  system: Actor
  /** One user per role, created on first use. */
  user(role: Role): Promise<TestUser>
  /** How many rows of `table` this force holds (seen as the force sees them). */
  rowCount(table: string): Promise<number>
}

export interface TestUser {
  userId: string
  username: string
  role: Role
  forceId: number
  actor: Actor
}

export interface TestContext {
  deps: Deps
  app: TallyApp
  clock: FixedClock
  /** The force most tests use. */
  force: TestForce
  /** New crimes at any status of the workflow, walked there by the real services: `ctx.crimes.at('filed')`. */
  crimes: CrimeBuilder
  /** Another force, for proving one cannot see the other. */
  newForce(): Promise<TestForce>
  /** A signed-in browser session for `role` in `force` (default: the main force). */
  as(role: Role, force?: TestForce): Promise<Agent>
  /** An API client holding a bearer token with `role`. */
  api(role: Role, force?: TestForce): Promise<ApiClient>
  close(): Promise<void>
}

/**
 * Everything a test of a service, route or page needs: a migrated database of its own, the real services, the
 * app in-process (no port) and a clock that stands still. Passwords are hashed at the test-only cost: the suites
 * create hundreds of accounts, and what they test of passwords does not depend on the cost.
 */
export async function createTestContext(
  options: {
    env?: Record<string, string>
    /** Start from a database already holding the demo force (src/demo), made once and copied. */
    demo?: boolean
  } = {},
): Promise<TestContext> {
  const config = loadConfig({
    NODE_ENV: 'test',
    DEMO_DATA: 'false',
    PASSWORD_HASHING: 'fast-for-tests',
    ...options.env,
  })
  const clock = new FixedClock(TEST_NOW)
  const db = options.demo
    ? await openDemoTestDatabase(async (empty) => {
        await seedDemo(await createDeps(config, { db: empty, clock: new FixedClock(TEST_NOW) }), {})
      })
    : await openTestDatabase()
  const deps = await createDeps(config, { db, clock })
  const app = await buildApp(deps)

  const newForce = async (): Promise<TestForce> => {
    const code = `T${crypto.randomBytes(4).toString('hex').toUpperCase()}`
    const created = await deps.services.accounts.createForce({ code, name: `Test Force ${code}` })
    const users = new Map<Role, Promise<TestUser>>()
    const system = systemActor(created.forceId, 'Test setup')
    return {
      forceId: created.forceId,
      code,
      system,
      user(role: Role) {
        let user = users.get(role)
        if (!user) {
          const username = `${role.replaceAll('_', '-')}-${code.toLowerCase()}`
          user = deps.services.accounts
            .createUser(system, { username, displayName: `Test ${role}`, password: TEST_PASSWORD, roles: [role] })
            .then(({ userId }) => ({
              userId,
              username,
              role,
              forceId: created.forceId,
              actor: makeActor({
                forceId: created.forceId,
                type: 'user',
                id: userId,
                name: `Test ${role}`,
                roles: [role],
              }),
            }))
          users.set(role, user)
        }
        return user
      },
      rowCount: (table) =>
        deps.db.withForce(created.forceId, async (tx) =>
          Number((await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(tx)).rows[0]!.n),
        ),
    }
  }

  const force = await newForce()
  return {
    deps,
    app,
    clock,
    force,
    crimes: crimeBuilder(deps, force),
    newForce,
    async as(role, inForce = force) {
      const user = await inForce.user(role)
      const cookie = await deps.identities.createSession(
        inForce.forceId,
        user.userId,
        clock.now(),
        config.session.absoluteHours,
      )
      return Agent.signedIn(app, cookie)
    },
    async api(role, inForce = force) {
      const { token } = await deps.services.accounts.createToken(inForce.system, { name: `Test client ${role}`, role })
      return new ApiClient(app, token)
    },
    async close() {
      await app.close()
      await deps.close()
    },
  }
}

export const ALL_ROLES: readonly Role[] = ROLES

type FormValue = string | number | boolean | undefined | null | readonly string[]

/** A browser: keeps its cookies, and puts the CSRF token into every form it posts. */
export class Agent {
  private cookies = new Map<string, string>()
  private csrfToken: string | undefined

  private constructor(private readonly app: TallyApp) {}

  static signedIn(app: TallyApp, sessionCookie: string): Agent {
    const agent = new Agent(app)
    agent.cookies.set('tally_session', sessionCookie)
    return agent
  }

  static anonymous(app: TallyApp): Agent {
    return new Agent(app)
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.app.inject({ method: 'GET', url, headers: this.headers() })
    this.remember(response)
    const token = /name="_csrf" value="([^"]+)"/.exec(response.body)?.[1]
    if (token) {
      this.csrfToken = token
    }
    return response
  }

  /** Posts a form as a browser would (urlencoded), with the CSRF token from the last page this agent saw. */
  async post(
    url: string,
    form: Record<string, FormValue> = {},
    options: { csrf?: boolean } = {},
  ): Promise<LightMyRequestResponse> {
    if (options.csrf !== false && this.csrfToken === undefined) {
      // Every signed-in page carries the token in its sign-out form; the sign-in page, for everyone else.
      await this.get(this.cookies.has('tally_session') ? '/' : '/sign-in')
    }
    const body = new URLSearchParams()
    for (const [key, value] of Object.entries(form)) {
      if (value === undefined || value === null) {
        continue
      }
      for (const item of Array.isArray(value) ? value : [value]) {
        body.append(key, String(item))
      }
    }
    if (options.csrf !== false && this.csrfToken) {
      body.set('_csrf', this.csrfToken)
    }
    const response = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: body.toString(),
    })
    this.remember(response)
    return response
  }

  private headers(): Record<string, string> {
    return this.cookies.size === 0
      ? {}
      : { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') }
  }

  private remember(response: LightMyRequestResponse): void {
    for (const cookie of response.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (cookie.value === '' || cookie.maxAge === 0 || (cookie.expires && cookie.expires.getTime() <= Date.now())) {
        this.cookies.delete(cookie.name)
      } else {
        this.cookies.set(cookie.name, cookie.value)
      }
    }
  }
}

/** A system calling the JSON API with a bearer token. */
export class ApiClient {
  constructor(
    private readonly app: TallyApp,
    readonly token: string,
  ) {}

  request(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown) {
    return this.app.inject({
      method,
      url,
      headers: {
        authorization: `Bearer ${this.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    })
  }

  get(url: string) {
    return this.request('GET', url)
  }

  post(url: string, body: unknown) {
    return this.request('POST', url, body)
  }
}
