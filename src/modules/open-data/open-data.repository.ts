import { sql, type Selectable } from 'kysely'
import type { ForceTransaction } from '../../platform/db/database.ts'
import type { OpenDataFileTable } from '../../platform/db/tables/open-data.ts'
import type { OutcomeRow, StreetRow } from './open-data.format.ts'
import type { CrimeTypeMapping, MapPoint } from './open-data.rules.ts'

export type OpenDataFileRow = Selectable<OpenDataFileTable>

/** Rows per INSERT: a month of a big force is a few round trips. */
export const INSERT_CHUNK = 10_000

/** The open-data module's tables: reference data for the export, and the imported police.uk files. */
export class OpenDataRepository {
  // Crime-type mapping (versioned) ---------------------------------------------------------------------------

  currentMappingVersion(tx: ForceTransaction) {
    return tx.selectFrom('openDataCrimeTypeMapVersion').selectAll().where('current', '=', true).executeTakeFirst()
  }

  mappingVersions(tx: ForceTransaction) {
    return tx.selectFrom('openDataCrimeTypeMapVersion').selectAll().orderBy('importedAt', 'desc').execute()
  }

  async mapping(tx: ForceTransaction, version: string): Promise<CrimeTypeMapping[]> {
    const rows = await tx
      .selectFrom('openDataCrimeTypeMap')
      .select(['matchKind', 'matchValue', 'crimeType'])
      .where('version', '=', version)
      .execute()
    return rows as CrimeTypeMapping[]
  }

  async insertMapping(
    tx: ForceTransaction,
    version: { version: string; source: string; importedAt: Date; importedBy: string; makeCurrent: boolean },
    entries: readonly CrimeTypeMapping[],
  ): Promise<void> {
    if (version.makeCurrent) {
      await tx.updateTable('openDataCrimeTypeMapVersion').set({ current: false }).where('current', '=', true).execute()
    }
    await tx
      .insertInto('openDataCrimeTypeMapVersion')
      .values({
        version: version.version,
        source: version.source,
        current: version.makeCurrent,
        entryCount: entries.length,
        importedAt: version.importedAt,
        importedBy: version.importedBy,
      })
      .execute()
    await tx
      .insertInto('openDataCrimeTypeMap')
      .values(entries.map((entry) => ({ version: version.version, ...entry })))
      .execute()
  }

  // Map points -------------------------------------------------------------------------------------------------

  mapPoints(tx: ForceTransaction): Promise<MapPoint[]> {
    return tx
      .selectFrom('openDataMapPoint')
      .select(['longitude', 'latitude', 'location', 'lsoaCode', 'lsoaName'])
      .orderBy('pointId')
      .execute()
  }

  async countMapPoints(tx: ForceTransaction): Promise<number> {
    const row = await tx
      .selectFrom('openDataMapPoint')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow()
    return Number(row.count)
  }

  async replaceMapPoints(tx: ForceTransaction, points: readonly MapPoint[]): Promise<void> {
    await tx.deleteFrom('openDataMapPoint').execute()
    for (let start = 0; start < points.length; start += INSERT_CHUNK) {
      await tx
        .insertInto('openDataMapPoint')
        .values(points.slice(start, start + INSERT_CHUNK).map((point, i) => ({ pointId: start + i + 1, ...point })))
        .execute()
    }
  }

  // Imported files ---------------------------------------------------------------------------------------------

  fileFor(tx: ForceTransaction, slice: { kind: 'street' | 'outcomes'; month: string; fallsWithin: string }) {
    return tx
      .selectFrom('openDataFile')
      .selectAll()
      .where('kind', '=', slice.kind)
      .where('month', '=', slice.month)
      .where('fallsWithin', '=', slice.fallsWithin)
      .forUpdate()
      .executeTakeFirst()
  }

  async deleteFile(tx: ForceTransaction, fileId: string): Promise<void> {
    await tx.deleteFrom('openDataFile').where('fileId', '=', fileId).execute()
  }

  async insertFile(tx: ForceTransaction, file: Omit<OpenDataFileRow, 'forceId'>): Promise<void> {
    await tx.insertInto('openDataFile').values(file).execute()
  }

