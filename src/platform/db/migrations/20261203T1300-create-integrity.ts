import { sql, type Kysely } from 'kysely'

/**
 * Crime-data integrity (DOMAIN.md rules 4 and 24, §4.2).
 *
 * `non_crime_review`: the IMU's non-crime audit queue. Each closure of a crime-related incident on a decision
 * not to record a crime is one row, awaiting a decision maker's or the registrar's verdict (agree, or send back).
 *
 * `detector_finding`: incidents the uncrimed-incident detector thinks disclose a crime with no crime recorded,
 * with the score, likely offence group and reasons, and the reviewer's verdict. `detector_model` holds each
 * force's learned adjustments to the shipped model, trained from those verdicts.
 *
 * `integrity_audit` / `integrity_audit_item` / `integrity_audit_action`: self-audits the inspectorate's way — a
 * population, a seeded random sample (simple or stratified), a verdict per item, and findings with owners.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table non_crime_review (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      review_id uuid not null,
      incident_id uuid not null,
      incident_number text not null,
      closed_at timestamptz not null,
      closed_by text not null,
      non_crime_reason text not null,
      non_crime_rationale text not null,
      victim_informed boolean,
      status text not null default 'awaiting' check (status in ('awaiting', 'agreed', 'sent_back')),
      reviewed_at timestamptz,
      reviewed_by text,
      review_note text,
      version integer not null default 1,
      primary key (force_id, review_id),
      check (status = 'awaiting' or (reviewed_at is not null and reviewed_by is not null))
    );
    create index non_crime_review_awaiting on non_crime_review (force_id, closed_at) where status = 'awaiting';
    create index non_crime_review_closed on non_crime_review (force_id, closed_at desc);
    select tally_scope_to_force('non_crime_review');

    create table detector_finding (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      finding_id uuid not null,
      incident_id uuid not null,
      incident_number text not null,
      found_at timestamptz not null,
      score double precision not null check (score >= 0 and score <= 1),
      offence_group text,
      reasons jsonb not null default '[]'::jsonb,
      status text not null default 'open'
        check (status in ('open', 'crime_recorded', 'not_a_crime', 'recorded_elsewhere')),
      verdict_note text,
      crime_id uuid,
      crime_reference text,
      verdict_by text,
      verdict_at timestamptz,
      version integer not null default 1,
      primary key (force_id, finding_id),
      check (status = 'open' or (verdict_by is not null and verdict_at is not null)),
      check (status <> 'crime_recorded' or crime_id is not null),
      check (status <> 'not_a_crime' or length(trim(coalesce(verdict_note, ''))) > 0)
    );
    -- One finding per incident: a later scan updates the open one rather than adding another.
    create unique index detector_finding_incident on detector_finding (force_id, incident_id);
    create index detector_finding_open on detector_finding (force_id, score desc) where status = 'open';
    select tally_scope_to_force('detector_finding');

    create table detector_model (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      -- Weight adjustments learnt from this force's verdicts, added to the shipped model: { feature: weight }.
      weights jsonb not null,
      bias double precision not null default 0,
      examples integer not null check (examples >= 0),
      trained_at timestamptz not null,
      primary key (force_id)
    );
    select tally_scope_to_force('detector_model');

    create table integrity_audit (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      audit_id uuid not null,
      title text not null check (length(trim(title)) between 1 and 200),
      population text not null check (population in (
        'incidents', 'crimes', 'cancelled_crimes', 'n100s', 'non_crime_closures')),
      channels text[] not null default '{}',
      categories text[] not null default '{}',
      period_from date not null,
      period_to date not null,
      design text not null check (design in ('simple', 'stratified')),
      seed integer not null,
      target_margin double precision not null check (target_margin > 0 and target_margin < 0.5),
      population_size integer not null check (population_size >= 0),
      -- Each stratum's population and sample size: [{ stratum, population, sample }].
      strata jsonb not null default '[]'::jsonb,
      recorded_crime_in_year integer check (recorded_crime_in_year >= 0),
      created_at timestamptz not null,
      created_by text not null,
      primary key (force_id, audit_id),
      check (period_from <= period_to)
    );
    create index integrity_audit_latest on integrity_audit (force_id, period_to desc);
    select tally_scope_to_force('integrity_audit');

    create table integrity_audit_item (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      audit_id uuid not null,
      item_id uuid not null,
      record_type text not null check (record_type in ('incident', 'crime', 'n100')),
      record_id uuid not null,
      record_label text not null,
      stratum text not null,
      should_have_been_crimed boolean,
      was_crimed boolean,
      correct_classification boolean,
      recorded_on_time boolean,
      cancellation_correct boolean,
      victim_told boolean,
      notes text,
      verdict_by text,
      verdict_at timestamptz,
      version integer not null default 1,
      primary key (force_id, audit_id, item_id)
    );
    create unique index integrity_audit_item_record on integrity_audit_item (force_id, audit_id, record_id);
    select tally_scope_to_force('integrity_audit_item');

    create table integrity_audit_action (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      audit_id uuid not null,
      action_id uuid not null,
      finding text not null check (length(trim(finding)) between 1 and 2000),
      action text not null check (length(trim(action)) between 1 and 2000),
      owner text not null check (length(trim(owner)) between 1 and 200),
      due_date date not null,
      status text not null default 'open' check (status in ('open', 'done')),
      created_at timestamptz not null,
      created_by text not null,
      primary key (force_id, audit_id, action_id)
    );
    select tally_scope_to_force('integrity_audit_action');
  `.execute(db)
}
