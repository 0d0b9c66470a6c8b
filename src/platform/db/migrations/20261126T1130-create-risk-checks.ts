import { sql, type Kysely } from 'kysely'

/**
 * Each check of the watched indicators: when it ran, for which day, who asked for it (the daily timer,
 * `tally risks check`, or a person pressing "Check indicators now") and what it found. Checks write (they raise
 * and escalate risks), so they run only from those three places; the register shows the latest one instead of
 * checking whenever someone opens it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table risk_check (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      check_id uuid not null,
      checked_at timestamptz not null,
      checked_for date not null,
      requested_by text not null check (length(trim(requested_by)) between 1 and 200),
      watches_installed integer not null default 0 check (watches_installed >= 0),
      watches_checked integer not null check (watches_checked >= 0),
      raised integer not null check (raised >= 0),
      escalated integer not null check (escalated >= 0),
      cleared integer not null check (cleared >= 0),
      -- Indicator keys that could not be read this time, as a JSON array of strings.
      unreadable jsonb not null default '[]'::jsonb,
      primary key (force_id, check_id)
    );
    create index risk_check_latest on risk_check (force_id, checked_at desc);
    select tally_scope_to_force('risk_check');
  `.execute(db)
}
