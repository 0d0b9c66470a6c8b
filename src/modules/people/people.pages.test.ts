import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { newId } from '../../platform/ids.ts'
import { createTestContext, type TestContext } from '../../../test/support/test-context.ts'
import type { PeopleService } from './index.ts'

describe('people pages', () => {
  let ctx: TestContext
  let people: PeopleService

  beforeAll(async () => {
    ctx = await createTestContext()
    people = ctx.deps.services.people
  })
  afterAll(() => ctx.close())

  const actions = async (recordType: string, recordId: string) =>
    (await ctx.deps.services.auditTrail.search(ctx.force.system, { recordType, recordId, limit: 50 }))
      .map((event) => event.action)
      .reverse()

  describe('search', () => {
    it('shows the form alone, and records nothing, until someone searches', async () => {
      const agent = await ctx.as('officer')
      const response = await agent.get('/people')
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('<h1 class="govuk-heading-l">Search for a person</h1>')
      expect(response.body).toContain('for="name"')
      expect(response.body).not.toContain('data-qa="result-count"')
    })

    it('finds a misspelt name, narrowed by date of birth, and links to the person', async () => {
      const { personId } = await people.createPerson(ctx.force.system, {
        givenName: 'Muhammad',
        familyName: 'Rasheed',
        dateOfBirth: '1990-03-27',
      })
      await people.createPerson(ctx.force.system, {
        givenName: 'Mohammed',
        familyName: 'Rashid',
        dateOfBirth: '1985-01-01',
      })
      const agent = await ctx.as('imu_decision_maker')
      const response = await agent.get(
        '/people?name=Mohammed+Rashid&dateOfBirth-day=27&dateOfBirth-month=3&dateOfBirth-year=1990',
      )
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('1 person found')
      expect(response.body).toContain(`href="/people/${personId}">Muhammad Rasheed</a>`)
      expect(response.body).toContain('27 March 1990 (36)')
      expect(response.body).toContain('value="Mohammed Rashid"')
    })

    it('says so when nobody matches', async () => {
      const agent = await ctx.as('officer')
      const response = await agent.get('/people?name=Xylophonia+Quartermaine')
      expect(response.body).toContain('No people found')
      expect(response.body).toContain('Check the spelling')
    })

    it('re-shows the form with an error summary for a date it cannot read', async () => {
      const agent = await ctx.as('officer')
      const response = await agent.get('/people?name=Smith&dateOfBirth-day=31&dateOfBirth-month=2&dateOfBirth-year=')
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain('govuk-error-summary')
      expect(response.body).toContain('href="#dateOfBirth-day">Date of birth must include a year</a>')
      expect(response.body).toContain('<title>Error: Search for a person – Tally</title>')
    })

    it('is refused to roles without people.view', async () => {
      for (const role of ['partner_reporter', 'administrator'] as const) {
        const agent = await ctx.as(role)
        expect([role, (await agent.get('/people')).statusCode]).toEqual([role, 403])
      }
    })
  })

  describe('person page', () => {
    it('shows facts, involvements with links to the records, and assessments apart; the view is audited', async () => {
      const crimeId = newId()
      const incidentId = newId()
      const { personId } = await ctx.deps.db.withForce(ctx.force.forceId, async (tx) => {
        const person = await people.addPerson(tx, ctx.force.system, {
          givenName: 'Siobhan',
          familyName: "O'Neill",
          aliases: ['Shiv'],
          dateOfBirth: '2001-06-15',
        })
        await people.linkPerson(tx, ctx.force.system, {
          ...person,
          recordType: 'crime',
          recordId: crimeId,
          role: 'suspect',
        })
        await people.linkPerson(tx, ctx.force.system, {
          ...person,
          recordType: 'incident',
          recordId: incidentId,
          role: 'reporting_person',
        })
        return person
      })
      await people.recordAssessment(ctx.force.system, personId, {
        kind: 'risk',
        assessment: 'Risk of <harm> to others',
      })

      const agent = await ctx.as('officer')
      const response = await agent.get(`/people/${personId}`)
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('<h1 class="govuk-heading-l">Siobhan O&#39;Neill</h1>')
      expect(response.body).toContain('15 June 2001 (aged 25)')
      expect(response.body).toContain(`href="/crimes/${crimeId}"`)
      expect(response.body).toContain(`href="/incidents/${incidentId}"`)
      expect(response.body).toContain('Not interviewed')
      expect(response.body).toContain('Reporting person')
      expect(response.body).toContain('Risk of &lt;harm&gt; to others')
      expect(response.body).toContain(`href="/people/${personId}/edit"`)
      expect(await actions('person', personId)).toContain('PERSON_VIEWED')
    })

    it('heads the incidents-and-crimes table with its columns and names each crime by its reference', async () => {
      const crime = await ctx.crimes.at('recorded')
      const { personId } = await ctx.deps.db.withForce(ctx.force.forceId, async (tx) => {
        const person = await people.addPerson(tx, ctx.force.system, { givenName: 'Dara', familyName: 'Quinn' })
        await people.linkPerson(tx, ctx.force.system, {
          ...person,
          recordType: 'crime',
          recordId: crime.crimeId,
          role: 'witness',
        })
        return person
      })
      const body = (await (await ctx.as('imu_decision_maker')).get(`/people/${personId}`)).body
      const headings = [...body.matchAll(/<th scope="col" class="govuk-table__header">([^<]*)</g)].map((m) => m[1])
      expect(headings.slice(0, 4)).toEqual(['Record', 'Role', 'Suspect status', 'Linked'])
      expect(body).not.toContain('[object Object]')
      expect(body).toContain(`Crime ${crime.crimeReference}`)
    })

    it('offers no changes to a reader who may not manage people', async () => {
      const { personId } = await people.createPerson(ctx.force.system, { givenName: 'Read', familyName: 'Only' })
      const agent = await ctx.as('inspector')
      const response = await agent.get(`/people/${personId}`)
      expect(response.statusCode).toBe(200)
      expect(response.body).not.toContain(`/people/${personId}/edit`)
      expect(response.body).not.toContain('Add an assessment')
      expect((await agent.get(`/people/${personId}/edit`)).statusCode).toBe(403)
    })

    it('answers 404 for a person who does not exist, or is in another force', async () => {
      const other = await ctx.newForce()
      const { personId } = await people.createPerson(other.system, { givenName: 'Else', familyName: 'Where' })
      const agent = await ctx.as('officer')
      expect((await agent.get(`/people/${personId}`)).statusCode).toBe(404)
      expect((await agent.get('/people/not-an-id')).statusCode).toBe(404)
    })
  })

  describe('adding and changing', () => {
    it('adds a person (post/redirect/get) with aliases one per line', async () => {
      const agent = await ctx.as('control_room_operator')
      expect((await agent.get('/people/new')).statusCode).toBe(200)
      const response = await agent.post('/people/new', {
        givenName: 'Kathryn',
        familyName: 'Smyth',
        aliases: 'Kate Smith\r\n\r\nKat',
        'dateOfBirth-day': '5',
        'dateOfBirth-month': '11',
        'dateOfBirth-year': '1979',
      })
      expect(response.statusCode).toBe(303)
      const location = response.headers.location as string
      expect(location).toMatch(/^\/people\/[0-9a-f-]{36}$/)
      const page = await agent.get(location)
      expect(page.body).toContain('Person added')
      expect(page.body).toContain('5 November 1979')
      expect(page.body).toContain('<li>Kate Smith</li><li>Kat</li>')
    })

    it('shows every mistake at once, the date’s included, and adds nobody', async () => {
      const agent = await ctx.as('officer')
      const response = await agent.post('/people/new', {
        givenName: 'Nobody',
        familyName: '',
        aliases: '',
        'dateOfBirth-day': '12',
        'dateOfBirth-month': '',
        'dateOfBirth-year': '1990',
      })
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain('href="#familyName"')
      expect(response.body).toContain('href="#dateOfBirth-day">Date of birth must include a month</a>')
      expect(response.body).toContain('value="Nobody"')
      expect((await people.search(ctx.force.system, { name: 'Nobody' })).people).toEqual([])
    })

    it('corrects details, and refuses a stale form with a conflict page', async () => {
      const { personId } = await people.createPerson(ctx.force.system, { givenName: 'Jon', familyName: 'Snow' })
      const agent = await ctx.as('officer')
      const form = await agent.get(`/people/${personId}/edit`)
      expect(form.body).toContain('name="version" value="1"')
      const fields = {
        givenName: 'John',
        familyName: 'Snow',
        aliases: '',
        'dateOfBirth-day': '',
        'dateOfBirth-month': '',
        'dateOfBirth-year': '',
        version: '1',
      }
      const saved = await agent.post(`/people/${personId}/edit`, fields)
      expect(saved.statusCode).toBe(303)
      expect((await people.viewPerson(ctx.force.system, personId)).givenName).toBe('John')
      const stale = await agent.post(`/people/${personId}/edit`, { ...fields, givenName: 'Johnny' })
      expect(stale.statusCode).toBe(409)
      expect(stale.body).toContain('was changed by')
    })

    it('records an assessment with who and when', async () => {
      const { personId } = await people.createPerson(ctx.force.system, { givenName: 'Vee', familyName: 'Ulnerable' })
      const agent = await ctx.as('officer')
      expect((await agent.get(`/people/${personId}/assessments/new`)).statusCode).toBe(200)
      // A browser sends no kind at all when no radio is chosen.
      const missing = await agent.post(`/people/${personId}/assessments/new`, {})
      expect(missing.statusCode).toBe(400)
      expect(missing.body).toContain('href="#kind"')
      expect(missing.body).toContain('href="#assessment"')
      const saved = await agent.post(`/people/${personId}/assessments/new`, {
        kind: 'vulnerability',
        assessment: 'Assessed as vulnerable',
      })
      expect(saved.statusCode).toBe(303)
      const page = await agent.get(`/people/${personId}`)
      expect(page.body).toContain('Assessment recorded')
      expect(page.body).toContain('Assessed as vulnerable')
      expect(page.body).toContain('Test officer')
    })

    it('changes a suspect’s status on an incident from the person page', async () => {
      const incidentId = newId()
      const { personId, involvementId } = await ctx.deps.db.withForce(ctx.force.forceId, async (tx) => {
        const person = await people.addPerson(tx, ctx.force.system, { givenName: 'Sus', familyName: 'Pect' })
        const link = await people.linkPerson(tx, ctx.force.system, {
          ...person,
          recordType: 'incident',
          recordId: incidentId,
          role: 'suspect',
        })
        return { ...person, ...link }
      })
      const agent = await ctx.as('officer')
      const form = await agent.get(`/people/${personId}/involvements/${involvementId}`)
      expect(form.statusCode).toBe(200)
      expect(form.body).toContain('value="not_interviewed" checked')
      const saved = await agent.post(`/people/${personId}/involvements/${involvementId}`, {
        role: 'suspect',
        suspectStatus: 'eliminated',
        version: '1',
      })
      expect(saved.statusCode).toBe(303)
      const [involvement] = await ctx.deps.db.withForce(ctx.force.forceId, (tx) =>
        people.involvementsFor(tx, 'incident', incidentId),
      )
      expect(involvement?.suspectStatus).toBe('eliminated')
      expect(await actions('incident', incidentId)).toEqual(['PERSON_LINKED', 'INVOLVEMENT_CHANGED'])
      expect((await agent.get(`/people/${personId}/involvements/${newId()}`)).statusCode).toBe(404)
    })

    it('sends a change to someone’s involvement in a crime to the crime, and refuses it here (rule 22)', async () => {
      const crimeId = newId()
      const { personId, involvementId } = await ctx.deps.db.withForce(ctx.force.forceId, async (tx) => {
        const person = await people.addPerson(tx, ctx.force.system, { givenName: 'Wyn', familyName: 'Witness' })
        const link = await people.linkPerson(tx, ctx.force.system, {
          ...person,
          recordType: 'crime',
          recordId: crimeId,
          role: 'witness',
        })
        return { ...person, ...link }
      })
      const crimePage = `/crimes/${crimeId}/change-involvement?involvementId=${involvementId}`
      const agent = await ctx.as('officer')
      expect((await agent.get(`/people/${personId}`)).body).toContain(`href="${crimePage.replace('&', '&amp;')}"`)
      const form = await agent.get(`/people/${personId}/involvements/${involvementId}`)
      expect(form.statusCode).toBe(303)
      expect(form.headers.location).toBe(crimePage)
      const refused = await agent.post(`/people/${personId}/involvements/${involvementId}`, {
        role: 'victim',
        version: '1',
      })
      expect(refused.statusCode).toBe(409)
      expect(await actions('crime', crimeId)).toEqual(['PERSON_LINKED'])
    })
  })
})
