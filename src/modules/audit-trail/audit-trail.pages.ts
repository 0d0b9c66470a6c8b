import type { Permissions } from '../../platform/auth/permissions.ts'
import { routes } from '../../platform/http/routes.ts'
import { formatDateTime, plural } from '../../platform/views/format.ts'
import { escapeHtml } from '../../platform/views/html.ts'
import { readableChanges, type ChangeVocabulary } from './audit-trail.changes.ts'
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
export function auditTrailPages(auditTrail: AuditTrailService, search: AuditTrailSearch, vocabulary: ChangeVocabulary) {
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
          rows: auditEventRows(
            events,
            await search.recordNames(request.actor, events),
            request.actor.permissions,
            vocabulary,
          ),
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
 * filtering), who by name, the record by its reference or name, linking to its page where it has one, and what
 * changed in words (the people, users, units and staff it names by id, by name from `recordNames`), with the change
 * as recorded beside it.
 */
export function auditEventRows(
  events: readonly AuditEventRow[],
  recordNames: ReadonlyMap<string, string>,
  reader: Pick<Permissions, 'can'>,
  vocabulary: ChangeVocabulary,
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
      changesCell(event.changes, event.recordType, vocabulary, recordNames),
      { text: event.reason ?? '' },
    ]
  })
}

/** Changes beyond these lines wait in the cell's details, beside the change as recorded. */
const CHANGES_SHOWN = 5

/**
 * The changes column: the first few changes in words, then (in a details element, no JavaScript) the rest and the
 * change exactly as recorded, with its field names and codes, so the wording never hides anything.
 */
export function changesCell(
  changes: unknown,
  recordType: string,
  vocabulary: ChangeVocabulary,
  names: ReadonlyMap<string, string> = new Map(),
) {
  const lines = readableChanges(changes, recordType, vocabulary, names)
  if (lines.length === 0) {
    return { text: '' }
  }
  const list = (items: readonly string[]) =>
    `<ul class="govuk-list govuk-body-s govuk-!-margin-bottom-1">${items.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`
  const rest = lines.slice(CHANGES_SHOWN)
  const summary =
    rest.length > 0 ? `${plural(rest.length, 'more detail')} and the change as recorded` : 'The change as recorded'
  return {
    html:
      list(lines.slice(0, CHANGES_SHOWN)) +
      '<details class="govuk-details govuk-!-margin-bottom-0">' +
      `<summary class="govuk-details__summary"><span class="govuk-details__summary-text">${summary}</span></summary>` +
      '<div class="govuk-details__text">' +
      (rest.length > 0 ? list(rest) : '') +
      `<pre class="tally-recorded-changes"><code>${escapeHtml(JSON.stringify(changes, null, 2))}</code></pre>` +
      '</div></details>',
  }
}
