import { sql, type Kysely } from 'kysely'

/**
 * What the supervisor's dashboard reads instead of scanning crimes (issue 4; DOMAIN.md §9 rules 2 and 14):
 *
 * - queue_snapshot: each queue at the end of each day (Europe/London) and what entered and left it that day.
 *   Written once a day has ended (by the daily timer, `tally queues snapshot`, or the first dashboard view after
 *   midnight); history is reconstructed from crime_status_change. The trend charts read these rows: a year of
 *   history is 365 rows per queue whatever the number of crimes. `ageing` counts the queue's items in each of its
 *   ageing buckets when it was measured (null for reconstructed days).
 * - recording_day: crimes recorded each day and how many within 24 hours of the report (rule 2), for the weekly
 *   compliance chart.
 * - queue_setting: the force's awaiting-filing alert threshold (rule 14; Tally's default 1,000 — in 2014 one IMU
 *   reached about 1,675 before anyone treated it as a risk, DOMAIN.md §4.4).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table queue_snapshot (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      day date not null,
      queue text not null check (queue ~ '^[a-z][a-z-]{1,39}$'),
      size integer not null check (size >= 0),
      arrivals integer check (arrivals >= 0),
      completions integer check (completions >= 0),
      oldest_since timestamptz,
      overdue integer check (overdue >= 0),
      ageing integer[],
      source text not null check (source in ('measured', 'reconstructed')),
      measured_at timestamptz not null,
      primary key (force_id, day, queue)
    );
    create index queue_snapshot_by_queue on queue_snapshot (force_id, queue, day);
    select tally_scope_to_force('queue_snapshot');

    create table recording_day (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      day date not null,
      recorded integer not null check (recorded >= 0),
      -- Recorded within 24 hours of the report (rule 2).
      recorded_on_time integer not null check (recorded_on_time between 0 and recorded),
      measured_at timestamptz not null,
      primary key (force_id, day)
    );
    select tally_scope_to_force('recording_day');

    create table queue_setting (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      awaiting_filing_threshold integer not null check (awaiting_filing_threshold between 1 and 10000000),
      version integer not null default 1,
      updated_at timestamptz not null,
      updated_by_name text not null,
      primary key (force_id)
    );
    select tally_scope_to_force('queue_setting');
  `.execute(db)
}
