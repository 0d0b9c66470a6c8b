import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent, createTestContext, TEST_PASSWORD, type TestContext } from '../support/test-context.ts'

/**
 * The findings of the outside probe (issue 11), each as the request that found it: open redirects after sign-in,
 * text the database cannot store, numbers it cannot hold, the API answered to a session cookie on an encoded path,
 * and responses a cache could keep.
 */
describe('security at the HTTP boundary', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  describe('returnTo never leads off the site', () => {
    it.each([
      '/.//evil.example/',
      '/a/..//evil.example',
      '/%2e//evil.example',
      '/%2E%2e//evil.example/x',
      '/.\\evil.example',
      '/\\/evil.example',
      '/%5cevil.example',
      '/%2f%2fevil.example',
      '/%2F/evil.example',
    ])('a signed-in visit to /sign-in?returnTo=%s goes home', async (returnTo) => {
      const agent = await ctx.as('officer')
      const response = await agent.get(`/sign-in?returnTo=${encodeURIComponent(returnTo)}`)
      expect(response.statusCode).toBe(303)
      expect(response.headers.location).toBe('/')
    })

    it('nor after signing in with the form', async () => {
      const user = await ctx.force.user('auditor')
      const agent = Agent.anonymous(ctx.app)
      await agent.get(`/sign-in?force=${ctx.force.code}`)
      const response = await agent.post('/sign-in', {
        force: ctx.force.code,
        username: user.username,
        password: TEST_PASSWORD,
        returnTo: '/a/..//evil.example',
      })
      expect(response.statusCode, response.body.slice(0, 2000)).toBe(303)
      expect(response.headers.location).toBe('/')
    })

    it('while an ordinary path on the site is kept', async () => {
      const agent = await ctx.as('officer')
      const response = await agent.get(`/sign-in?returnTo=${encodeURIComponent('/incidents?status=open')}`)
      expect(response.headers.location).toBe('/incidents?status=open')
    })
  })

  describe('text the database cannot store is refused, naming the field', () => {
    it.each([
      { field: 'givenName', value: 'a\u0000b', message: /NUL/ },
      { field: 'familyName', value: 'typo \ud800 fixed', message: /lone UTF-16 surrogate/ },
      { field: 'familyName', value: '\udc00', message: /lone UTF-16 surrogate/ },
    ])('API: $field = $value', async ({ field, value, message }) => {
      const client = await ctx.api('officer')
      const response = await client.post('/api/v1/people', { givenName: 'Amy', familyName: 'Jones', [field]: value })
      expect(response.statusCode).toBe(400)
      expect(response.headers['content-type']).toContain('application/problem+json')
      const problem = response.json<{ errors: Array<{ field: string; message: string }> }>()
      expect(problem.errors).toEqual([{ field, message: expect.stringMatching(message) as string }])
    })

    it('API: in a nested field and an array item, each named by its path', async () => {
      const client = await ctx.api('officer')
      const response = await client.post('/api/v1/people', {
        givenName: 'Amy',
        familyName: 'Jones',
        aliases: ['fine', 'x\u0000'],
      })
      expect(response.statusCode).toBe(400)
      expect(response.json<{ errors: Array<{ field: string }> }>().errors.map((e) => e.field)).toEqual(['aliases.1'])
    })

    it('page form: a NUL in the person form is a 400 naming the field, and nothing is stored', async () => {
      const before = await ctx.force.rowCount('person')
      const agent = await ctx.as('officer')
      const response = await agent.post('/people/new', { givenName: 'a\u0000b', familyName: 'Jones' })
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain('givenName must not contain a NUL character')
      expect(await ctx.force.rowCount('person')).toBe(before)
    })

    it('a query string too', async () => {
      const client = await ctx.api('officer')
      const response = await client.get('/api/v1/people?name=%00')
      expect(response.statusCode).toBe(400)
      expect(response.json<{ errors: Array<{ field: string }> }>().errors).toEqual([
        { field: 'query.name', message: 'query.name must not contain a NUL character' },
      ])
    })

    it('text is stored in Unicode NFC, however it was typed', async () => {
      const client = await ctx.api('officer')
      const decomposed = 'Sio\u0062ha\u0301n'
      const created = await client.post('/api/v1/people', { givenName: decomposed, familyName: 'O\u0301 Briain' })
      expect(created.statusCode).toBe(201)
      const { personId } = created.json<{ personId: string }>()
      const person = (await client.get(`/api/v1/people/${personId}`)).json<{ givenName: string; familyName: string }>()
      expect(person.givenName).toBe('Siobhán')
      expect(person.familyName).toBe('Ó Briain')
    })
  })

  describe('numbers the database cannot hold are refused, naming the field', () => {
    it.each([2147483648, 1e308, -2147483649])('expectedVersion %d on PATCH /api/v1/incidents/:id', async (version) => {
      const operator = await ctx.force.user('control_room_operator')
      const incident = await ctx.deps.services.incidents.log(operator.actor, {
        channel: '101',
        receivedAt: '2026-11-26T08:00:00Z',
        openingCategory: 'crime-theft',
        narrative: 'Bike taken from outside the library.',
        location: { address: '1 Abington Street, Northampton' },
      })
      const client = await ctx.api('control_room_operator')
      const response = await client.request('PATCH', `/api/v1/incidents/${incident.incidentId}`, {
        expectedVersion: version,
        narrative: 'more detail',
      })
      expect(response.statusCode).toBe(400)
      expect(response.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('expectedVersion')
    })

    it('the bound shows in the OpenAPI document', async () => {
      const document = (await ctx.app.inject('/api/v1/openapi.json')).json<{
        paths: Record<string, Record<string, { requestBody: { content: Record<string, { schema: unknown }> } }>>
      }>()
      const body = document.paths['/api/v1/incidents/{incidentId}']!.patch!.requestBody.content['application/json']!
        .schema as { properties: { expectedVersion: { maximum: number } } }
      expect(body.properties.expectedVersion.maximum).toBe(2147483647)
    })
  })

  describe('the API and the pages are told apart after the path is decoded', () => {
    it.each(['/%61pi/v1/crimes', '/%61%70%69/v1/people', '/api/%761/incidents'])(
      'GET %s with a session cookie is not served as the API',
      async (path) => {
        const agent = await ctx.as('imu_supervisor')
        const response = await agent.get(path)
        expect(response.statusCode).toBe(401)
        expect(response.headers['content-type']).toContain('application/problem+json')
      },
    )

    it('a path that does not decode to text is a 400 naming the path', async () => {
      const response = await ctx.app.inject('/api/v1/crimes/%ED%A0%80/reclassify')
      expect(response.statusCode).toBe(400)
      expect(response.json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('path')
    })

    it('the same path with a bearer token is the API', async () => {
      const client = await ctx.api('imu_supervisor')
      const response = await client.get('/%61pi/v1/incidents')
      expect(response.statusCode).toBe(200)
    })
  })

  describe('nothing personal is kept by a cache', () => {
    it('API responses, downloads and signed-in redirects say Cache-Control: no-store', async () => {
      const client = await ctx.api('officer')
      expect((await client.get('/api/v1/me')).headers['cache-control']).toBe('no-store')
      expect((await client.get('/api/v1/people/00000000-0000-4000-8000-000000000000')).headers['cache-control']).toBe(
        'no-store',
      )
      expect((await ctx.app.inject('/api/v1/incidents')).headers['cache-control']).toBe('no-store')
      const agent = await ctx.as('officer')
      const redirect = await agent.get('/sign-in')
      expect(redirect.statusCode).toBe(303)
      expect(redirect.headers['cache-control']).toBe('no-store')
      expect((await agent.get('/people')).headers['cache-control']).toBe('no-store')
    })

    it('public stylesheets may still be cached', async () => {
      const response = await ctx.app.inject('/assets/govuk/govuk-frontend.min.css')
      expect(response.statusCode).toBe(200)
      expect(response.headers['cache-control']).not.toBe('no-store')
    })
  })
})
