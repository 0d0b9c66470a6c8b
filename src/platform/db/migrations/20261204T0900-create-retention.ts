import { sql, type Kysely } from 'kysely'

/**
 * Retention, review and disposal under MoPI and DPA 2018 Part 3 (DOMAIN.md §6.1; rule 21):
 *
 * - retention_schedule: the force's retention categories (the MoPI groups) and how many years after its last
 *   change a record in each is next reviewed. Tally's defaults are written on a force's first use; the force
 *   may change the periods.
 * - retention_record: one per crime and one per person — its category, the date its period counts from, its
 *   next review date, and whether it is retained or disposed of.
 * - retention_review: every review decision (retain with a reason and a new review date, or dispose), never
 *   changed afterwards.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table retention_schedule (
      force_id integer not null default current_setting('tally.force_id', true)::integer references force,
      category text not null check (category ~ '^[a-z0-9_]{1,40}$'),
      label text not null check (length(trim(label)) between 1 and 200),
      description text not null default '' check (length(description) <= 2000),
      review_after_years smallint not null check (review_after_years between 1 and 100),
      rank smallint not null,
      version integer not null default 1,
      updated_at timestamptz not null,
      updated_by text not null,
      primary key (force_id, category)
    );
    select tally_scope_to_force('retention_schedule');

    create table retention_record (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      record_type text not null check (record_type in ('crime', 'person')),
      record_id uuid not null,
      -- The crime reference, or for a person the crime references they are linked to: the queue shows it
      -- without reading the record (and without a person's name).
      reference text not null,
      category text not null,
      counts_from date not null,
      next_review_on date not null,
      status text not null default 'retained' check (status in ('retained', 'disposed')),
      -- The crime's or person's version when the category was worked out: a later change means work it out again.
      source_version integer not null,
      reviewed_at timestamptz,
      reviewed_by text,
      disposed_at timestamptz,
      version integer not null default 1,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (force_id, record_type, record_id),
      foreign key (force_id, category) references retention_schedule,
      check ((status = 'disposed') = (disposed_at is not null))
    );
    create index retention_record_due on retention_record (force_id, next_review_on, record_type, record_id)
      where status = 'retained';
    select tally_scope_to_force('retention_record');

    create table retention_review (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      review_id uuid not null,
      record_type text not null,
      record_id uuid not null,
      decision text not null check (decision in ('retain', 'dispose')),
      reason text check (reason is null or length(trim(reason)) between 1 and 4000),
      next_review_on date,
      category text not null,
      reviewed_at timestamptz not null,
      reviewed_by text not null,
      reviewed_by_name text not null,
      primary key (force_id, review_id),
      foreign key (force_id, record_type, record_id) references retention_record,
      check ((decision = 'retain') = (next_review_on is not null)),
      check (decision <> 'retain' or reason is not null)
    );
    create index retention_review_by_record on retention_review (force_id, record_type, record_id, reviewed_at);
    select tally_scope_to_force('retention_review');
  `.execute(db)
}
