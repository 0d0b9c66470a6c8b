import type { Actor } from '../../platform/auth/actor.ts'
import { NotFound, ValidationFailed, type FieldError } from '../../platform/http/errors.ts'
import { linkDateInputs, submitForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import {
  ASSESSMENT_KIND_LABELS,
  ASSESSMENT_KINDS,
  dateFromParts,
  INVOLVEMENT_ROLES,
  matchStrength,
  ROLE_LABELS,
  SUSPECT_STATUS_LABELS,
  SUSPECT_STATUSES,
} from './people.rules.ts'
import {
  AssessmentForm,
  InvolvementForm,
  InvolvementPageParams,
  PersonForm,
  PersonPageParams,
  PersonSearchQuery,
} from './people.schemas.ts'
import type { PeopleService, PersonInput, PersonRecord, PersonSearchResult } from './people.service.ts'

/**
 * Person search, the person page (facts, involvements, assessments), and adding and correcting people. Search
 * and view need people.view; adding, correcting, assessing and changing involvements need people.manage.
 * Mounted at /people.
 */
export function peoplePages(people: PeopleService) {
  return routes((app) => {
    app.get(
      '/',
      { config: { permission: 'people.view' }, schema: { querystring: PersonSearchQuery } },
      async (request, reply) => {
        const query = request.query
        const values = { name: query.name ?? '', ...dateValues(query) }
        const asked = values.name.trim() !== '' || [values.day, values.month, values.year].some((part) => part !== '')
        if (!asked) {
          return reply.render('people/views/search.njk', { values })
        }
        const { date, problem } = dateFromParts(values.day, values.month, values.year)
        const result = await submitForm(() => {
          if (problem) {
            throw ValidationFailed.of('dateOfBirth', problem)
          }
          return people.search(request.actor, { name: values.name, dateOfBirth: date })
        })
        if (!result.ok) {
          return reply.status(400).render('people/views/search.njk', { ...forDateInput(result), values })
        }
        return reply.render('people/views/search.njk', { values, ...toSearchView(result.value) })
      },
    )

    app.get('/new', { config: { permission: 'people.manage' } }, (_request, reply) =>
      reply.render('people/views/person-form.njk', { mode: 'new', values: {} }),
    )

    app.post(
      '/new',
      { config: { permission: 'people.manage' }, schema: { body: PersonForm } },
      async (request, reply) => {
        const result = await submitForm(() =>
          withDate(people, request.body, (input) => people.createPerson(request.actor, input)),
        )
        if (!result.ok) {
          return reply.status(400).render('people/views/person-form.njk', {
            mode: 'new',
            ...forDateInput(result),
            values: formValues(request.body),
          })
        }
        return reply.flash('Person added').redirect(`/people/${result.value.personId}`, 303)
      },
    )

    app.get(
      '/:personId',
      { config: { permission: 'people.view' }, schema: { params: PersonPageParams } },
      async (request, reply) => {
        const person = await people.viewPerson(request.actor, request.params.personId)
        return reply.render('people/views/person.njk', toPersonView(people, person, request.actor))
      },
    )

    app.get(
      '/:personId/edit',
      { config: { permission: 'people.manage' }, schema: { params: PersonPageParams } },
      async (request, reply) => {
        const person = await people.viewPerson(request.actor, request.params.personId)
        const [year, month, day] = person.dateOfBirth?.split('-') ?? ['', '', '']
        return reply.render('people/views/person-form.njk', {
          mode: 'edit',
          person: { personId: person.personId, displayName: person.displayName },
          values: {
            givenName: person.givenName,
            familyName: person.familyName,
            aliases: person.aliases.join('\n'),
            day: day?.replace(/^0/, ''),
            month: month?.replace(/^0/, ''),
            year,
            version: person.version,
          },
        })
      },
    )

    app.post(
      '/:personId/edit',
      { config: { permission: 'people.manage' }, schema: { params: PersonPageParams, body: PersonForm } },
      async (request, reply) => {
        const { personId } = request.params
        const result = await submitForm(() =>
          withDate(people, request.body, (input) =>
            people.updatePerson(request.actor, personId, { ...input, version: Number(request.body.version) }),
          ),
        )
        if (!result.ok) {
          const person = await people.viewPerson(request.actor, personId)
          return reply.status(400).render('people/views/person-form.njk', {
            mode: 'edit',
            person: { personId, displayName: person.displayName },
            ...forDateInput(result),
            values: formValues(request.body),
          })
        }
        return reply.flash('Details updated').redirect(`/people/${personId}`, 303)
      },
    )

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
      async (request, reply) => {
        const { personId } = request.params
        const result = await submitForm(() =>
          people.recordAssessment(request.actor, personId, {
            kind: request.body.kind ?? '',
            assessment: request.body.assessment ?? '',
          }),
        )
        if (!result.ok) {
          const person = await people.viewPerson(request.actor, personId)
          return reply.status(400).render('people/views/assessment-form.njk', {
            person: { personId, displayName: person.displayName },
            ...result,
            kindItems: kindItems(request.body.kind),
            values: request.body,
          })
        }
        return reply.flash('Assessment recorded').redirect(`/people/${personId}#assessments`, 303)
      },
    )

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
      async (request, reply) => {
        const { personId, involvementId } = request.params
        const result = await submitForm(() =>
          people.changeInvolvement(request.actor, involvementId, {
            role: request.body.role ?? '',
            suspectStatus: request.body.role === 'suspect' ? request.body.suspectStatus : undefined,
            version: Number(request.body.version),
          }),
        )
        if (!result.ok) {
          const person = await people.viewPerson(request.actor, personId)
          return reply.status(400).render('people/views/involvement-form.njk', {
            ...toInvolvementFormView(person, findInvolvement(person, involvementId), {
              role: request.body.role ?? '',
              suspectStatus: request.body.suspectStatus,
              version: request.body.version ?? '',
            }),
            ...result,
          })
        }
        return reply.flash('Involvement updated').redirect(`/people/${result.value.personId}#involvements`, 303)
      },
    )
  })
}

