import type { Permissions } from '../../platform/auth/permissions.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDateTime } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import { AuditEventQuery } from './audit-trail.schemas.ts'
import { eventLabel, recordCell } from './audit-trail.labels.ts'
import type { AuditEventRow } from './audit-trail.repository.ts'
import type { AuditTrailSearch } from './audit-trail.search.ts'
import type { AuditTrailService } from './audit-trail.service.ts'

const PAGE_SIZE = 50

/**
 * The audit trail for the Force Crime Registrar, auditors and inspectors: who viewed or changed what, when and
 * why. Permission: audit-trail.view. Mounted at /audit-trail.
 */
export function auditTrailPages(auditTrail: AuditTrailService, search: AuditTrailSearch) {
  return routes((app) => {
    app.get(
      '/',
      { config: { permission: 'audit-trail.view' }, schema: { querystring: AuditEventQuery } },
      async (request, reply) => {
        const filter = { ...request.query, beforeSeq: request.query.before, limit: PAGE_SIZE }
        const events = await auditTrail.search(request.actor, filter)
        const next = events.length === PAGE_SIZE ? events.at(-1)!.seq : undefined
        const query = Object.entries(request.query)
          .filter(([key, value]) => key !== 'before' && value !== undefined)
          .map(([key, value]): [string, string] => [key, String(value)])
        return reply.render('audit-trail/views/list.njk', {
          filter: request.query,
          rows: auditEventRows(events, await search.recordNames(request.actor, events), request.actor.permissions),
          nextHref: next
            ? `/audit-trail?${new URLSearchParams([...query, ['before', String(next)]]).toString()}`
            : undefined,
        })
      },
    )
  })
}

/**
 * The audit events' table rows as people read them: the event in words (its code kept beside it, small, for
 * filtering), who by name, and the record by its reference or name, linking to its page where it has one.
 */
export function auditEventRows(
  events: readonly AuditEventRow[],
  recordNames: ReadonlyMap<string, string>,
  reader: Pick<Permissions, 'can'>,
) {
  return events.map((event) => {
    const record = recordCell(event.recordType, event.recordId, recordNames, reader)
    return [
      { text: event.seq, classes: 'tally-nowrap' },
      { text: formatDateTime(event.occurredAt) },
      { text: event.actorName },
      { text: eventLabel(event.action) },
      record.href
        ? { html: `<a class="govuk-link" href="${escapeHtml(record.href)}">${escapeHtml(record.text)}</a>` }
        : { text: record.text },
      { text: summariseChanges(event.changes) },
      { text: event.reason ?? '' },
    ]
  })
}

export function summariseChanges(changes: unknown): string {
  if (changes === null || typeof changes !== 'object') {
    return ''
  }
  return Object.entries(changes as Record<string, unknown>)
    .map(([field, value]) => {
      if (value !== null && typeof value === 'object' && 'after' in value) {
        const { before, after } = value as { before: unknown; after: unknown }
        return before === null
          ? `${field}: ${JSON.stringify(after)}`
          : `${field}: ${JSON.stringify(before)} → ${JSON.stringify(after)}`
      }
      return `${field}: ${JSON.stringify(value)}`
    })
    .join('; ')
}
