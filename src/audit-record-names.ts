import type { ForceTransaction } from './platform/db/database.ts'
import { isUuid } from './platform/ids.ts'

type RecordRef = { recordType: string; recordId: string }

/** The ids of one record type among the records, for one query each. */
function idsOf(records: readonly RecordRef[], recordType: string): string[] {
  return [...new Set(records.filter((r) => r.recordType === recordType && isUuid(r.recordId)).map((r) => r.recordId))]
}

/**
 * The audit trail's pages name records by their reference or name, not their id: crimes by crime reference,
 * incidents by incident number, people, users, staff, units and risks by name; the same names stand for the ids an
 * event's changes hold (the victim, the officer allocated). The audit-trail module imports no other module, so this
 * read across their tables is wired here, beside the composition root (deps.ts). One query per kind of record for
 * a page of events, in the transaction withForce opened for the reader's force: row-level security admits that
 * force's rows only, and on Citus each query is given `force_id = <force>` (ForceRoutingPlugin); the one join keeps
 * force_id in its condition.
 */
export async function auditRecordNames(
  tx: ForceTransaction,
  records: readonly RecordRef[],
): Promise<Map<string, string>> {
  const ids = (type: string) => {
    const found = idsOf(records, type)
    return found.length > 0 ? found : ['00000000-0000-0000-0000-000000000000']
  }
  const [crimes, incidents, people, users, staff, units, risks, n100s] = await Promise.all([
    tx
      .selectFrom('crime')
      .select(['crimeId as id', 'crimeReference as name'])
      .where('crimeId', 'in', ids('crime'))
      .execute(),
    tx
      .selectFrom('incident')
      .select(['incidentId as id', 'incidentNumber as name'])
      .where('incidentId', 'in', ids('incident'))
      .execute(),
    tx
      .selectFrom('person')
      .select(['personId as id', 'givenName', 'familyName'])
      .where('personId', 'in', ids('person'))
      .execute(),
    tx
      .selectFrom('userAccount')
      .select(['userId as id', 'displayName as name'])
      .where('userId', 'in', ids('user'))
      .execute(),
    tx.selectFrom('staffMember').select(['staffId as id', 'name']).where('staffId', 'in', ids('staff')).execute(),
    tx.selectFrom('unit').select(['unitId as id', 'name']).where('unitId', 'in', ids('unit')).execute(),
    tx.selectFrom('risk').select(['riskId as id', 'title as name']).where('riskId', 'in', ids('risk')).execute(),
    tx
      .selectFrom('n100')
      .leftJoin('crime', (join) =>
        join.onRef('crime.forceId', '=', 'n100.forceId').onRef('crime.crimeId', '=', 'n100.crimeId'),
      )
      .leftJoin('incident', (join) =>
        join.onRef('incident.forceId', '=', 'n100.forceId').onRef('incident.incidentId', '=', 'n100.incidentId'),
      )
      .select(['n100.n100Id as id', 'crime.crimeReference', 'incident.incidentNumber'])
      .where('n100.n100Id', 'in', ids('n100'))
      .execute(),
  ])
  return new Map([
    ...crimes.map((r) => [`crime:${r.id}`, r.name] as const),
    ...incidents.map((r) => [`incident:${r.id}`, r.name] as const),
    ...people.map((r) => [`person:${r.id}`, `${r.givenName} ${r.familyName}`.trim()] as const),
    ...users.map((r) => [`user:${r.id}`, r.name] as const),
    ...staff.map((r) => [`staff:${r.id}`, r.name] as const),
    ...units.map((r) => [`unit:${r.id}`, r.name] as const),
    ...risks.map((r) => [`risk:${r.id}`, r.name] as const),
    ...n100s.map((r) => [`n100:${r.id}`, `from ${r.crimeReference ?? r.incidentNumber ?? 'a report'}`] as const),
  ])
}