// View models --------------------------------------------------------------------------------------------------

function dateValues(source: Record<string, string | undefined>) {
  return {
    day: (source['dateOfBirth-day'] ?? '').trim(),
    month: (source['dateOfBirth-month'] ?? '').trim(),
    year: (source['dateOfBirth-year'] ?? '').trim(),
  }
}

function formValues(body: PersonForm) {
  return { ...body, ...dateValues(body) }
}

/** The error summary links a date's problem to its first box, as GOV.UK's date input expects. */
function forDateInput(errors: FormErrors): FormErrors {
  return linkDateInputs(errors, ['dateOfBirth'])
}

function personInput(body: PersonForm, dateOfBirth: string | undefined): PersonInput {
  return {
    givenName: body.givenName ?? '',
    familyName: body.familyName ?? '',
    aliases: (body.aliases ?? '').split(/\r?\n/),
    ...(dateOfBirth ? { dateOfBirth } : {}),
  }
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

function toSearchView(result: PersonSearchResult) {
  return {
    searched: true,
    limited: result.limited,
    count: result.people.length,
    rows: result.people.map((person) => {
      const strength = matchStrength(person.score)
      return [
        { html: link(`/people/${person.personId}`, person.displayName) },
        { text: person.dateOfBirth ? `${formatDate(person.dateOfBirth)} (${person.age})` : 'Not known' },
        { text: person.aliases.join(', ') },
        {
          html: `<strong class="govuk-tag ${strength === 'Exact' ? 'govuk-tag--green' : strength === 'Close' ? 'govuk-tag--blue' : 'govuk-tag--grey'}">${strength}</strong>`,
        },
      ]
    }),
  }
}

function toPersonView(people: PeopleService, person: PersonRecord, actor: Actor) {
  const canManage = actor.permissions.can('people.manage')
  // A crime's people are changed on the crime, by those who may update crimes (the crime's workflow decides).
  const canChange = (recordType: 'incident' | 'crime') =>
    recordType === 'crime' ? actor.permissions.can('crimes.update') : canManage
  return {
    person: {
      personId: person.personId,
      displayName: person.displayName,
      version: person.version,
    },
    canManage,
    facts: [
      { key: { text: 'Given name' }, value: { text: person.givenName || 'None recorded' } },
      { key: { text: 'Family name' }, value: { text: person.familyName } },
      {
        key: { text: 'Other names' },
        value: person.aliases.length
          ? {
              html: `<ul class="govuk-list">${person.aliases.map((alias) => `<li>${escapeHtml(alias)}</li>`).join('')}</ul>`,
            }
          : { text: 'None recorded' },
      },
      {
        key: { text: 'Date of birth' },
        value: { text: person.dateOfBirth ? `${formatDate(person.dateOfBirth)} (aged ${person.age})` : 'Not known' },
      },
    ].map((row) =>
      canManage
        ? {
            ...row,
            actions: {
              items: [
                {
                  href: `/people/${person.personId}/edit`,
                  text: 'Change',
                  visuallyHiddenText: row.key.text.toLowerCase(),
                },
              ],
            },
          }
        : row,
    ),
    involvementHead: [
      { text: 'Record' },
      { text: 'Role' },
      { text: 'Suspect status' },
      { text: 'Linked' },
      ...(canManage ? [{ html: '<span class="govuk-visually-hidden">Actions</span>' }] : []),
    ],
    involvementRows: person.involvements.map((involvement) => [
      {
        html: link(
          `/${involvement.recordType === 'crime' ? 'crimes' : 'incidents'}/${encodeURIComponent(involvement.recordId)}`,
          `${involvement.recordType === 'crime' ? 'Crime' : 'Incident'} ${involvement.reference ?? involvement.recordId.slice(0, 8)}`,
        ),
      },
      { text: ROLE_LABELS[involvement.role] },
      { text: involvement.suspectStatus ? SUSPECT_STATUS_LABELS[involvement.suspectStatus] : '' },
      { text: formatDateTime(involvement.createdAt) },
      ...(canManage
        ? [
            canChange(involvement.recordType)
              ? {
                  html: link(
                    people.involvementPath(
                      involvement.recordType,
                      involvement.recordId,
                      involvement.involvementId,
                      person.personId,
                    ),
                    'Change',
                    ` role or status on ${involvement.recordType} ${involvement.reference ?? involvement.recordId.slice(0, 8)}`,
                  ),
                }
              : { text: '' },
          ]
        : []),
    ]),
    assessmentRows: person.assessments.map((assessment) => [
      { text: ASSESSMENT_KIND_LABELS[assessment.kind] },
      { html: assessment.assessment.split(/\r?\n/).map(escapeHtml).join('<br>') },
      { text: assessment.assessedByName },
      { text: formatDateTime(assessment.assessedAt) },
    ]),
    recordDetails: [
      { key: { text: 'Added' }, value: { text: `${formatDateTime(person.createdAt)} by ${person.createdBy}` } },
      { key: { text: 'Last changed' }, value: { text: `${formatDateTime(person.updatedAt)} by ${person.updatedBy}` } },
    ],
  }
}

function findInvolvement(person: PersonRecord, involvementId: string) {
  const involvement = person.involvements.find((candidate) => candidate.involvementId === involvementId)
  if (!involvement) {
    throw new NotFound('This person is not linked to that record')
  }
  return involvement
}

function toInvolvementFormView(
  person: PersonRecord,
  involvement: PersonRecord['involvements'][number],
  values: { role: string; suspectStatus?: string | undefined; version: string },
) {
  return {
    person: { personId: person.personId, displayName: person.displayName },
    record: `${involvement.recordType === 'crime' ? 'crime' : 'incident'} ${involvement.recordId.slice(0, 8)}`,
    involvementId: involvement.involvementId,
    version: values.version,
    roleItems: INVOLVEMENT_ROLES.map((role) => ({
      value: role,
      text: ROLE_LABELS[role],
      checked: values.role === role,
    })),
    statusItems: SUSPECT_STATUSES.map((status) => ({
      value: status,
      text: SUSPECT_STATUS_LABELS[status],
      checked: (values.suspectStatus ?? 'not_interviewed') === status,
    })),
  }
}

function kindItems(checked?: string) {
  return ASSESSMENT_KINDS.map((kind) => ({
    value: kind,
    text: ASSESSMENT_KIND_LABELS[kind],
    checked: kind === checked,
  }))
}

function link(href: string, text: string, hiddenText = ''): string {
  const hidden = hiddenText ? `<span class="govuk-visually-hidden">${escapeHtml(hiddenText)}</span>` : ''
  return `<a class="govuk-link" href="${escapeHtml(href)}">${escapeHtml(text)}${hidden}</a>`
}
