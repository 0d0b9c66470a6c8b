import { Type } from 'typebox'
import { handleForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes, type Router } from '../../platform/http/routes.ts'
import type { Actor } from '../../platform/auth/actor.ts'
import { formatDate, formatDateTime } from '../../platform/views/format.ts'
import type { PersonMerges } from './people.merge.ts'
import type { PeopleService } from './people.service.ts'

const PersonParams = Type.Object({ personId: Type.String({ maxLength: 100 }) })
const MergeParams = Type.Object({ mergeId: Type.String({ maxLength: 100 }) })
const MergeForm = Type.Object({
  duplicatePersonId: Type.Optional(Type.String({ maxLength: 100 })),
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  _csrf: Type.Optional(Type.String()),
})
type MergeForm = { duplicatePersonId?: string | undefined; reason?: string | undefined }
const UnmergeForm = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 2000 })),
  personId: Type.Optional(Type.String({ maxLength: 100 })),
  _csrf: Type.Optional(Type.String()),
})

/**
 * Merging a duplicate person record into this one, and reversing a merge (rule 20). Permission people.merge (the
 * IMU). Mounted at /people.
 */
export function personMergePages(people: PeopleService, merges: PersonMerges) {
  return routes((app) => {
    mergeRoutes(app, people, merges)
    unmergeRoutes(app, people, merges)
  })
}

function mergeRoutes(app: Router, people: PeopleService, merges: PersonMerges) {
  app.get(
    '/:personId/merge',
    { config: { permission: 'people.merge' }, schema: { params: PersonParams } },
    async (request, reply) =>
      reply.render('people/views/merge.njk', await mergeForm(people, request.actor, request.params.personId, {})),
  )

  app.post(
    '/:personId/merge',
    { config: { permission: 'people.merge' }, schema: { params: PersonParams, body: MergeForm } },
    (request, reply) => {
      const { personId } = request.params
      return handleForm(reply, {
        submit: () => merges.merge(request.actor, personId, request.body),
        invalid: async (errors) => ({
          template: 'people/views/merge.njk',
          model: await mergeForm(people, request.actor, personId, request.body, errors),
        }),
        done: (merged) => ({
          flash: `${merged.duplicate.displayName} merged into this record: ${merged.linksMoved} links moved`,
          redirect: `/people/${personId}/merges`,
        }),
      })
    },
  )
}

function unmergeRoutes(app: Router, people: PeopleService, merges: PersonMerges) {
  app.get(
    '/:personId/merges',
    { config: { permission: 'people.merge' }, schema: { params: PersonParams } },
    async (request, reply) =>
      reply.render('people/views/merges.njk', await mergesPage(people, merges, request.actor, request.params.personId)),
  )

  app.post(
    '/merges/:mergeId/unmerge',
    { config: { permission: 'people.merge' }, schema: { params: MergeParams, body: UnmergeForm } },
    (request, reply) =>
      handleForm(reply, {
        submit: () => merges.unmerge(request.actor, request.params.mergeId, { reason: request.body.reason }),
        invalid: async (errors) => ({
          template: 'people/views/merges.njk',
          model: await mergesPage(people, merges, request.actor, request.body.personId ?? '', errors),
        }),
        done: (unmerged) => ({
          flash: `Merge reversed: ${unmerged.duplicate.displayName} has their own links again`,
          redirect: `/people/${unmerged.surviving.personId}/merges`,
        }),
      }),
  )
}

/** The people who may be the same as this one: the person search for their name, without them. */
async function mergeForm(
  people: PeopleService,
  actor: Actor,
  personId: string,
  values: MergeForm,
  errors?: FormErrors,
) {
  const person = await people.viewPerson(actor, personId)
  const { people: found } = await people.search(actor, { name: person.displayName })
  const candidates = found.filter((candidate) => candidate.personId !== personId)
  return {
    person: { personId, displayName: person.displayName },
    candidates: candidates.map((candidate) => ({
      value: candidate.personId,
      text: candidate.displayName,
      hint: {
        text: [
          candidate.dateOfBirth ? `Born ${formatDate(candidate.dateOfBirth)}` : 'Date of birth not known',
          candidate.aliases.length > 0 ? `also known as ${candidate.aliases.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join(', '),
      },
      checked: values.duplicatePersonId === candidate.personId,
    })),
    values,
    ...errors,
  }
}

async function mergesPage(
  people: PeopleService,
  merges: PersonMerges,
  actor: Actor,
  personId: string,
  errors?: FormErrors,
) {
  const person = await people.viewPerson(actor, personId)
  const list = await merges.mergesOf(actor, personId)
  return {
    person: { personId, displayName: person.displayName },
    merges: list.map((merge) => ({
      mergeId: merge.mergeId,
      summary: `${merge.duplicate.displayName} merged into ${merge.surviving.displayName}`,
      survivingHref: `/people/${merge.surviving.personId}`,
      duplicateHref: `/people/${merge.duplicate.personId}`,
      rows: [
        { key: { text: 'Merged' }, value: { text: `${formatDateTime(merge.mergedAt)} by ${merge.mergedBy}` } },
        { key: { text: 'Why' }, value: { text: merge.reason } },
        { key: { text: 'Links moved' }, value: { text: String(merge.linksMoved) } },
        ...(merge.unmergedAt
          ? [
              {
                key: { text: 'Reversed' },
                value: { text: `${formatDateTime(merge.unmergedAt)} by ${merge.unmergedBy ?? ''}` },
              },
            ]
          : []),
      ],
      live: merge.unmergedAt === null,
    })),
    ...errors,
  }
}
