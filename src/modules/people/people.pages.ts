import { NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { handleForm, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import { dateFromParts } from './people.rules.ts'
import {
  AssessmentForm,
  InvolvementForm,
  InvolvementPageParams,
  PersonForm,
  PersonPageParams,
  PersonSearchQuery,
} from './people.schemas.ts'
import type { PeopleService } from './people.service.ts'
import type { PersonInput, PersonRecord } from './people.types.ts'
import {
  dateOfBirthInput,
  dateOfBirthParts,
  kindItems,
  personFormValues,
  personInput,
  storedPersonValues,
  toInvolvementFormView,
  toPersonView,
  toSearchView,
} from './people.views.ts'

const SEARCH_HINT = 'To narrow the search. For example, 27 3 1990'
const FORM_HINT = 'For example, 27 3 1990'

/**
 * Person search, the person page (facts, involvements, assessments), and adding and correcting people. Search
 * and view need people.view; adding, correcting, assessing and changing involvements need people.manage.
 * Mounted at /people.
 */
export function peoplePages(people: PeopleService) {
  return routes((app) => {
    searchRoutes(app, people)
    personRoutes(app, people)
    assessmentRoutes(app, people)
    involvementRoutes(app, people)
  })
}

function searchRoutes(app: Router, people: PeopleService) {
  app.get(
    '/',
    { config: { permission: 'people.view' }, schema: { querystring: PersonSearchQuery } },
    async (request, reply) => {
      const values = { name: request.query.name ?? '', ...dateOfBirthParts(request.query) }
      const asked = values.name.trim() !== '' || [values.day, values.month, values.year].some((part) => part !== '')
      if (!asked) {
        return reply.render('people/views/search.njk', {
          values,
          dateOfBirth: dateOfBirthInput(values, SEARCH_HINT, undefined),
        })
      }
      const { date, problem } = dateFromParts(values.day, values.month, values.year)
      const result = await submitForm(() => {
        if (problem) {
          throw ValidationFailed.of('dateOfBirth', problem)
        }
        return people.search(request.actor, { name: values.name, dateOfBirth: date })
      })
      if (!result.ok) {
        const errors = { ...result, errors: result.errors.map(linkDateOfBirth) }
        const dateOfBirth = dateOfBirthInput(values, SEARCH_HINT, errors.fieldErrors['dateOfBirth'])
        return reply.status(400).render('people/views/search.njk', { ...errors, values, dateOfBirth })
      }
      const dateOfBirth = dateOfBirthInput(values, SEARCH_HINT, undefined)
      return reply.render('people/views/search.njk', { values, dateOfBirth, ...toSearchView(result.value) })
    },
  )
}

function personRoutes(app: Router, people: PeopleService) {
  const form = (model: Record<string, unknown>, values: Record<string, unknown>, errors?: FormErrors) => ({
    template: 'people/views/person-form.njk',
    model: { ...model, values, dateOfBirth: dateOfBirthInput(values, FORM_HINT, errors?.fieldErrors['dateOfBirth']) },
  })

  app.get('/new', { config: { permission: 'people.manage' } }, (_request, reply) => {
    const page = form({ mode: 'new' }, {})
    return reply.render(page.template, page.model)
  })

  app.post('/new', { config: { permission: 'people.manage' }, schema: { body: PersonForm } }, (request, reply) =>
    handleForm(reply, {
      submit: () => withDate(people, request.body, (input) => people.createPerson(request.actor, input)),
      invalid: (errors) => form({ mode: 'new' }, personFormValues(request.body), errors),
      done: ({ personId }) => ({ flash: 'Person added', redirect: `/people/${personId}` }),
      dateFields: ['dateOfBirth'],
    }),
  )

  app.get(
    '/:personId',
    { config: { permission: 'people.view' }, schema: { params: PersonPageParams } },
    async (request, reply) => {
      const person = await people.viewPerson(request.actor, request.params.personId)
      const view = toPersonView(person, request.actor.permissions, people.involvementPath.bind(people))
      return reply.render('people/views/person.njk', view)
    },
  )

  app.get(
    '/:personId/edit',
    { config: { permission: 'people.manage' }, schema: { params: PersonPageParams } },
    async (request, reply) => {
      const person = await people.viewPerson(request.actor, request.params.personId)
      const page = form(editing(person), storedPersonValues(person))
      return reply.render(page.template, page.model)
    },
  )

  app.post(
    '/:personId/edit',
    { config: { permission: 'people.manage' }, schema: { params: PersonPageParams, body: PersonForm } },
    (request, reply) => {
      const { personId } = request.params
      return handleForm(reply, {
        submit: () =>
          withDate(people, request.body, (input) =>
            people.updatePerson(request.actor, personId, { ...input, version: Number(request.body.version) }),
          ),
        invalid: async (errors) =>
          form(editing(await people.viewPerson(request.actor, personId)), personFormValues(request.body), errors),
        done: () => ({ flash: 'Details updated', redirect: `/people/${personId}` }),
        dateFields: ['dateOfBirth'],
      })
    },
  )
}

function assessmentRoutes(app: Router, people: PeopleService) {
  app.get(
    '/:personId/assessments/new',
    { config: { permission: 'people.manage' }, schema: { params: PersonPageParams } },
    async (request, reply) => {
      const person = await people.viewPerson(request.actor, request.params.personId)
      return reply.render('people/views/assessment-form.njk', {
        person: { personId: person.personId, displayName: person.displayName },
        kindItems: kindItems(),
        values: {},
      })
    },
  )

  app.post(
    '/:personId/assessments/new',
    { config: { permission: 'people.manage' }, schema: { params: PersonPageParams, body: AssessmentForm } },
    (request, reply) => {
      const { personId } = request.params
      return handleForm(reply, {
        submit: () =>
          people.recordAssessment(request.actor, personId, {
            kind: request.body.kind ?? '',
            assessment: request.body.assessment ?? '',
          }),
        invalid: async () => {
          const person = await people.viewPerson(request.actor, personId)
          return {
            template: 'people/views/assessment-form.njk',
            model: {
              person: { personId, displayName: person.displayName },
              kindItems: kindItems(request.body.kind),
              values: request.body,
            },
          }
        },
        done: () => ({ flash: 'Assessment recorded', redirect: `/people/${personId}#assessments` }),
      })
    },
  )
}

function involvementRoutes(app: Router, people: PeopleService) {
  app.get(
    '/:personId/involvements/:involvementId',
    { config: { permission: 'people.manage' }, schema: { params: InvolvementPageParams } },
    async (request, reply) => {
      const person = await people.viewPerson(request.actor, request.params.personId)
      const involvement = findInvolvement(person, request.params.involvementId)
      if (involvement.recordType === 'crime') {
        // A crime's people change through the crime's workflow (its outcome checks and one crime per victim).
        return reply.redirect(
          people.involvementPath('crime', involvement.recordId, involvement.involvementId, person.personId),
          303,
        )
      }
      return reply.render(
        'people/views/involvement-form.njk',
        toInvolvementFormView(person, involvement, {
          role: involvement.role,
          suspectStatus: involvement.suspectStatus ?? undefined,
          version: String(involvement.version),
        }),
      )
    },
  )

  app.post(
    '/:personId/involvements/:involvementId',
    { config: { permission: 'people.manage' }, schema: { params: InvolvementPageParams, body: InvolvementForm } },
    (request, reply) => {
      const { personId, involvementId } = request.params
      return handleForm(reply, {
        submit: () =>
          people.changeInvolvement(request.actor, involvementId, {
            role: request.body.role ?? '',
            suspectStatus: request.body.role === 'suspect' ? request.body.suspectStatus : undefined,
            version: Number(request.body.version),
          }),
        invalid: async () => {
          const person = await people.viewPerson(request.actor, personId)
          return {
            template: 'people/views/involvement-form.njk',
            model: toInvolvementFormView(person, findInvolvement(person, involvementId), {
              role: request.body.role ?? '',
              suspectStatus: request.body.suspectStatus,
              version: request.body.version ?? '',
            }),
          }
        },
        done: (changed) => ({ flash: 'Involvement updated', redirect: `/people/${changed.personId}#involvements` }),
      })
    },
  )
}

function editing(person: PersonRecord) {
  return { mode: 'edit', person: { personId: person.personId, displayName: person.displayName } }
}

/** A date's problem links to its first box, as GOV.UK's date input expects. */
function linkDateOfBirth(error: { text: string; href: string }) {
  return error.href === '#dateOfBirth' ? { ...error, href: '#dateOfBirth-day' } : error
}

/** Runs `action` with the form's person, or throws every problem at once when the date boxes cannot be read. */
async function withDate<T>(people: PeopleService, body: PersonForm, action: (input: PersonInput) => Promise<T>) {
  const { date, problem } = dateFromParts(body['dateOfBirth-day'], body['dateOfBirth-month'], body['dateOfBirth-year'])
  const input = personInput(body, date)
  if (problem) {
    const others: FieldError[] = people.personProblems(input).filter((error) => error.field !== 'dateOfBirth')
    throw new ValidationFailed([...others, { field: 'dateOfBirth', message: problem }])
  }
  return action(input)
}

function findInvolvement(person: PersonRecord, involvementId: string) {
  const involvement = person.involvements.find((candidate) => candidate.involvementId === involvementId)
  if (!involvement) {
    throw new NotFound('This person is not linked to that record')
  }
  return involvement
}
