import { sql, type Kysely } from 'kysely'

/**
 * Crime records and everything that happens to them (DOMAIN.md §1–2, rules 1–13 and 23).
 *
 * - crime: one per victim (HOCR Section D). Either linked to an incident or carrying the channel of a direct
 *   report (rule 1). recorded_at − reported_at is kept as a generated column so the 24-hour compliance figure per
 *   week comes from an index (rule 2).
 * - crime_status_change: every status change, for the timeline and for daily flows into and out of each queue
 *   (the capacity forecast reads them).
 * - crime_classification: every classification with old code, new code, who, when and why (rule 10).
 * - crime_outcome: outcomes are versioned: a later court result adds a row, never overwrites (rule 12).
 * - crime_cancellation / crime_transfer: removal from recorded crime, never deletion (rules 6 and 7).
 * - n100: reports of rape not recorded as rape (rule 8).
 * - crime_draft: the answers of a record-a-crime page flow until they are checked and submitted.
 * - crime_reference_counter: the sequence within each year that crime reference numbers carry.
 *
 * Statuses: recorded (awaiting the IMU classification check), awaiting_allocation, under_investigation,
 * awaiting_filing, imu_quality_check, returned_to_officer, filed, cancellation_requested (awaiting the
 * authoriser), cancelled, transfer_requested (awaiting the receiving force), transferred.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table crime_reference_counter (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      year integer not null,
      last_value integer not null,
      primary key (force_id, year)
    );
    select tally_scope_to_force('crime_reference_counter');

    create table crime (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      crime_id uuid not null,
      crime_reference text not null,
      incident_id uuid,
      direct_report_channel text check (direct_report_channel in (
        '999', '101', 'online', 'front_counter', 'officer_generated', 'partner', 'other')),
      status text not null check (status in (
        'recorded', 'awaiting_allocation', 'under_investigation', 'awaiting_filing', 'imu_quality_check',
        'returned_to_officer', 'filed', 'cancellation_requested', 'cancelled', 'transfer_requested', 'transferred')),
      status_changed_at timestamptz not null,
      -- Where a pending cancellation or transfer returns to if it is refused.
      status_before_pending text,
      reported_at timestamptz not null,
      recorded_at timestamptz not null,
      recorded_by text not null,
      recording_delay_seconds integer generated always as (extract(epoch from (recorded_at - reported_at))::integer) stored,
      -- The 24-hour recording limit breached (rule 2, DOMAIN.md §1.3).
      recorded_late boolean generated always as (recorded_at - reported_at > interval '24 hours') stored,
      offence_from timestamptz not null,
      offence_to timestamptz,
      location_id uuid,
      -- A normalised place (postcode or address) for the duplicate check; never shown.
      location_key text,
      offence_code text not null,
      offence_code_version text not null,
      offence_group text not null,
      offence_code_at_recording text not null,
      offence_code_at_filing text,
      victim_person_id uuid,
      -- A one-way hash of the victim's normalised name and date of birth, for one-crime-per-victim and
      -- duplicate checks without copying personal data into this table.
      victim_key text,
      summary text not null default '',
      assigned_user_id uuid,
      assigned_unit_id uuid,
      domestic_abuse boolean not null default false,
      hate_crime boolean not null default false,
      vulnerable_victim boolean not null default false,
      outcome_type smallint check (outcome_type between 0 and 22),
      closing_summary text,
      reopened_at timestamptz,
      source_system text,
      source_reference text,
      submission_hash text,
      version integer not null default 1,
      primary key (force_id, crime_id),
      check (incident_id is not null or direct_report_channel is not null),
      check (offence_to is null or offence_to >= offence_from),
      check (offence_from <= reported_at),
      check ((source_system is null) = (source_reference is null))
    );
    create unique index crime_reference_key on crime (force_id, crime_reference);
    create unique index crime_source_key on crime (force_id, source_system, source_reference)
      where source_system is not null;
    -- One live crime per victim per incident (HOCR Section D; the principal crime rule picks which).
    create unique index crime_one_per_victim on crime (force_id, incident_id, victim_key)
      where incident_id is not null and victim_key is not null and status not in ('cancelled', 'transferred');
    create index crime_by_status on crime (force_id, status, status_changed_at);
    create index crime_by_incident on crime (force_id, incident_id) where incident_id is not null;
    create index crime_duplicates on crime (force_id, victim_key, offence_group) where victim_key is not null;
    create index crime_by_recorded on crime (force_id, recorded_at) include (recorded_late);
    create index crime_by_assignee on crime (force_id, assigned_user_id, status) where assigned_user_id is not null;
    create index crime_by_unit on crime (force_id, assigned_unit_id, status) where assigned_unit_id is not null;
    select tally_scope_to_force('crime');

    create table crime_status_change (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      crime_id uuid not null,
      seq integer not null,
      from_status text,
      to_status text not null,
      action text not null,
      changed_at timestamptz not null,
      changed_by text not null,
      changed_by_name text not null,
      reason text,
      primary key (force_id, crime_id, seq),
      foreign key (force_id, crime_id) references crime
    );
    create index crime_status_change_by_day on crime_status_change (force_id, changed_at);
    select tally_scope_to_force('crime_status_change');

    create table crime_classification (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      crime_id uuid not null,
      seq integer not null,
      offence_code text not null,
      offence_code_version text not null,
      offence_group text not null,
      previous_code text,
      changed_at timestamptz not null,
      changed_by text not null,
      changed_by_name text not null,
      reason text,
      fcr_override boolean not null default false,
      primary key (force_id, crime_id, seq),
      foreign key (force_id, crime_id) references crime
    );
    select tally_scope_to_force('crime_classification');

    create table crime_outcome (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      crime_id uuid not null,
      seq integer not null,
      outcome_type smallint not null check (outcome_type between 1 and 22),
      closing_summary text not null,
      evidence jsonb not null default '{}',
      recorded_at timestamptz not null,
      recorded_by text not null,
      recorded_by_name text not null,
      reason text,
      primary key (force_id, crime_id, seq),
      foreign key (force_id, crime_id) references crime
    );
    select tally_scope_to_force('crime_outcome');

    create table crime_cancellation (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      cancellation_id uuid not null,
      crime_id uuid not null,
      code text not null,
      rationale text not null,
      avi_description text,
      victim_informed boolean not null,
      victim_not_informed_reason text,
      requested_at timestamptz not null,
      requested_by text not null,
      requested_by_name text not null,
      decision text check (decision in ('authorised', 'refused', 'reversed')),
      decided_at timestamptz,
      decided_by text,
      decided_by_name text,
      decided_by_role text,
      decision_reason text,
      fcr_override boolean not null default false,
      primary key (force_id, cancellation_id),
      foreign key (force_id, crime_id) references crime,
      check (victim_informed or victim_not_informed_reason is not null)
    );
    create index crime_cancellation_by_crime on crime_cancellation (force_id, crime_id);
    create index crime_cancellation_pending on crime_cancellation (force_id, requested_at) where decision is null;
    select tally_scope_to_force('crime_cancellation');

    create table crime_transfer (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      transfer_id uuid not null,
      crime_id uuid not null,
      receiving_force text not null,
      reason text not null,
      requested_at timestamptz not null,
      requested_by text not null,
      status text not null default 'requested' check (status in ('requested', 'accepted', 'refused')),
      receiving_reference text,
      accepted_on date,
      decided_at timestamptz,
      decided_by text,
      refusal_reason text,
      primary key (force_id, transfer_id),
      foreign key (force_id, crime_id) references crime,
      check (status <> 'accepted' or (receiving_reference is not null and accepted_on is not null))
    );
    create index crime_transfer_by_crime on crime_transfer (force_id, crime_id);
    select tally_scope_to_force('crime_transfer');

    create table n100 (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      n100_id uuid not null,
      incident_id uuid,
      crime_id uuid,
      reason text not null,
      status text not null default 'open' check (status in ('open', 'converted', 'closed')),
      created_at timestamptz not null,
      created_by text not null,
      created_by_name text not null,
      converted_crime_id uuid,
      closure_rationale text,
      resolved_at timestamptz,
      resolved_by text,
      version integer not null default 1,
      primary key (force_id, n100_id),
      check (incident_id is not null or crime_id is not null),
      check (status <> 'converted' or converted_crime_id is not null),
      check (status <> 'closed' or closure_rationale is not null)
    );
    create index n100_open on n100 (force_id, created_at) where status = 'open';
    create index n100_by_incident on n100 (force_id, incident_id) where incident_id is not null;
    create index n100_by_crime on n100 (force_id, crime_id) where crime_id is not null;
    select tally_scope_to_force('n100');

    create table crime_draft (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      draft_id uuid not null,
      incident_id uuid,
      created_by text not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      answers jsonb not null default '{}',
      primary key (force_id, draft_id)
    );
    select tally_scope_to_force('crime_draft');
  `.execute(db)
}
