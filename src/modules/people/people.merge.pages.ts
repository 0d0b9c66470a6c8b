import { Type } from 'typebox'
import { submitForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
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
  /** The people who may be the same as this one: the person search for their name, without them. */
  async function mergeForm(actor: Actor, personId: string, values: MergeForm, errors?: FormErrors) {
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

  async function mergesPage(actor: Actor, personId: string, errors?: FormErrors) {
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

  return routes((app) => {
    app.get(
      '/:personId/merge',
      { config: { permission: 'people.merge' }, schema: { params: PersonParams } },
      async (request, reply) =>
        reply.render('people/views/merge.njk', await mergeForm(request.actor, request.params.personId, {})),
    )

    app.post(
      '/:personId/merge',
      { config: { permission: 'people.merge' }, schema: { params: PersonParams, body: MergeForm } },
      async (request, reply) => {
        const { personId } = request.params
        const result = await submitForm(() => merges.merge(request.actor, personId, request.body))
        if (!result.ok) {
          return reply
            .status(400)
            .render('people/views/merge.njk', await mergeForm(request.actor, personId, request.body, result))
        }
        return reply
          .flash(
            `${result.value.duplicate.displayName} merged into this record: ${result.value.linksMoved} links moved`,
          )
          .redirect(`/people/${personId}/merges`, 303)
      },
    )

    app.get(
      '/:personId/merges',
      { config: { permission: 'people.merge' }, schema: { params: PersonParams } },
      async (request, reply) =>
        reply.render('people/views/merges.njk', await mergesPage(request.actor, request.params.personId)),
    )

    app.post(
      '/merges/:mergeId/unmerge',
      { config: { permission: 'people.merge' }, schema: { params: MergeParams, body: UnmergeForm } },
      async (request, reply) => {
        const result = await submitForm(() =>
          merges.unmerge(request.actor, request.params.mergeId, { reason: request.body.reason }),
        )
        const back = request.body.personId ?? ''
        if (!result.ok) {
          return reply.status(400).render('people/views/merges.njk', await mergesPage(request.actor, back, result))
        }
        return reply
          .flash(`Merge reversed: ${result.value.duplicate.displayName} has their own links again`)
          .redirect(`/people/${result.value.surviving.personId}/merges`, 303)
      },
    )
  })
}
