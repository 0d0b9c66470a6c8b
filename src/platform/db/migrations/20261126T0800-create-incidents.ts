import { sql, type Kysely } from 'kysely'

/**
 * Incidents: every report received becomes an auditable incident (NCRS, DOMAIN.md §1.2; rule 1), opened on the
 * first-contact information under an NSIR category and closed under a closing category (§3).
 *
 * Idempotent intake: a command-and-control submission carries its source system and reference; the pair is
 * unique per force, and the hash of what was submitted tells a retry (same content) from a clash (different
 * content).
 *
 * The recording-decision-due queue ("open, crime-related, no decision yet"; due 24 hours after receipt, §1.3)
 * reads one partial index.
 *
 * `incident_counter` numbers each day's incidents per force (an incident number reads like a control-room log:
 * the day and its sequence that day).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table incident_counter (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      day date not null,
      last_value integer not null,
      primary key (force_id, day)
    );
    select tally_scope_to_force('incident_counter');

    create table incident (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      incident_id uuid not null,
      incident_number text not null,
      channel text not null check (channel in (
        '999', '101', 'online', 'front_counter', 'officer_generated', 'partner', 'other')),
      received_at timestamptz not null,
      -- A location and the reporting person belong to the people module; linked by id, no foreign key.
      location_id uuid,
      reporting_person_id uuid,
      opening_category text not null,
      qualifiers text[] not null default '{}',
      narrative text not null default '',
      crime_related boolean not null,
      -- A report of rape or attempted rape: if it is not recorded as rape, an N100 follows (rule 8).
      rape_reported boolean not null default false,
      status text not null default 'open' check (status in ('open', 'closed')),
      closing_category text,
      closing_rationale text,
      closed_at timestamptz,
      closed_by text,
      recording_decision text check (recording_decision in ('crimed', 'not_crimed')),
      recording_decision_at timestamptz,
      recording_decision_by text,
      non_crime_reason text,
      non_crime_rationale text,
      victim_informed boolean,
      victim_not_informed_reason text,
      source_system text,
      source_reference text,
      submission_hash text,
      created_at timestamptz not null,
      created_by text not null,
      updated_at timestamptz not null,
      version integer not null default 1,
      primary key (force_id, incident_id),
      check ((source_system is null) = (source_reference is null)),
      check (status = 'open' or (closed_at is not null and closing_category is not null)),
      check (recording_decision is null or recording_decision_at is not null),
      check (recording_decision is distinct from 'not_crimed' or (non_crime_reason is not null and non_crime_rationale is not null))
    );
    create unique index incident_number_key on incident (force_id, incident_number);
    create unique index incident_source_key on incident (force_id, source_system, source_reference)
      where source_system is not null;
    create index incident_received on incident (force_id, received_at desc);
    create index incident_recording_decision_due on incident (force_id, received_at)
      where status = 'open' and crime_related and recording_decision is null;
    -- Crime-related incidents closed without a crime: the IMU's audit queue (rule 4).
    create index incident_not_crimed on incident (force_id, recording_decision_at)
      where recording_decision = 'not_crimed';
    select tally_scope_to_force('incident');
  `.execute(db)
}
