import { routes } from '../../platform/http/routes.ts'
import type { DisclosureRow } from './disclosures.repository.ts'
import { Disclosure, DisclosureList, DisclosureParams, NewDisclosure } from './disclosures.schemas.ts'
import type { DisclosuresService } from './disclosures.service.ts'

const toApi = (row: DisclosureRow) => ({
  disclosureId: row.disclosureId,
  crimeId: row.recordId,
  recipientName: row.recipientName,
  recipientOrganisation: row.recipientOrganisation,
  whatWasDisclosed: row.whatWasDisclosed,
  justification: row.justification,
  disclosedAt: row.disclosedAt.toISOString(),
  disclosedBy: row.disclosedByName,
})

/**
 * Rule 20: recording a crime record's disclosure to a named recipient (crimes.disclose), and reading a crime's
 * disclosures, which are part of the s.62 log (audit-trail.view: audit roles only). Mounted at /api/v1.
 */
export function disclosuresApi(disclosures: DisclosuresService) {
  return routes((app) => {
    app.post(
      '/crimes/:crimeId/disclosures',
      {
        config: { permission: 'crimes.disclose' },
        schema: {
          tags: ['disclosures'],
          summary: 'Record that a crime record was disclosed to someone outside the force, who and why (rule 20)',
          description:
            'recipientName, recipientOrganisation, whatWasDisclosed and a justification (one of GET /api/v1/view-justifications, or "other" with justificationText) are required; a missing one is a 400 naming it.',
          params: DisclosureParams,
          body: NewDisclosure,
          response: { 201: Disclosure },
        },
      },
      async (request, reply) => {
        const disclosure = await disclosures.discloseCrime(request.actor, request.params.crimeId, request.body)
        return reply.status(201).send(toApi(disclosure))
      },
    )

    app.get(
      '/crimes/:crimeId/disclosures',
      {
        config: { permission: 'audit-trail.view' },
        schema: {
          tags: ['disclosures'],
          summary: 'A crime record’s disclosures, newest first (audit roles only)',
          params: DisclosureParams,
          response: { 200: DisclosureList },
        },
      },
      async (request) => {
        const { reference, disclosures: rows } = await disclosures.forCrime(request.actor, request.params.crimeId)
        return { reference, disclosures: rows.map(toApi) }
      },
    )
  })
}
