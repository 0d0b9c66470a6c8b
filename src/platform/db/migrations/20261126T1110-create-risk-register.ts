import { sql, type Kysely } from 'kysely'

/**
 * The crime-data-integrity risk register: risks (owner, likelihood × impact, mitigations, status, review date),
 * the history of every change to each with who and why, the live indicators each is linked to with their
 * triggers, and the in-app notifications that tell owners when Tally raised or escalated a risk by itself.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table risk (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      risk_id uuid not null,
      title text not null check (length(trim(title)) between 1 and 200),
      description text not null check (length(trim(description)) between 1 and 5000),
      owner_user_id uuid,
      likelihood smallint not null check (likelihood between 1 and 5),
      impact smallint not null check (impact between 1 and 5),
      score smallint generated always as (likelihood * impact) stored,
      mitigations text not null default '' check (length(mitigations) <= 5000),
      status text not null check (status in ('open', 'treating', 'tolerated', 'closed')),
      review_date date not null,
      -- 'person' when someone wrote it; 'indicator' when Tally raised it from a watched indicator.
      raised_by text not null check (raised_by in ('person', 'indicator')),
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (force_id, risk_id),
      foreign key (force_id, owner_user_id) references user_account
    );
    create index risk_by_status on risk (force_id, status, score desc);
    select tally_scope_to_force('risk');

    create table risk_change (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      change_id uuid not null,
      risk_id uuid not null,
      changed_at timestamptz not null,
      actor_type text not null check (actor_type in ('user', 'token', 'system')),
      actor_id text not null,
      actor_name text not null,
      kind text not null check (kind in (
        'created', 'updated', 'raised', 'escalated', 'indicator_cleared', 'indicator_linked', 'indicator_unlinked')),
      -- { field: { before, after } }
      changes jsonb not null default '{}'::jsonb,
      reason text,
      primary key (force_id, change_id),
      foreign key (force_id, risk_id) references risk
    );
    create index risk_change_by_risk on risk_change (force_id, risk_id, changed_at);
    select tally_scope_to_force('risk_change');

    -- A watched indicator. Linked to a risk, its trigger escalates that risk; not yet linked, it raises a new one
    -- from its template (and is linked to it from then on).
    create table risk_indicator_link (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      link_id uuid not null,
      risk_id uuid,
      indicator_key text not null check (indicator_key ~ '^[a-z][a-z0-9_.-]{1,99}$'),
      trigger_kind text not null check (trigger_kind in ('above', 'below', 'within-weeks')),
      threshold numeric(12, 2),
      weeks smallint check (weeks is null or weeks between 1 and 52),
      -- The default watch this row came from (installed once per force), so it is never installed twice.
      preset text,
      -- What a raised risk says: { title, description, likelihood, impact, mitigations }.
      template jsonb,
      -- Who owns a risk this watch raises; null: the force's first IMU supervisor.
      owner_user_id uuid,
      active boolean not null default true,
      state text not null default 'clear' check (state in ('clear', 'triggered')),
      last_reading jsonb,
      last_checked_on date,
      triggered_on date,
      version integer not null default 1,
      created_at timestamptz not null,
      primary key (force_id, link_id),
      foreign key (force_id, risk_id) references risk,
      foreign key (force_id, owner_user_id) references user_account,
      check ((trigger_kind = 'within-weeks') = (weeks is not null)),
      check ((trigger_kind <> 'within-weeks') = (threshold is not null)),
      check (risk_id is not null or template is not null)
    );
    create unique index risk_indicator_link_preset_key on risk_indicator_link (force_id, preset)
      where preset is not null;
    create index risk_indicator_link_by_risk on risk_indicator_link (force_id, risk_id);
    select tally_scope_to_force('risk_indicator_link');

    create table risk_notification (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      notification_id uuid not null,
      risk_id uuid not null,
      -- null: for everyone who manages risks (no owner could be found).
      recipient_user_id uuid,
      created_at timestamptz not null,
      message text not null,
      reason text not null,
      read_at timestamptz,
      primary key (force_id, notification_id),
      foreign key (force_id, risk_id) references risk,
      foreign key (force_id, recipient_user_id) references user_account
    );
    create index risk_notification_unread on risk_notification (force_id, recipient_user_id, created_at)
      where read_at is null;
    select tally_scope_to_force('risk_notification');
  `.execute(db)
}
