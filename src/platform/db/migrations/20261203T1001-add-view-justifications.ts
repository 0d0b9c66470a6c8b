import { sql, type Kysely } from 'kysely'

/**
 * Rule 20 (DPA 2018 s.62): the force's list of reasons someone may give before viewing a restricted crime record
 * (one ever classified in a group whose cancellation is restricted, rape among them). Null means Tally's default
 * list; the reason given is kept with the view in the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table crime_setting add column view_justifications text[]`.execute(db)
}
