import { routes, type Router } from '../../platform/http/routes.ts'
import { NewPerson, PeopleQuery, PeopleSearchResult, Person, PersonCreated, PersonParams } from './people.schemas.ts'
import type { PeopleService } from './people.service.ts'

/**
 * People as JSON, for other systems (command and control, case management): search by name and date of birth,
 * read a person (recorded as a view in the audit trail), add a person. Search and read need people.view; adding
 * needs people.manage. Mounted at /api/v1/people.
 */
export function peopleApi(people: PeopleService) {
  return routes((app) => {
    searchAndAddRoutes(app, people)
    personRoute(app, people)
  })
}

function searchAndAddRoutes(app: Router, people: PeopleService) {
  app.get(
    '/',
    {
      config: { permission: 'people.view' },
      schema: {
        tags: ['people'],
        summary: 'Find people by name (misspelt and variant forms too) and date of birth, best match first',
        querystring: PeopleQuery,
        response: { 200: PeopleSearchResult },
      },
    },
    async (request) => {
      const result = await people.search(request.actor, request.query)
      return {
        limited: result.limited,
        people: result.people.map(({ personId, givenName, familyName, aliases, dateOfBirth, score }) => ({
          personId,
          givenName,
          familyName,
          aliases,
          dateOfBirth,
          score,
        })),
      }
    },
  )

  app.post(
    '/',
    {
      config: { permission: 'people.manage' },
      schema: {
        tags: ['people'],
        summary: 'Add a person',
        body: NewPerson,
        response: { 201: PersonCreated },
      },
    },
    async (request, reply) => {
      const created = await people.createPerson(request.actor, request.body)
      return reply.status(201).header('location', `/api/v1/people/${created.personId}`).send(created)
    },
  )
}

function personRoute(app: Router, people: PeopleService) {
  app.get(
    '/:personId',
    {
      config: { permission: 'people.view' },
      schema: {
        tags: ['people'],
        summary: 'A person: facts, involvements in incidents and crimes, and assessments (kept apart from the facts)',
        params: PersonParams,
        response: { 200: Person },
      },
    },
    async (request) => {
      const person = await people.viewPerson(request.actor, request.params.personId)
      return {
        personId: person.personId,
        givenName: person.givenName,
        familyName: person.familyName,
        aliases: person.aliases,
        dateOfBirth: person.dateOfBirth,
        version: person.version,
        createdAt: person.createdAt.toISOString(),
        updatedAt: person.updatedAt.toISOString(),
        involvements: person.involvements.map((involvement) => ({
          involvementId: involvement.involvementId,
          recordType: involvement.recordType,
          recordId: involvement.recordId,
          role: involvement.role,
          suspectStatus: involvement.suspectStatus,
          version: involvement.version,
          linkedAt: involvement.createdAt.toISOString(),
        })),
        assessments: person.assessments.map((assessment) => ({
          assessmentId: assessment.assessmentId,
          kind: assessment.kind,
          assessment: assessment.assessment,
          assessedAt: assessment.assessedAt.toISOString(),
          assessedBy: assessment.assessedByName,
        })),
      }
    },
  )
}