  /**
   * Street rows in one statement: the rows go as one JSON parameter that PostgreSQL unpacks with
   * json_to_recordset, which is several times faster than binding arrays or many parameters from JavaScript.
   * The insert returns its rows to a count (`with inserted as (… returning 1)`): Citus would otherwise load them
   * into the shards with COPY, which row-level security refuses.
   */
  async insertStreetRows(tx: ForceTransaction, fileId: string, rows: readonly StreetRow[]): Promise<void> {
    await sql`
      with inserted as (
      insert into open_data_street_row (file_id, line, crime_id, month, reported_by, falls_within, longitude, latitude,
        location, lsoa_code, lsoa_name, crime_type, last_outcome_category, context)
      select ${fileId}::uuid, line, "crimeId", month, "reportedBy", "fallsWithin", longitude, latitude, location,
        "lsoaCode", "lsoaName", "crimeType", "lastOutcomeCategory", context
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(line integer, "crimeId" text, month text,
        "reportedBy" text, "fallsWithin" text, longitude double precision, latitude double precision, location text,
        "lsoaCode" text, "lsoaName" text, "crimeType" text, "lastOutcomeCategory" text, context text)
      returning 1)
      select count(*) from inserted
    `.execute(tx)
  }

  async insertOutcomeRows(tx: ForceTransaction, fileId: string, rows: readonly OutcomeRow[]): Promise<void> {
    await sql`
      with inserted as (
      insert into open_data_outcome_row (file_id, line, crime_id, month, reported_by, falls_within, longitude,
        latitude, location, lsoa_code, lsoa_name, outcome_type)
      select ${fileId}::uuid, line, "crimeId", month, "reportedBy", "fallsWithin", longitude, latitude, location,
        "lsoaCode", "lsoaName", "outcomeType"
      from json_to_recordset(${JSON.stringify(rows)}::json) as r(line integer, "crimeId" text, month text,
        "reportedBy" text, "fallsWithin" text, longitude double precision, latitude double precision, location text,
        "lsoaCode" text, "lsoaName" text, "outcomeType" text)
      returning 1)
      select count(*) from inserted
    `.execute(tx)
  }

  files(tx: ForceTransaction) {
    return tx
      .selectFrom('openDataFile')
      .selectAll()
      .orderBy('month', 'desc')
      .orderBy('fallsWithin')
      .orderBy('kind')
      .execute()
  }

  // Summaries --------------------------------------------------------------------------------------------------

  /** Street rows of some months and forces, grouped by what the summary counts. */
  streetCounts(tx: ForceTransaction, months: readonly string[], forces: readonly string[]) {
    return tx
      .selectFrom('openDataStreetRow')
      .select((eb) => ['month', 'fallsWithin', 'crimeType', 'lastOutcomeCategory', eb.fn.countAll<number>().as('rows')])
      .select(sql<number>`count(*) filter (where crime_id = '')`.as('blankId'))
      .where('month', 'in', months)
      .where('fallsWithin', 'in', forces)
      .groupBy(['month', 'fallsWithin', 'crimeType', 'lastOutcomeCategory'])
      .execute()
  }

  distinctCrimeIds(tx: ForceTransaction, months: readonly string[], forces: readonly string[]) {
    return tx
      .selectFrom('openDataStreetRow')
      .select(['month', 'fallsWithin'])
      .select(sql<number>`count(distinct crime_id) filter (where crime_id <> '')`.as('count'))
      .where('month', 'in', months)
      .where('fallsWithin', 'in', forces)
      .groupBy(['month', 'fallsWithin'])
      .execute()
  }

  /** Every force and month with a street file, for the comparison page's choices. */
  streetSlices(tx: ForceTransaction) {
    return tx
      .selectFrom('openDataFile')
      .select(['month', 'fallsWithin', 'rowCount'])
      .where('kind', '=', 'street')
      .orderBy('month', 'desc')
      .orderBy('fallsWithin')
      .execute()
  }

  populations(tx: ForceTransaction) {
    return tx.selectFrom('openDataPopulation').selectAll().orderBy('fallsWithin').execute()
  }

  async setPopulation(
    tx: ForceTransaction,
    row: { fallsWithin: string; population: number; source: string; updatedAt: Date; updatedBy: string },
  ): Promise<void> {
    await tx
      .insertInto('openDataPopulation')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['forceId', 'fallsWithin']).doUpdateSet({
          population: row.population,
          source: row.source,
          updatedAt: row.updatedAt,
          updatedBy: row.updatedBy,
        }),
      )
      .execute()
  }
}
