import { sql, type Kysely } from 'kysely'

/**
 * Rule 20 (DPA 2018 s.62): disclosures name who received the record and why, and a merge of two person records
 * (a combination) keeps exactly which links it moved, so it can be reversed link for link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table disclosure (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      disclosure_id uuid not null,
      record_type text not null check (record_type in ('crime')),
      record_id text not null check (length(record_id) between 1 and 100),
      recipient_name text not null check (length(trim(recipient_name)) between 1 and 200),
      recipient_organisation text not null check (length(trim(recipient_organisation)) between 1 and 200),
      justification text not null check (length(trim(justification)) between 1 and 500),
      what_was_disclosed text not null check (length(trim(what_was_disclosed)) between 1 and 1000),
      disclosed_at timestamptz not null,
      disclosed_by_id text not null,
      disclosed_by_name text not null,
      primary key (force_id, disclosure_id)
    );
    create index disclosure_by_record on disclosure (force_id, record_type, record_id, disclosed_at);
    select tally_scope_to_force('disclosure');

    create table person_merge (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      merge_id uuid not null,
      surviving_person_id uuid not null,
      duplicate_person_id uuid not null,
      reason text not null check (length(trim(reason)) between 1 and 500),
      -- Every link the merge moved or removed, as it was before: what an unmerge puts back.
      moved jsonb not null,
      merged_at timestamptz not null,
      merged_by text not null,
      unmerged_at timestamptz,
      unmerged_by text,
      primary key (force_id, merge_id),
      foreign key (force_id, surviving_person_id) references person,
      foreign key (force_id, duplicate_person_id) references person,
      check (surviving_person_id <> duplicate_person_id)
    );
    create index person_merge_by_surviving on person_merge (force_id, surviving_person_id, merged_at);
    create index person_merge_by_duplicate on person_merge (force_id, duplicate_person_id, merged_at);
    -- A person is merged into one other at a time: the live merge must be reversed before another.
    create unique index person_merge_live_duplicate on person_merge (force_id, duplicate_person_id)
      where unmerged_at is null;
    select tally_scope_to_force('person_merge');
  `.execute(db)
}
