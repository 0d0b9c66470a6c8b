import { routes } from '../../platform/http/routes.ts'
import { AuditEventPage, AuditEventQuery } from './audit-trail.schemas.ts'
import type { AuditTrailService } from './audit-trail.service.ts'

/**
 * The audit trail as JSON, for inspectors' and auditors' tools. Permission: audit-trail.view.
 * Mounted at /api/v1/audit-events.
 */
export function auditTrailApi(auditTrail: AuditTrailService) {
  return routes((app) => {
    app.get(
      '/',
      {
        config: { permission: 'audit-trail.view' },
        schema: {
          tags: ['audit trail'],
          summary: 'Search the audit trail, newest first',
          querystring: AuditEventQuery,
          response: { 200: AuditEventPage },
        },
      },
      async (request) => {
        const limit = request.query.limit ?? 100
        const events = await auditTrail.search(request.actor, {
          ...request.query,
          beforeSeq: request.query.before,
          limit,
        })
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
