import { sql, type Kysely } from 'kysely'

/**
 * The audit trail: append-only and tamper-evident. Each event carries a hash over its content and the previous
 * event's hash in the same force — hash = sha256(previous hash ':' seq ':' sha256(canonical content)) — and
 * `tally audit-trail verify` recomputes the chain. The database itself refuses UPDATE, DELETE and TRUNCATE, and
 * the application role is never granted them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table audit_event (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      seq bigint not null,
      occurred_at timestamptz not null,
      actor_type text not null check (actor_type in ('user', 'token', 'system')),
      actor_id text not null,
      actor_name text not null,
      action text not null check (action ~ '^[A-Z][A-Z0-9_]*$'),
      record_type text not null,
      record_id text not null,
      changes jsonb,
      reason text,
      request_id text,
      prev_hash text not null,
      hash text not null,
      primary key (force_id, seq)
    );
    create index audit_event_record on audit_event (force_id, record_type, record_id, seq);
    create index audit_event_actor on audit_event (force_id, actor_id, seq);
    select tally_scope_to_force('audit_event');
    revoke update, delete, truncate on audit_event from tally_app;

    -- The head of each force's chain. Appending takes this row's lock, so events get gapless sequence numbers in
    -- commit order.
    create table audit_chain (
      force_id integer primary key default current_setting('tally.force_id', true)::integer,
      last_seq bigint not null default 0,
      last_hash text not null
    );
    select tally_scope_to_force('audit_chain');
    revoke delete, truncate on audit_chain from tally_app;

    create function audit_event_refuse_change() returns trigger language plpgsql as $fn$
    begin
      raise exception 'the audit trail is append-only: % on audit_event refused', tg_op
        using errcode = 'insufficient_privilege';
    end $fn$;

    create trigger audit_event_append_only before update or delete on audit_event
      for each row execute function audit_event_refuse_change();
    create trigger audit_event_no_truncate before truncate on audit_event
      for each statement execute function audit_event_refuse_change();

    -- Appends a transaction's events to its force's chain in one statement, so the chain lock is held from here
    -- to commit and no longer. Each element of events carries the columns and content_hash (computed by the
    -- application over the canonical content); sequence numbers and chain hashes are assigned here.
    create function audit_append(events jsonb) returns bigint language plpgsql as $fn$
    declare
      force integer := current_setting('tally.force_id')::integer;
      seq_now bigint;
      hash_now text;
      event jsonb;
    begin
      select last_seq, last_hash into seq_now, hash_now from audit_chain where force_id = force for update;
      if not found then
        insert into audit_chain (force_id, last_seq, last_hash) values (force, 0, repeat('0', 64)) on conflict do nothing;
        select last_seq, last_hash into seq_now, hash_now from audit_chain where force_id = force for update;
      end if;
      for event in select value from jsonb_array_elements(events) loop
        seq_now := seq_now + 1;
        insert into audit_event (force_id, seq, occurred_at, actor_type, actor_id, actor_name, action, record_type,
                                 record_id, changes, reason, request_id, prev_hash, hash)
        values (force, seq_now, (event->>'occurred_at')::timestamptz, event->>'actor_type', event->>'actor_id',
                event->>'actor_name', event->>'action', event->>'record_type', event->>'record_id',
                nullif(event->'changes', 'null'::jsonb), event->>'reason', event->>'request_id', hash_now,
                encode(sha256(convert_to(hash_now || ':' || seq_now || ':' || (event->>'content_hash'), 'UTF8')), 'hex'))
        returning hash into hash_now;
      end loop;
      update audit_chain set last_seq = seq_now, last_hash = hash_now where force_id = force;
      return seq_now;
    end $fn$;
  `.execute(db)
}
