import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { RegisteredRoute } from '../../src/platform/http/access.ts'
import { Permissions, type Permission } from '../../src/platform/auth/permissions.ts'
import { TOKEN_ROLES } from '../../src/modules/accounts/index.ts'
import { ALL_ROLES, createTestContext, type Agent, type ApiClient, type TestContext } from '../support/test-context.ts'
import type { Role } from '../../src/platform/auth/roles.ts'

/**
 * No 500 from any input (issue 11): for every API route and every page form, bodies, query strings and path
 * parameters generated from the route's own schema, with hostile values mixed in — wrong types, NUL characters,
 * lone surrogates, huge strings and numbers, impossible dates — sent as a role allowed to use the route. Every
 * answer must be below 500, and every 400 must name the field(s) at fault. Seeded, so a failure replays exactly;
 * FUZZ_RUNS sets the number of requests per route (default 6).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 6)
const SEED = Number(process.env.FUZZ_SEED ?? 20261203)

/** Routes a generated request must not hit: they end the very session or token the test is using. */
const SKIPPED = new Set(['POST /sign-out', 'POST /account/password'])

type Schema = Record<string, unknown>

const HOSTILE: unknown[] = [
  'a\u0000b',
  '\u0000',
  'typo \ud800 fixed',
  '\udc00',
  'x'.repeat(100_000),
  '',
  ' ',
  '2026-02-30',
  '2026-13-01',
  '0000-01-01',
  '9999-12-31T23:59:59Z',
  '+275760-09-13T00:00:00Z',
  '2026-11-26T25:61:00Z',
  '1e308',
  '-1',
  "' or 1=1 --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  'Siobha\u0301n 😀',
  2147483648,
  -2147483649,
  1e308,
  -1e308,
  0,
  -0,
  1.5,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  null,
  [],
  {},
  ['a\u0000'],
  { nested: '\ud800' },
]

function plausible(schema: Schema): fc.Arbitrary<unknown> {
  if ('const' in schema) {
    return fc.constant(schema.const)
  }
  if (Array.isArray(schema.enum)) {
    return fc.constantFrom(...(schema.enum as unknown[]))
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(schema[key])) {
      return fc.oneof(...(schema[key] as Schema[]).map((option) => value(option)))
    }
  }
  switch (schema.type) {
    case 'object':
      return object(schema)
    case 'array':
      return fc.array(value((schema.items as Schema | undefined) ?? {}), { maxLength: 3 })
    case 'integer':
      return fc.integer({ min: -3, max: 100 })
    case 'number':
      return fc.double({ min: -1000, max: 1000, noNaN: true })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'string':
      return string(schema)
    default:
      return fc.anything({ maxDepth: 1 })
  }
}

function string(schema: Schema): fc.Arbitrary<string> {
  switch (schema.format) {
    case 'uuid':
      return fc.uuid()
    case 'date':
      return fc.constantFrom('2026-11-26', '2026-02-29', '1900-01-01', '2026-11-31')
    case 'date-time':
      return fc.constantFrom('2026-11-26T09:00:00Z', '2026-11-26T09:00:00+01:00', '2026-11-26')
    default:
      return fc.string({ maxLength: Math.min(Number(schema.maxLength ?? 40), 40) })
  }
}

function object(schema: Schema): fc.Arbitrary<Record<string, unknown>> {
  const properties = (schema.properties as Record<string, Schema> | undefined) ?? {}
  const required = new Set((schema.required as string[] | undefined) ?? [])
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  for (const [name, property] of Object.entries(properties)) {
    model[name] = value(property)
  }
  return fc.record(model, { requiredKeys: Object.keys(properties).filter((name) => required.has(name)) })
}

/** Mostly what the schema asks for, one time in four something hostile in its place. */
function value(schema: Schema): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 3, arbitrary: plausible(schema) }, { weight: 1, arbitrary: fc.constantFrom(...HOSTILE) })
}

/** A form posts text: every value becomes a string (or a list of them), as a browser would send it. */
function asForm(body: unknown): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = {}
  for (const [name, item] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    form[name] = Array.isArray(item)
      ? item.map((entry) => String(entry))
      : typeof item === 'string'
        ? item
        : String(item)
  }
  return form
}

/** A path segment as a client would send it; a lone surrogate goes as the bytes a careless (WTF-8) encoder writes. */
function pathSegment(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value)
  return [...text]
    .map((char) => {
      try {
        return encodeURIComponent(char)
      } catch {
        const unit = char.charCodeAt(0)
        return [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]
          .map((byte) => `%${byte.toString(16).toUpperCase()}`)
          .join('')
      }
    })
    .join('')
}

/** A 400 must say which field is wrong: a problem document listing fields, or a page listing the errors. */
function namesItsFields(json: boolean, body: string): boolean {
  if (!json) {
    return body.includes('govuk-error-summary') || /<li>[^<]+<\/li>/.test(body)
  }
  const problem = JSON.parse(body) as { errors?: Array<{ field?: string }> }
  return (problem.errors?.length ?? 0) > 0 && problem.errors!.every((error) => Boolean(error.field))
}

