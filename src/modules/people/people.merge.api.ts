import { Type } from 'typebox'
import { routes } from '../../platform/http/routes.ts'
import type { PersonMerge, PersonMerges } from './people.merge.ts'

const MergeBody = Type.Object(
  {
    duplicatePersonId: Type.Optional(
      Type.String({ maxLength: 100, description: 'The duplicate record, whose links move to this person' }),
    ),
    reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why they are the same person (10–500)' })),
  },
  { additionalProperties: false },
)
const UnmergeBody = Type.Object(
  { reason: Type.Optional(Type.String({ maxLength: 2000, description: 'Why the merge is reversed (10–500)' })) },
  { additionalProperties: false },
)
const PersonParams = Type.Object({ personId: Type.String({ maxLength: 100 }) })
const MergeParams = Type.Object({ mergeId: Type.String({ maxLength: 100 }) })

const Link = Type.Object({
  involvementId: Type.String(),
  recordType: Type.String(),
  recordId: Type.String(),
  role: Type.String(),
})
const Merge = Type.Object({
  mergeId: Type.String(),
  survivingPersonId: Type.String(),
  duplicatePersonId: Type.String(),
  reason: Type.String(),
  linksMoved: Type.Integer(),
  moved: Type.Object({
    involvementsMoved: Type.Array(Link),
    involvementsRemoved: Type.Array(Link),
    crimesAsVictim: Type.Array(Type.String()),
    incidentsAsReportingPerson: Type.Array(Type.String()),
    victimCare: Type.Array(Type.String()),
    assessments: Type.Array(Type.String()),
  }),
  mergedAt: Type.String({ format: 'date-time' }),
  mergedBy: Type.String(),
  unmergedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  unmergedBy: Type.Union([Type.String(), Type.Null()]),
})

const toApi = (merge: PersonMerge) => ({
  mergeId: merge.mergeId,
  survivingPersonId: merge.surviving.personId,
  duplicatePersonId: merge.duplicate.personId,
  reason: merge.reason,
  linksMoved: merge.linksMoved,
  moved: merge.moved,
  mergedAt: merge.mergedAt.toISOString(),
  mergedBy: merge.mergedBy,
  unmergedAt: merge.unmergedAt?.toISOString() ?? null,
  unmergedBy: merge.unmergedBy,
})

/**
 * Merging duplicate person records and reversing a merge (rule 20), as JSON. Permission people.merge (the IMU).
 * Mounted at /api/v1/people.
 */
export function personMergesApi(merges: PersonMerges) {
  return routes((app) => {
    app.post(
      '/:personId/merges',
      {
        config: { permission: 'people.merge' },
        schema: {
          tags: ['people'],
          summary: 'Merge a duplicate person into this one: their links move here, kept so the merge can be reversed',
          params: PersonParams,
          body: MergeBody,
          response: { 201: Merge },
        },
      },
      async (request, reply) =>
        reply.status(201).send(toApi(await merges.merge(request.actor, request.params.personId, request.body))),
    )

    app.get(
      '/:personId/merges',
      {
        config: { permission: 'people.merge' },
        schema: {
          tags: ['people'],
          summary: 'The merges this person was part of, newest first',
          params: PersonParams,
          response: { 200: Type.Object({ merges: Type.Array(Merge) }) },
        },
      },
      async (request) => ({ merges: (await merges.mergesOf(request.actor, request.params.personId)).map(toApi) }),
    )

    app.post(
      '/merges/:mergeId/unmerge',
      {
        config: { permission: 'people.merge' },
        schema: {
          tags: ['people'],
          summary: 'Reverse a merge: exactly the links it moved go back to the duplicate record',
          params: MergeParams,
          body: UnmergeBody,
          response: { 200: Merge },
        },
      },
      async (request) => toApi(await merges.unmerge(request.actor, request.params.mergeId, request.body)),
    )
  })
}
