import { sql, type Kysely } from 'kysely'

/**
 * police.uk open data both ways (issue 14; DOMAIN.md §7.3 and rule 25).
 *
 * Publishing the force's own month needs reference data, per force and versioned like the offence list:
 * - open_data_crime_type_map(_version): Home Office offence code or offence group → one of the 14 police.uk crime
 *   types (null: not published on police.uk, e.g. fraud).
 * - open_data_map_point: the anonymous map points crimes are snapped to, each with its "On or near …" text and
 *   the LSOA it lies in.
 *
 * Comparing with other forces needs their published files. These are public, but they are stored per force like
 * everything else: force_id is the force whose staff imported the file (and whose users may read it), never the
 * force the data is about — that is the file's own "Falls within". Two forces importing the same file each hold a
 * copy; what one force imports, or deletes, no other force sees, row-level security and Citus distribution by
 * force_id work unchanged, and nobody needs a cross-force table.
 * - open_data_file: one row per (kind, month, Falls within) slice, with the SHA-256 of the file it came from, so a
 *   file imported again changes nothing and a republished file replaces its slice whole.
 * - open_data_street_row / open_data_outcome_row: the rows as published, keyed by the file's line number.
 * - open_data_population: the population of a force area where the force knows it (for rates per 1,000).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table open_data_crime_type_map_version (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      version text not null check (version ~ '^[A-Za-z0-9._-]{1,30}$'),
      source text not null,
      current boolean not null default false,
      entry_count integer not null,
      imported_at timestamptz not null,
      imported_by text not null,
      primary key (force_id, version)
    );
    create unique index open_data_crime_type_map_version_current
      on open_data_crime_type_map_version (force_id) where current;
    select tally_scope_to_force('open_data_crime_type_map_version');

    create table open_data_crime_type_map (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      version text not null,
      match_kind text not null check (match_kind in ('code', 'group')),
      match_value text not null,
      crime_type text,
      primary key (force_id, version, match_kind, match_value),
      foreign key (force_id, version) references open_data_crime_type_map_version on delete cascade
    );
    select tally_scope_to_force('open_data_crime_type_map');

    create table open_data_map_point (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      point_id integer not null,
      longitude double precision not null check (longitude between -180 and 180),
      latitude double precision not null check (latitude between -90 and 90),
      location text not null check (location like 'On or near %'),
      lsoa_code text not null,
      lsoa_name text not null,
      primary key (force_id, point_id)
    );
    select tally_scope_to_force('open_data_map_point');

    create table open_data_file (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      file_id uuid not null,
      kind text not null check (kind in ('street', 'outcomes')),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      falls_within text not null,
      file_name text not null,
      sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
      row_count integer not null check (row_count >= 0),
      skipped_rows integer not null default 0 check (skipped_rows >= 0),
      imported_at timestamptz not null,
      imported_by text not null,
      primary key (force_id, file_id)
    );
    create unique index open_data_file_slice on open_data_file (force_id, kind, month, falls_within);
    select tally_scope_to_force('open_data_file');

    create table open_data_street_row (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      file_id uuid not null,
      line integer not null,
      crime_id text not null,
      month text not null,
      reported_by text not null,
      falls_within text not null,
      longitude double precision,
      latitude double precision,
      location text not null,
      lsoa_code text not null,
      lsoa_name text not null,
      crime_type text not null,
      last_outcome_category text not null,
      context text not null,
      primary key (force_id, file_id, line),
      foreign key (force_id, file_id) references open_data_file on delete cascade
    );
    create index open_data_street_row_by_month on open_data_street_row (force_id, month, falls_within);
    select tally_scope_to_force('open_data_street_row');

    create table open_data_outcome_row (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      file_id uuid not null,
      line integer not null,
      crime_id text not null,
      month text not null,
      reported_by text not null,
      falls_within text not null,
      longitude double precision,
      latitude double precision,
      location text not null,
      lsoa_code text not null,
      lsoa_name text not null,
      outcome_type text not null,
      primary key (force_id, file_id, line),
      foreign key (force_id, file_id) references open_data_file on delete cascade
    );
    create index open_data_outcome_row_by_month on open_data_outcome_row (force_id, month, falls_within);
    select tally_scope_to_force('open_data_outcome_row');

    create table open_data_population (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      falls_within text not null,
      population integer not null check (population > 0),
      source text not null,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (force_id, falls_within)
    );
    select tally_scope_to_force('open_data_population');
  `.execute(db)
}
