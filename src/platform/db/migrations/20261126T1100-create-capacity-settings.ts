import { sql, type Kysely } from 'kysely'

/**
 * How each force runs its capacity forecast: per queue, the skill whose holders work it and the backlog
 * threshold; for the unit, the workload-per-head norm (a welfare indicator), how many weeks of history to learn
 * from, and which unit's staff work the queues. A force with no rows uses the defaults in capacity.rules.ts.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table capacity_setting (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      -- Open items per available full-time person above which workload is a welfare concern.
      workload_norm numeric(7, 1) not null check (workload_norm > 0 and workload_norm <= 100000),
      history_weeks smallint not null check (history_weeks between 4 and 52),
      -- The unit whose staff work the queues; null: everyone holding a skill that works one.
      unit_id uuid,
      version integer not null default 1,
      updated_at timestamptz not null,
      updated_by_name text not null,
      primary key (force_id)
    );
    select tally_scope_to_force('capacity_setting');

    create table capacity_queue_setting (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      queue text not null check (queue in (
        'recorded', 'awaiting_allocation', 'under_investigation', 'awaiting_filing', 'imu_quality_check',
        'returned_to_officer')),
      -- The skill code (staff module) whose holders work the queue; null: worked outside the unit.
      skill_code text check (skill_code is null or skill_code ~ '^[a-z][a-z0-9_]{1,39}$'),
      threshold integer check (threshold is null or threshold between 0 and 10000000),
      updated_at timestamptz not null,
      primary key (force_id, queue)
    );
    select tally_scope_to_force('capacity_queue_setting');
  `.execute(db)
}
