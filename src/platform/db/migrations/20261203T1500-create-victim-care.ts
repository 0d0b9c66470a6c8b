import { sql, type Kysely } from 'kysely'

/**
 * Victims' Code care (DOMAIN.md §5; rules 5, 7, 15–19):
 *
 * - victim_care_setting: what the force sets — the needs assessment's deadline, whether filing a charged case
 *   needs a Victim Personal Statement offer, and the working calendar (whose bank holidays, extra days off).
 * - victim_care: one per crime (or per incident not recorded as a crime, for rule 5), with its enhanced-rights
 *   grounds, the victim-care officer and unit, the VPS offer, the referral consent and the contact plan.
 * - victim_event: investigation decisions the victim must hear about (arrest, interview, bail…, outcome).
 * - victim_task: each thing owed to the victim with its due day, closed by a contact (or with a reason).
 * - victim_contact: every contact — when, who, how, what was said.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table victim_care_setting (
      force_id integer not null default current_setting('tally.force_id', true)::integer references force,
      needs_assessment_days smallint not null default 5 check (needs_assessment_days between 0 and 60),
      vps_required_for_charge boolean not null default true,
      calendar_region text not null default 'ENG' check (calendar_region in ('ENG', 'WLS', 'SCT', 'NIR')),
      -- 'YYYY-MM-DD' days as text: both drivers then return them alike (a date[] would not be parsed as dates are).
      extra_days_off text[] not null default '{}',
      version integer not null default 1,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (force_id)
    );
    select tally_scope_to_force('victim_care_setting');

    create table victim_care (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      care_id uuid not null,
      crime_id uuid,
      incident_id uuid,
      -- The crime reference or incident number, which never changes: queues show it without reading crimes.
      reference text not null,
      reported_at timestamptz not null,
      offence_from timestamptz,
      victim_person_id uuid,
      -- Grounds Tally derives from the crime (most_serious, bereaved, under_18, vulnerable_marker) and those a
      -- person gives with a reason (persistently_targeted, vulnerable, intimidated).
      automatic_grounds text[] not null default '{}',
      manual_grounds text[] not null default '{}',
      manual_reason text check (manual_reason is null or length(manual_reason) <= 2000),
      enhanced boolean generated always as (cardinality(automatic_grounds) + cardinality(manual_grounds) > 0) stored,
      officer_user_id uuid,
      unit_id uuid,
      referral_consent text check (referral_consent in ('given', 'declined')),
      vps_offered_on date,
      vps_offered_by text,
      vps_response text check (vps_response in ('accepted', 'declined')),
      vps_link text check (vps_link is null or length(vps_link) <= 500),
      update_every_days smallint check (update_every_days between 1 and 90),
      preferred_method text check (preferred_method in ('phone', 'email', 'letter', 'text_message', 'in_person', 'video_call')),
      plan_agreed_on date,
      -- Rule 7: the receiving force's name once a transfer is accepted; victim care passed to them then.
      handed_over_to text,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (force_id, care_id),
      foreign key (force_id, crime_id) references crime,
      foreign key (force_id, incident_id) references incident,
      foreign key (force_id, officer_user_id) references user_account,
      foreign key (force_id, unit_id) references unit,
      check ((crime_id is null) <> (incident_id is null)),
      check ((vps_offered_on is null) = (vps_offered_by is null)),
      check (vps_response is null or vps_offered_on is not null),
      check ((update_every_days is null) = (preferred_method is null))
    );
    create unique index victim_care_crime_key on victim_care (force_id, crime_id) where crime_id is not null;
    create unique index victim_care_incident_key on victim_care (force_id, incident_id) where incident_id is not null;
    select tally_scope_to_force('victim_care');

    create table victim_event (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      event_id uuid not null,
      care_id uuid not null,
      kind text not null check (kind in (
        'arrest', 'interview_under_caution', 'released_without_charge', 'bail', 'released_under_investigation',
        'bail_changed', 'not_investigated', 'outcome')),
      occurred_on date not null,
      details text not null default '' check (length(details) <= 2000),
      recorded_at timestamptz not null,
      recorded_by text not null,
      recorded_by_name text not null,
      primary key (force_id, event_id),
      foreign key (force_id, care_id) references victim_care
    );
    create index victim_event_by_care on victim_event (force_id, care_id, occurred_on);
    select tally_scope_to_force('victim_event');

    create table victim_contact (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      contact_id uuid not null,
      care_id uuid not null,
      contacted_at timestamptz not null,
      contacted_by text not null,
      contacted_by_name text not null,
      -- null only for a contact recorded with a decision (cancellation, transfer, no crime) that did not say how.
      method text check (method in ('phone', 'email', 'letter', 'text_message', 'in_person', 'video_call')),
      other_method_reason text check (other_method_reason is null or length(other_method_reason) <= 2000),
      summary text not null check (length(trim(summary)) between 1 and 4000),
      recorded_with text check (recorded_with in ('cancellation', 'transfer', 'non_crime')),
      recorded_at timestamptz not null,
      primary key (force_id, contact_id),
      foreign key (force_id, care_id) references victim_care,
      check (method is not null or recorded_with is not null)
    );
    create index victim_contact_by_care on victim_contact (force_id, care_id, contacted_at);
    select tally_scope_to_force('victim_contact');

    create table victim_task (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      task_id uuid not null,
      care_id uuid not null,
      kind text not null check (kind in (
        'right3_information', 'support_referral', 'needs_assessment', 'event_notification', 'scheduled_update',
        'told_not_recorded', 'told_cancelled', 'transfer_update')),
      event_id uuid,
      -- Due = starts_on + the standard or (enhanced rights) the enhanced number of days, working or calendar.
      starts_on date not null,
      standard_days smallint not null check (standard_days >= 0),
      enhanced_days smallint not null check (enhanced_days >= 0),
      day_kind text not null check (day_kind in ('working', 'calendar')),
      due_on date not null,
      status text not null default 'open' check (status in ('open', 'done', 'not_possible', 'handed_over', 'withdrawn')),
      contact_id uuid,
      closed_at timestamptz,
      closed_by text,
      closed_by_name text,
      closing_note text check (closing_note is null or length(closing_note) <= 2000),
      created_at timestamptz not null,
      primary key (force_id, task_id),
      foreign key (force_id, care_id) references victim_care,
      foreign key (force_id, event_id) references victim_event,
      foreign key (force_id, contact_id) references victim_contact,
      check ((status = 'open') = (closed_at is null)),
      check (status <> 'done' or contact_id is not null),
      check (status not in ('not_possible', 'withdrawn', 'handed_over') or closing_note is not null)
    );
    create index victim_task_open_by_due on victim_task (force_id, due_on) where status = 'open';
    create index victim_task_by_care on victim_task (force_id, care_id, due_on);
    select tally_scope_to_force('victim_task');
    create index victim_care_by_officer on victim_care (force_id, officer_user_id);
  `.execute(db)
}
