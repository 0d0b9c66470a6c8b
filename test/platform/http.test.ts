import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, createTestContext, type TestContext } from '../support/test-context.ts'

describe('health, metrics, API documentation and errors', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('answers liveness and readiness (which checks the database)', async () => {
    expect((await ctx.app.inject('/health/live')).json()).toEqual({ status: 'ok' })
    const ready = await ctx.app.inject('/health/ready')
    expect(ready.statusCode).toBe(200)
    expect(ready.json()).toEqual({ status: 'ok', checks: { database: 'ok' } })
  })

  it('serves Prometheus metrics, including request durations by route', async () => {
    await ctx.app.inject('/health/live')
    const metrics = await ctx.app.inject('/metrics')
    expect(metrics.headers['content-type']).toContain('text/plain')
    expect(metrics.body).toMatch(
      /tally_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} \d+/,
    )
    expect(metrics.body).toContain('tally_process_cpu_seconds_total')
  })

  it('requires the metrics token when one is configured', async () => {
    const guarded = await createTestContext({ env: { METRICS_TOKEN: 'scrape-me-please' } })
    try {
      expect((await guarded.app.inject('/metrics')).statusCode).toBe(403)
      expect(
        (await guarded.app.inject({ url: '/metrics', headers: { authorization: 'Bearer scrape-me-please' } }))
          .statusCode,
      ).toBe(200)
    } finally {
      await guarded.close()
    }
  })

  it('publishes an OpenAPI 3.1 document of the JSON API only, with bearer authentication', async () => {
    const document = (await ctx.app.inject('/api/v1/openapi.json')).json<{
      openapi: string
      paths: Record<string, unknown>
      components: { securitySchemes: Record<string, unknown> }
    }>()
    expect(document.openapi).toBe('3.1.0')
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/api/v1/me', '/api/v1/audit-events']))
    expect(Object.keys(document.paths).every((path) => path.startsWith('/api/v1/'))).toBe(true)
    expect(document.components.securitySchemes).toHaveProperty('bearer')
  })

  it('shows the API documentation as a readable page', async () => {
    const page = await Agent.anonymous(ctx.app).get('/api/v1/docs')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('GET /api/v1/audit-events')
    expect(page.body).toContain('/api/v1/openapi.json')
  })

  it('answers API mistakes with a problem document naming each bad field', async () => {
    const client = await ctx.api('auditor')
    const response = await client.get('/api/v1/audit-events?limit=9999&action=lower-case')
    expect(response.statusCode).toBe(400)
    expect(response.headers['content-type']).toContain('application/problem+json')
    const problem = response.json<{ errors: Array<{ field: string }>; requestId: string }>()
    expect(problem.errors.map((error) => error.field).sort()).toEqual(['querystring.action', 'querystring.limit'])
    expect(problem.requestId).toBe(response.headers['x-request-id'])
  })

  it('answers unknown API paths with a JSON 404 and unknown pages with the GOV.UK page', async () => {
    const api = await ctx.app.inject('/api/v1/nothing-here')
    expect(api.statusCode).toBe(404)
    expect(api.json()).toMatchObject({ status: 404, title: 'Not found' })
    const page = await (await ctx.as('officer')).get('/nothing-here')
    expect(page.statusCode).toBe(404)
    expect(page.body).toContain('Page not found')
  })

  it('serves the frameworks’ stylesheets, scripts, fonts and images where their stylesheets look for them', async () => {
    const fonts = /url\((\/assets\/fonts\/[^)]+)\)/.exec(
      (await ctx.app.inject('/assets/govuk/govuk-frontend.min.css')).body,
    )![1]!
    for (const url of [
      '/assets/govuk/govuk-frontend.min.css',
      '/assets/govuk/govuk-frontend.min.js',
      '/assets/moj/moj-frontend.min.css',
      '/assets/tally/tally.css',
      '/assets/tally/application.js',
      '/assets/images/favicon.svg',
      '/assets/manifest.json',
      fonts,
    ]) {
      expect((await ctx.app.inject(url)).statusCode, url).toBe(200)
    }
    expect((await ctx.app.inject('/assets/govuk/components/button/template.njk')).statusCode).not.toBe(200)
  })

  it('keeps a caller’s request id when it is well-formed, so logs can be joined across systems', async () => {
    const response = await ctx.app.inject({ url: '/health/live', headers: { 'x-request-id': 'storm-incident-000123' } })
    expect(response.headers['x-request-id']).toBe('storm-incident-000123')
    const bad = await ctx.app.inject({ url: '/health/live', headers: { 'x-request-id': 'no spaces <allowed>' } })
    expect(bad.headers['x-request-id']).not.toBe('no spaces <allowed>')
  })
})

describe('request validation', () => {
  it('fills in a schema’s defaults before checking, so an unanswered radio group reaches the form’s own error messages', async () => {
    const Fastify = (await import('fastify')).default
    const { Type } = await import('typebox')
    const { validatorCompiler } = await import('../../src/platform/http/validation.ts')
    const app = Fastify()
    app.setValidatorCompiler(validatorCompiler)
    app.post(
      '/form',
      { schema: { body: Type.Object({ answer: Type.String({ default: '' }), count: Type.Optional(Type.String()) }) } },
      (request) => request.body,
    )
    app.get(
      '/list',
      { schema: { querystring: Type.Object({ limit: Type.Integer({ default: 10 }) }) } },
      (request) => request.query,
    )
    expect((await app.inject({ method: 'POST', url: '/form', payload: {} })).json()).toEqual({ answer: '' })
    expect((await app.inject('/list')).json()).toEqual({ limit: 10 })
    expect((await app.inject('/list?limit=5')).json()).toEqual({ limit: 5 })
    expect((await app.inject('/list?limit=five')).statusCode).toBe(400)
    await app.close()
  })
})
