import { sql, type Kysely } from 'kysely'

/**
 * Crime-recording reference data, per force: the Home Office notifiable offence list as versioned data (rule 10:
 * codes are never hard-coded; an administrator imports a new version and makes it current), the force's
 * crime-recording settings (crime reference format, offence groups whose cancellation only the Force Crime
 * Registrar or a designated decision maker may authorise), the designated decision makers, and any
 * cancellation codes the force adds beyond the Home Office's C1–C4 (rule 6).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table offence_code_version (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      version text not null check (version ~ '^[A-Za-z0-9._-]{1,30}$'),
      source text not null,
      licence text not null,
      current boolean not null default false,
      code_count integer not null,
      imported_at timestamptz not null,
      imported_by text not null,
      primary key (force_id, version)
    );
    create unique index offence_code_version_current on offence_code_version (force_id) where current;
    select tally_scope_to_force('offence_code_version');

    create table offence_code (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      version text not null,
      code text not null,
      label text not null,
      -- The ONS/Home Office group the code sits in (e.g. 'rape', 'violence-with-injury') and its top category.
      group_code text,
      group_label text,
      category_code text,
      category_label text,
      -- false for the hierarchy's group nodes, which are not classifications in themselves.
      is_home_office_code boolean not null,
      primary key (force_id, version, code),
      foreign key (force_id, version) references offence_code_version on delete cascade
    );
    select tally_scope_to_force('offence_code');

    create table crime_setting (
      force_id integer not null default current_setting('tally.force_id', true)::integer primary key,
      reference_format text not null,
      authorisation_groups text[] not null,
      updated_at timestamptz not null,
      updated_by text not null,
      version integer not null default 1
    );
    select tally_scope_to_force('crime_setting');

    create table decision_maker (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      user_id uuid not null,
      designated_at timestamptz not null,
      designated_by text not null,
      primary key (force_id, user_id),
      foreign key (force_id, user_id) references user_account on delete cascade
    );
    select tally_scope_to_force('decision_maker');

    create table cancellation_code (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      code text not null check (code ~ '^C[0-9]{1,2}$'),
      label text not null,
      requires_avi boolean not null default false,
      active boolean not null default true,
      added_at timestamptz not null,
      added_by text not null,
      primary key (force_id, code)
    );
    select tally_scope_to_force('cancellation_code');
  `.execute(db)
}
