import { sql, type Kysely } from 'kysely'

/**
 * Staff, their skills, absences and training (issue 5): who works in which unit, who can backfill whom, who is
 * away (and for how long), who is trained and who was never released to be. Staff belong to a unit in the
 * directory and may be linked to a Tally user account, because work is allocated to users.
 *
 * Calendar days are `date` (Europe/London days, as the pages and the API speak them); instants are timestamptz.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Skills are each force's reference data (recording decision, classification, filing, N100 review, ...).
    create table skill (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      skill_code text not null check (skill_code ~ '^[a-z][a-z0-9_]{1,39}$'),
      label text not null check (length(trim(label)) between 1 and 120),
      description text check (description is null or length(description) <= 1000),
      created_at timestamptz not null,
      primary key (force_id, skill_code)
    );
    select tally_scope_to_force('skill');

    create table staff_member (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      staff_id uuid not null,
      unit_id uuid not null,
      user_id uuid,
      name text not null check (length(trim(name)) between 1 and 120),
      job_title text not null check (length(trim(job_title)) between 1 and 120),
      contracted_hours numeric(4, 1) not null check (contracted_hours > 0 and contracted_hours <= 60),
      -- ISO weekdays worked (1 = Monday ... 7 = Sunday); contracted hours are spread evenly over them.
      working_days smallint[] not null default '{1,2,3,4,5}'
        check (cardinality(working_days) between 1 and 7 and working_days <@ '{1,2,3,4,5,6,7}'::smallint[]),
      started_on date not null,
      -- The last day in post, once they have left.
      left_on date check (left_on is null or left_on >= started_on),
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (force_id, staff_id),
      foreign key (force_id, unit_id) references unit,
      foreign key (force_id, user_id) references user_account
    );
    -- One staff record per user account: allocation is to users, capacity is per staff member.
    create unique index staff_member_user_key on staff_member (force_id, user_id) where user_id is not null;
    create index staff_member_by_unit on staff_member (force_id, unit_id);
    select tally_scope_to_force('staff_member');

    -- Levels: 1 learning (works under supervision), 2 competent (works alone), 3 expert (checks and trains).
    create table staff_skill (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      staff_id uuid not null,
      skill_code text not null,
      level smallint not null check (level between 1 and 3),
      updated_at timestamptz not null,
      primary key (force_id, staff_id, skill_code),
      foreign key (force_id, staff_id) references staff_member on delete cascade,
      foreign key (force_id, skill_code) references skill
    );
    create index staff_skill_by_skill on staff_skill (force_id, skill_code);
    select tally_scope_to_force('staff_skill');

    create table absence (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      absence_id uuid not null,
      staff_id uuid not null,
      absence_type text not null check (absence_type in ('sickness', 'leave', 'training', 'secondment', 'other')),
      planned boolean not null,
      starts_on date not null,
      -- Unknown for much unplanned sickness: an absence with no end continues until it is ended.
      expected_end_on date check (expected_end_on is null or expected_end_on >= starts_on),
      -- The last day actually absent, recorded when the person returns.
      ended_on date check (ended_on is null or ended_on >= starts_on),
      -- Part-day absence (a half-day course); null means whole days.
      hours_per_day numeric(4, 1) check (hours_per_day is null or (hours_per_day > 0 and hours_per_day <= 24)),
      version integer not null default 1,
      recorded_at timestamptz not null,
      primary key (force_id, absence_id),
      foreign key (force_id, staff_id) references staff_member on delete cascade
    );
    create index absence_by_staff on absence (force_id, staff_id, starts_on);
    create index absence_by_start on absence (force_id, starts_on);
    select tally_scope_to_force('absence');

    create table training_course (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      course_code text not null check (course_code ~ '^[a-z][a-z0-9-]{1,39}$'),
      title text not null check (length(trim(title)) between 1 and 200),
      -- How long a completion counts; null for a course that never needs repeating.
      validity_months smallint check (validity_months is null or validity_months between 1 and 120),
      -- Control-room staff must hold an in-date completion (the crime-recording course).
      required_for_control_room boolean not null default false,
      created_at timestamptz not null,
      primary key (force_id, course_code)
    );
    select tally_scope_to_force('training_course');

    create table training_booking (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      booking_id uuid not null,
      staff_id uuid not null,
      course_code text not null,
      course_on date not null,
      status text not null check (status in ('booked', 'attended', 'cancelled')),
      booked_at timestamptz not null,
      booked_by_name text not null,
      cancellation_reason text
        check (cancellation_reason in ('not_released', 'course_cancelled', 'person_unavailable', 'other')),
      cancellation_detail text check (cancellation_detail is null or length(cancellation_detail) <= 2000),
      -- Who decided the person could not be released (a duty inspector, a control-room manager).
      decided_by text check (decided_by is null or length(decided_by) <= 200),
      cancelled_at timestamptz,
      cancelled_by_id text,
      cancelled_by_name text,
      version integer not null default 1,
      primary key (force_id, booking_id),
      foreign key (force_id, staff_id) references staff_member on delete cascade,
      foreign key (force_id, course_code) references training_course,
      check ((status = 'cancelled') = (cancellation_reason is not null and cancelled_at is not null)),
      check (cancellation_reason is distinct from 'not_released' or (decided_by is not null and cancellation_detail is not null))
    );
    create index training_booking_by_staff on training_booking (force_id, staff_id, course_on);
    create index training_booking_not_released on training_booking (force_id, course_on)
      where cancellation_reason = 'not_released';
    select tally_scope_to_force('training_booking');

    create table training_record (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      record_id uuid not null,
      staff_id uuid not null,
      course_code text not null,
      completed_on date not null,
      -- The first day the completion no longer counts (completed_on + the course's validity); null: never.
      expires_on date check (expires_on is null or expires_on > completed_on),
      booking_id uuid,
      recorded_at timestamptz not null,
      primary key (force_id, record_id),
      foreign key (force_id, staff_id) references staff_member on delete cascade,
      foreign key (force_id, course_code) references training_course,
      foreign key (force_id, booking_id) references training_booking
    );
    create index training_record_by_staff on training_record (force_id, staff_id, course_code, completed_on);
    create index training_record_by_course on training_record (force_id, course_code, expires_on);
    select tally_scope_to_force('training_record');
  `.execute(db)
}
