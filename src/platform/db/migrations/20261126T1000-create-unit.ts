import { sql, type Kysely } from 'kysely'

/**
 * The unit directory: every unit in the force, what it does, where it is, when it works, how to reach it and
 * what work to send it. The control room reads it beside incidents and crimes so it always knows where the
 * Investigation Management Unit is and what it takes (HMIC 2015 found it did not). Other modules point at a
 * unit by `(force_id, unit_id)`: staff belong to one, crimes are assigned to one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table unit (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      unit_id uuid not null,
      name text not null check (length(trim(name)) between 1 and 120),
      unit_type text not null check (unit_type in (
        'control_room', 'investigation_management', 'investigation', 'response', 'safeguarding', 'victim_care',
        'other')),
      "function" text not null check (length(trim("function")) between 1 and 2000),
      location text not null check (length(trim(location)) between 1 and 500),
      hours text not null check (length(trim(hours)) between 1 and 500),
      contact text not null check (length(trim(contact)) between 1 and 500),
      what_to_send text not null check (length(trim(what_to_send)) between 1 and 2000),
      takes_incidents boolean not null default false,
      takes_crimes boolean not null default false,
      active boolean not null default true,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (force_id, unit_id)
    );
    create unique index unit_name_key on unit (force_id, lower(name));
    select tally_scope_to_force('unit');
  `.execute(db)
}
