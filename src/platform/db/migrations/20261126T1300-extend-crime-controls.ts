import { sql, type Kysely } from 'kysely'

/**
 * Fixes from the review of the crimes module (rules 5, 6, 9 and 20):
 *
 * - crime_transfer: a C1 transfer removes the crime from this force's figures like a cancellation, so its
 *   acceptance keeps the authoriser's name and role, whether it was a Force Crime Registrar override, and whether
 *   the victim was told (or why not).
 * - crime_cancellation: the FCR reversing a cancellation (reinstating the crime) marks the authorised row
 *   'reversed' with who, when and why; the original authoriser stays in decided_*.
 * - crime_draft: one open draft per person and incident (or per person for a direct report), and an index for
 *   purging abandoned drafts, which hold a victim's personal data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table crime_transfer
      add column decided_by_name text,
      add column decided_by_role text,
      add column fcr_override boolean not null default false,
      add column victim_informed boolean,
      add column victim_not_informed_reason text,
      -- Not checked on transfers accepted before this was asked (NOT VALID), but on every one from now on.
      add constraint crime_transfer_victim_told check (
        status <> 'accepted' or victim_informed or victim_not_informed_reason is not null) not valid;

    alter table crime_cancellation
      add column reversed_at timestamptz,
      add column reversed_by text,
      add column reversed_by_name text,
      add column reversal_reason text,
      add constraint crime_cancellation_reversal check (
        (decision = 'reversed') = (reversed_at is not null)
        and (reversed_at is null or (reversed_by is not null and reversal_reason is not null)));

    -- Keep the newest of any drafts one person already has open for one incident.
    delete from crime_draft older
    using crime_draft newer
    where newer.force_id = older.force_id
      and newer.created_by = older.created_by
      and newer.incident_id is not distinct from older.incident_id
      and (newer.updated_at, newer.draft_id) > (older.updated_at, older.draft_id);
    create unique index crime_draft_once on crime_draft (force_id, created_by, incident_id) nulls not distinct;
    create index crime_draft_by_age on crime_draft (force_id, updated_at);
  `.execute(db)
}