interface Finding {
  request: string
  status: number
  body: string
}

describe('hostile input: no 500 from any route, and every 400 names its field', () => {
  let ctx: TestContext
  const agents = new Map<Role, Agent>()
  const clients = new Map<Role, ApiClient>()
  const realIds: Record<string, string> = {}

  beforeAll(async () => {
    ctx = await createTestContext()
    const operator = await ctx.force.user('control_room_operator')
    const incident = await ctx.deps.services.incidents.log(operator.actor, {
      channel: '101',
      receivedAt: '2026-11-26T08:00:00Z',
      openingCategory: 'crime-theft',
      narrative: 'Bike taken from outside the library.',
      location: { address: '1 Abington Street, Northampton' },
    })
    realIds.incidentId = incident.incidentId
  })
  afterAll(() => ctx.close())

  /** Someone who may use the route: for the API, a role a token can carry (never the registrar's, rules 6 and 9). */
  function roleFor(access: Permission, api: boolean): Role | undefined {
    return (api ? TOKEN_ROLES : ALL_ROLES).find((role) => new Permissions([role]).can(access))
  }

  async function agentFor(role: Role): Promise<Agent> {
    const agent = agents.get(role) ?? (await ctx.as(role))
    agents.set(role, agent)
    return agent
  }

  async function clientFor(role: Role): Promise<ApiClient> {
    const client = clients.get(role) ?? (await ctx.api(role))
    clients.set(role, client)
    return client
  }

  function pathFor(route: RegisteredRoute, params: Record<string, unknown>): string {
    return route.url.replaceAll(/:([A-Za-z]+)/g, (_, name: string) => pathSegment(params[name]))
  }

  function paramsArbitrary(route: RegisteredRoute): fc.Arbitrary<Record<string, unknown>> {
    const names = [...route.url.matchAll(/:([A-Za-z]+)/g)].map((match) => match[1]!)
    const model: Record<string, fc.Arbitrary<unknown>> = {}
    for (const name of names) {
      const real = realIds[name]
      model[name] = fc.oneof(
        { weight: 2, arbitrary: real ? fc.constant(real) : fc.uuid() },
        { weight: 1, arbitrary: fc.constantFrom(...HOSTILE.filter((item) => typeof item !== 'object')) },
      )
    }
    return fc.record(model)
  }

  function fuzzable(): Array<RegisteredRoute & { access: Permission }> {
    const seen = new Set<string>()
    return ctx.app.registeredRoutes().filter((route): route is RegisteredRoute & { access: Permission } => {
      const key = `${route.method} ${route.url}`
      if (route.access === undefined || route.access === 'public' || route.method === 'HEAD' || seen.has(key)) {
        return false
      }
      seen.add(key)
      return (
        !SKIPPED.has(key) &&
        (route.url.startsWith('/api/') || route.method !== 'GET' || route.schema?.querystring !== undefined)
      )
    })
  }

  it(`sends ${RUNS} generated requests to every API route and page form (seed ${SEED})`, async () => {
    const findings: Finding[] = []
    let tried = 0
    const routes = fuzzable()
    for (const [index, route] of routes.entries()) {
      const role = roleFor(route.access, route.url.startsWith('/api/'))
      if (!role) {
        continue
      }
      const generator = fc.record({
        params: paramsArbitrary(route),
        query: route.schema?.querystring ? value(route.schema.querystring as Schema) : fc.constant(undefined),
        body: route.schema?.body ? value(route.schema.body as Schema) : fc.constant(undefined),
      })
      for (const sample of fc.sample(generator, { seed: SEED + index, numRuns: RUNS })) {
        tried += 1
        const query =
          sample.query && typeof sample.query === 'object' && !Array.isArray(sample.query)
            ? `?${new URLSearchParams(asForm(sample.query) as Record<string, string>).toString()}`
            : ''
        const url = `${pathFor(route, sample.params)}${query}`
        const api = route.url.startsWith('/api/')
        const response = api
          ? await (await clientFor(role)).request(route.method as 'POST', url, sample.body ?? undefined)
          : route.method === 'GET'
            ? await (await agentFor(role)).get(url)
            : await (await agentFor(role)).post(url, asForm(sample.body))
        const request = `${route.method} ${url.slice(0, 200)} ${JSON.stringify(sample.body)?.slice(0, 300) ?? ''}`
        if (response.statusCode >= 500) {
          findings.push({ request, status: response.statusCode, body: response.body.slice(0, 300) })
        } else if (response.statusCode === 400 && !namesItsFields(response.body.startsWith('{'), response.body)) {
          findings.push({ request, status: 400, body: `no field named: ${response.body.slice(0, 300)}` })
        }
      }
    }
    console.info(`hostile input: ${tried} requests to ${routes.length} routes, ${findings.length} findings`)
    expect(findings).toEqual([])
    expect(tried).toBeGreaterThan(routes.length * RUNS * 0.9)
  }, 900_000)
})
