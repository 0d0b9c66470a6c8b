import { Type } from 'typebox'
import { routes } from '../../platform/http/routes.ts'
import { AuditEventPage } from './audit-trail.schemas.ts'
import type { AuditTrailSearch } from './audit-trail.search.ts'

export const AuditSearchQuery = Type.Object(
  {
    person: Type.Optional(
      Type.String({ maxLength: 100, description: 'A person id: events on them and every record they are linked to' }),
    ),
    user: Type.Optional(Type.String({ maxLength: 200, description: 'A user or token id, or a user’s name' })),
    record: Type.Optional(Type.String({ maxLength: 100, description: 'A record id, or a crime reference' })),
    action: Type.Optional(
      Type.String({ maxLength: 60, pattern: '^[A-Z][A-Z0-9_]*$', description: 'e.g. CRIME_DISCLOSED' }),
    ),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Events before this sequence number (next page)' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
)

/**
 * Rule 20: the search over the audit trail by person, by user and by record, for the audit roles only
 * (audit-trail.view). Mounted at /api/v1/audit-trail.
 */
export function auditTrailSearchApi(search: AuditTrailSearch) {
  return routes((app) => {
    app.get(
      '/search',
      {
        config: { permission: 'audit-trail.view' },
        schema: {
          tags: ['audit trail'],
          summary: 'Search the audit trail by person, user and record, newest first (audit roles only)',
          description:
            'At least one of person, user and record; given together they must all match. The search itself is logged.',
          querystring: AuditSearchQuery,
          response: { 200: AuditEventPage },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 100
        const events = await search.search(request.actor, { ...request.query, limit })
        return {
          events: events.map((event) => ({
            ...event,
            occurredAt: event.occurredAt.toISOString(),
            changes: event.changes as Record<string, unknown> | null,
          })),
          next: events.length === limit ? events.at(-1)!.seq : null,
        }
      },
    )
  })
}
