import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../platform/ids.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'

describe('people API', () => {
  let ctx: TestContext

  beforeAll(async () => {
    ctx = await createTestContext()
  })
  afterAll(() => ctx.close())

  it('adds a person and finds them by a variant spelling and date of birth', async () => {
    const client = await ctx.api('officer')
    const created = await client.post('/api/v1/people', {
      givenName: 'Stephen',
      familyName: 'Thompson',
      aliases: ['Steve T'],
      dateOfBirth: '1975-08-19',
    })
    expect(created.statusCode).toBe(201)
    const { personId } = created.json<{ personId: string }>()
    expect(created.headers.location).toBe(`/api/v1/people/${personId}`)

    const found = await client.get('/api/v1/people?name=Steven%20Thomson&dateOfBirth=1975-08-19')
    expect(found.statusCode).toBe(200)
    const body = found.json<{ limited: boolean; people: Array<Record<string, unknown> & { score: number }> }>()
    expect(body.limited).toBe(false)
    expect(body.people).toHaveLength(1)
    expect(body.people[0]).toMatchObject({
      personId,
      givenName: 'Stephen',
      familyName: 'Thompson',
      aliases: ['Steve T'],
      dateOfBirth: '1975-08-19',
    })
    expect(body.people[0]!.score).toBeGreaterThan(0.5)
    expect(body.people[0]!.score).toBeLessThan(1)
  })

  it('reads a person with involvements and assessments, and records the view', async () => {
    const people = ctx.deps.services.people
    const crimeId = newId()
    const { personId } = await ctx.deps.db.withForce(ctx.force.forceId, async (tx) => {
      const person = await people.addPerson(tx, ctx.force.system, { givenName: 'Wit', familyName: 'Ness' })
      await people.linkPerson(tx, ctx.force.system, {
        ...person,
        recordType: 'crime',
        recordId: crimeId,
        role: 'witness',
      })
      return person
    })
    await people.recordAssessment(ctx.force.system, personId, {
      kind: 'other',
      assessment: 'Reluctant to give evidence',
    })
    const client = await ctx.api('inspector')
    const response = await client.get(`/api/v1/people/${personId}`)
    expect(response.statusCode).toBe(200)
    expect(response.json()).toMatchObject({
      personId,
      givenName: 'Wit',
      familyName: 'Ness',
      aliases: [],
      dateOfBirth: null,
      version: 1,
      involvements: [{ recordType: 'crime', recordId: crimeId, role: 'witness', suspectStatus: null }],
      assessments: [{ kind: 'other', assessment: 'Reluctant to give evidence', assessedBy: 'Test setup' }],
    })
    const views = await ctx.deps.services.auditTrail.search(ctx.force.system, {
      recordType: 'person',
      recordId: personId,
      action: 'PERSON_VIEWED',
      limit: 10,
    })
    expect(views).toHaveLength(1)
    expect(views[0]?.actorType).toBe('token')
  })

  it('answers a problem naming each bad field', async () => {
    const client = await ctx.api('officer')
    const bad = await client.post('/api/v1/people', { givenName: 'A', familyName: '', dateOfBirth: '2099-01-01' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json<{ errors: Array<{ field: string }> }>().errors.map((error) => error.field)).toEqual([
      'familyName',
      'dateOfBirth',
    ])
    const search = await client.get('/api/v1/people')
    expect(search.statusCode).toBe(400)
    expect(search.json<{ errors: Array<{ field: string }> }>().errors[0]?.field).toBe('name')
    expect((await client.get('/api/v1/people/not-a-uuid')).statusCode).toBe(400)
    expect((await client.get(`/api/v1/people/${newId()}`)).statusCode).toBe(404)
  })

  it('lets readers search but not add, and keeps partners and administrators out', async () => {
    const inspector = await ctx.api('inspector')
    expect((await inspector.get('/api/v1/people?name=Smith')).statusCode).toBe(200)
    expect((await inspector.post('/api/v1/people', { givenName: 'No', familyName: 'Way' })).statusCode).toBe(403)
    for (const role of ['partner_reporter', 'administrator'] as const) {
      const client = await ctx.api(role)
      expect((await client.get('/api/v1/people?name=Smith')).statusCode).toBe(403)
    }
  })

  it('is described in the OpenAPI document under the people tag', async () => {
    const response = await ctx.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(response.statusCode).toBe(200)
    const document = response.json<{ paths: Record<string, Record<string, { tags?: string[] }>> }>()
    expect(document.paths['/api/v1/people/']?.get?.tags ?? document.paths['/api/v1/people']?.get?.tags).toEqual([
      'people',
    ])
    expect(document.paths['/api/v1/people/{personId}']?.get?.tags).toEqual(['people'])
  })
})
