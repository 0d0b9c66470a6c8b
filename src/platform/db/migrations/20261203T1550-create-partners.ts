import { sql, type Kysely } from 'kysely'

/**
 * Third-party reports: the partner organisations that report to the force (schools, hospitals, charities,
 * housing, social care), who belongs to each (a user account or an API token of a partner's case system), the
 * report drafts a partner fills in page by page, and the reports themselves with their triage outcome. A
 * partner sees only its own organisation's reports, so every report carries its organisation.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table partner_organisation (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      organisation_id uuid not null,
      name text not null check (length(trim(name)) between 1 and 200),
      kind text not null check (kind in ('school', 'hospital', 'charity', 'housing', 'social_care')),
      contact text not null check (length(trim(contact)) between 1 and 500),
      active boolean not null default true,
      created_at timestamptz not null,
      primary key (force_id, organisation_id)
    );
    create unique index partner_organisation_name_key on partner_organisation (force_id, lower(name));
    select tally_scope_to_force('partner_organisation');

    -- A member is a user account or an API token (their ids never collide: both are fresh UUIDs), in one
    -- organisation only, so "whose reports may this actor see" has one answer.
    create table partner_member (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      member_id uuid not null,
      member_type text not null check (member_type in ('user', 'token')),
      organisation_id uuid not null,
      added_at timestamptz not null,
      primary key (force_id, member_id),
      foreign key (force_id, organisation_id) references partner_organisation
    );
    create index partner_member_by_organisation on partner_member (force_id, organisation_id);
    select tally_scope_to_force('partner_member');

    create table partner_report_draft (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      draft_id uuid not null,
      member_id uuid not null,
      organisation_id uuid not null,
      answers jsonb not null default '{}',
      updated_at timestamptz not null,
      primary key (force_id, draft_id),
      foreign key (force_id, organisation_id) references partner_organisation
    );
    select tally_scope_to_force('partner_report_draft');

    create table partner_report (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      report_id uuid not null,
      organisation_id uuid not null,
      acknowledgement_reference text not null,
      partner_reference text,
      submission_hash text not null,
      incident_id uuid not null,
      submitted_by text not null,
      submitted_by_id text not null,
      submitted_at timestamptz not null,
      kind text not null,
      what_happened text not null check (length(trim(what_happened)) between 1 and 20000),
      happened_at timestamptz not null,
      address text not null check (length(trim(address)) between 1 and 500),
      postcode text,
      anonymous boolean not null,
      victim_given_name text,
      victim_family_name text,
      victim_date_of_birth date,
      consent_to_share boolean not null check (consent_to_share),
      wants_police_contact boolean not null,
      status text not null default 'triage' check (status in (
        'triage', 'recorded_as_crime', 'n100', 'passed_to_agency', 'closed')),
      outcome_agency text,
      outcome_rationale text,
      decided_by text,
      decided_at timestamptz,
      version integer not null default 1,
      primary key (force_id, report_id),
      foreign key (force_id, organisation_id) references partner_organisation,
      foreign key (force_id, incident_id) references incident,
      check (anonymous or (victim_given_name is not null and victim_family_name is not null))
    );
    create unique index partner_report_acknowledgement_key on partner_report (force_id, acknowledgement_reference);
    create unique index partner_report_partner_reference_key
      on partner_report (force_id, organisation_id, partner_reference) where partner_reference is not null;
    create index partner_report_by_organisation on partner_report (force_id, organisation_id, submitted_at);
    create index partner_report_in_triage on partner_report (force_id, submitted_at) where status = 'triage';
    select tally_scope_to_force('partner_report');
  `.execute(db)
}
