import { handleForm, type FormErrors } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { DisclosureForm, DisclosureParams } from './disclosures.schemas.ts'
import type { DisclosuresService } from './disclosures.service.ts'
import { justificationItems } from './disclosures.views.ts'

/**
 * Rule 20: the page to record that a crime record was disclosed to a named recipient (crimes.disclose), and the
 * crime's disclosures register (audit-trail.view: audit roles only). Mounted at the root: /crimes/:id/disclosures….
 */
export function disclosuresPages(disclosures: DisclosuresService) {
  return routes((app) => {
    const renderForm = async (
      crimeId: string,
      actor: Parameters<DisclosuresService['justifications']>[0],
      values: DisclosureForm,
      errors?: FormErrors,
    ) => ({
      crimeId,
      reference: await disclosures.crimeReference(actor, crimeId),
      values,
      items: justificationItems(await disclosures.justifications(actor), values),
      ...errors,
    })

    app.get(
      '/crimes/:crimeId/disclosures/new',
      { config: { permission: 'crimes.disclose' }, schema: { params: DisclosureParams } },
      async (request, reply) =>
        reply.render('disclosures/views/disclose.njk', await renderForm(request.params.crimeId, request.actor, {})),
    )

    app.post(
      '/crimes/:crimeId/disclosures/new',
      { config: { permission: 'crimes.disclose' }, schema: { params: DisclosureParams, body: DisclosureForm } },
      async (request, reply) => {
        const { crimeId } = request.params
        return handleForm(reply, {
          submit: () => disclosures.discloseCrime(request.actor, crimeId, request.body),
          invalid: async (errors) => ({
            template: 'disclosures/views/disclose.njk',
            model: await renderForm(crimeId, request.actor, request.body, errors),
          }),
          done: (disclosure) => ({
            flash: `Disclosure to ${disclosure.recipientName} (${disclosure.recipientOrganisation}) recorded`,
            redirect: `/crimes/${crimeId}`,
          }),
        })
      },
    )

    app.get(
      '/crimes/:crimeId/disclosures',
      { config: { permission: 'audit-trail.view' }, schema: { params: DisclosureParams } },
      async (request, reply) => {
        const { reference, disclosures: rows } = await disclosures.forCrime(request.actor, request.params.crimeId)
        return reply.render('disclosures/views/list.njk', {
          crimeId: request.params.crimeId,
          reference,
          rows: rows.map((row) => [
            { text: formatDateTime(row.disclosedAt) },
            { text: `${row.recipientName}, ${row.recipientOrganisation}` },
            { text: row.whatWasDisclosed },
            { text: row.justification },
            { text: row.disclosedByName },
          ]),
        })
      },
    )
  })
}
