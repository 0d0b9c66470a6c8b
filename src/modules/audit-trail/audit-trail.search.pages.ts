import { submitForm } from '../../platform/http/forms.ts'
import { routes } from '../../platform/http/routes.ts'
import type { ChangeVocabulary } from './audit-trail.changes.ts'
import { auditEventRows } from './audit-trail.pages.ts'
import { AuditSearchQuery } from './audit-trail.search.api.ts'
import type { AuditTrailSearch } from './audit-trail.search.ts'

const PAGE_SIZE = 50

/**
 * Rule 20: the audit trail searched by person, user and record: who viewed, exported, disclosed, merged or changed
 * what, and why. Audit roles only (audit-trail.view). Mounted at /audit-trail.
 */
export function auditTrailSearchPages(search: AuditTrailSearch, vocabulary: ChangeVocabulary) {
  return routes((app) => {
    app.get(
      '/search',
      { config: { permission: 'audit-trail.view' }, schema: { querystring: AuditSearchQuery } },
      async (request, reply) => {
        const { person, user, record, action, before } = request.query
        const terms = { person, user, record, action }
        const asked = [person, user, record].some((term) => (term ?? '').trim() !== '')
        if (!asked) {
          return reply.render('audit-trail/views/search.njk', { terms, fieldErrors: {} })
        }
        const result = await submitForm(() => search.search(request.actor, { ...terms, before, limit: PAGE_SIZE }))
        if (!result.ok) {
          return reply.status(400).render('audit-trail/views/search.njk', { terms, ...result })
        }
        const events = result.value
        const next = events.length === PAGE_SIZE ? events.at(-1)!.seq : undefined
        const query = Object.entries(terms).filter((entry): entry is [string, string] => entry[1] !== undefined)
        return reply.render('audit-trail/views/search.njk', {
          terms,
          fieldErrors: {},
          searched: true,
          rows: auditEventRows(
            events,
            await search.recordNames(request.actor, events),
            request.actor.permissions,
            vocabulary,
          ),
          nextHref: next
            ? `/audit-trail/search?${new URLSearchParams([...query, ['before', String(next)]]).toString()}`
            : undefined,
        })
      },
    )
  })
}
