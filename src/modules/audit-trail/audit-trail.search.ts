import type { Actor } from '../../platform/auth/actor.ts'
import type { ForceTransaction, TallyDatabase } from '../../platform/db/database.ts'
import { ValidationFailed } from '../../platform/http/errors.ts'
import { namedIds } from './audit-trail.changes.ts'
import type { AuditEventRow } from './audit-trail.repository.ts'
import type { AuditTrailService } from './audit-trail.service.ts'

/** What the search asks of the records (the people and crimes modules', wired in deps.ts; this module imports neither). */
export interface AuditSearchSources {
  /** The incidents and crimes a person is linked to, in any role. */
  recordsOfPerson(tx: ForceTransaction, personId: string): Promise<Array<{ recordType: string; recordId: string }>>
  /** The ids a record is logged under when it is named by its reference (a crime reference), if any. */
  recordIdFor(tx: ForceTransaction, reference: string): Promise<string | undefined>
  /** The references or names of records (crime reference, incident number, a person's name), by recordKey. */
  recordNames(
    tx: ForceTransaction,
    records: ReadonlyArray<{ recordType: string; recordId: string }>,
  ): Promise<Map<string, string>>
}

export interface AuditSearchTerms {
  /** A person's id: events on the person and on every incident and crime they are linked to. */
  person?: string | undefined
  /** A user or token id, or a user's name as recorded. */
  user?: string | undefined
  /** A record's id (any type) or a crime reference. */
  record?: string | undefined
  action?: string | undefined
  before?: number | undefined
  limit: number
}

/** The events on records a person is linked to are searched in one query; more than this many is too broad. */
const MAX_PERSON_RECORDS = 500

/**
 * Rule 20: the search over the s.62 log by person, by user and by record, for the audit roles only
 * (audit-trail.view, checked by the routes). Each search is itself logged: reading the log is consulting
 * personal data.
 */
export class AuditTrailSearch {
  constructor(
    private readonly db: TallyDatabase,
    private readonly auditTrail: AuditTrailService,
    private readonly sources: AuditSearchSources,
  ) {}

  /**
   * The references or names of the records these events are on, and of the people, users, units and staff their
   * changes name by id, for the pages to show instead of ids: a page of events at once, one query per kind of
   * record (never one per event), in the reader's force. Only for the audit roles, who see the events themselves.
   */
  recordNames(actor: Actor, events: readonly AuditEventRow[]): Promise<Map<string, string>> {
    actor.permissions.require('audit-trail.view')
    const records = [...events, ...events.flatMap((event) => namedIds(event.changes))]
    return this.db.withForce(actor.forceId, (tx) => this.sources.recordNames(tx, records))
  }

  async search(actor: Actor, terms: AuditSearchTerms): Promise<AuditEventRow[]> {
    actor.permissions.require('audit-trail.view')
    const person = terms.person?.trim() || undefined
    const user = terms.user?.trim() || undefined
    const record = terms.record?.trim() || undefined
    if (person === undefined && user === undefined && record === undefined) {
      throw ValidationFailed.of('person', 'Give a person, a user or a record to search the audit trail for')
    }
    return this.db.withForce(actor.forceId, async (tx) => {
      const personRecords = person === undefined ? [] : await this.sources.recordsOfPerson(tx, person)
      if (personRecords.length > MAX_PERSON_RECORDS) {
        throw ValidationFailed.of('person', 'This person is linked to too many records: search by record instead')
      }
      const recordIds = record === undefined ? [] : [record, (await this.sources.recordIdFor(tx, record)) ?? record]
      this.auditTrail.record(tx, actor, {
        action: 'AUDIT_TRAIL_SEARCHED',
        recordType: 'audit-trail',
        recordId: 'search',
        changes: { person: person ?? null, user: user ?? null, record: record ?? null, action: terms.action ?? null },
      })
      return tx
        .selectFrom('auditEvent')
        .selectAll()
        .$if(person !== undefined, (q) =>
          q.where((eb) =>
            eb.or([
              eb.and([eb('recordType', '=', 'person'), eb('recordId', '=', person!)]),
              ...personRecords.map((r) =>
                eb.and([eb('recordType', '=', r.recordType), eb('recordId', '=', r.recordId)]),
              ),
            ]),
          ),
        )
        .$if(user !== undefined, (q) =>
          q.where((eb) =>
            eb.or([eb('actorId', '=', user!), eb(eb.fn('lower', ['actorName']), '=', user!.toLowerCase())]),
          ),
        )
        .$if(record !== undefined, (q) => q.where('recordId', 'in', [...new Set(recordIds)]))
        .$if(terms.action !== undefined, (q) => q.where('action', '=', terms.action!))
        .$if(terms.before !== undefined, (q) => q.where('seq', '<', terms.before!))
        .orderBy('seq', 'desc')
        .limit(terms.limit)
        .execute()
    })
  }
}
