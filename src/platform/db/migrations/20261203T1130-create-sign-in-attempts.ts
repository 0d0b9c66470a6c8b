import { sql, type Kysely } from 'kysely'

/**
 * Failed sign-ins are counted per force and username, whether or not that username is an account there: a
 * counter kept on the account itself would lock only real accounts, and "this account is locked" would then tell
 * a stranger which usernames exist. The counters on user_account go, so there is one count and one lock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table sign_in_attempt (
      force_id integer not null default current_setting('tally.force_id', true)::integer references force,
      -- The username as typed, trimmed and lower-cased (usernames are unique within a force, ignoring case).
      username_key text not null check (length(username_key) between 1 and 200),
      failed_attempts integer not null check (failed_attempts >= 0),
      last_failed_at timestamptz not null,
      locked_until timestamptz,
      primary key (force_id, username_key)
    );
    create index sign_in_attempt_by_age on sign_in_attempt (force_id, last_failed_at);
    select tally_scope_to_force('sign_in_attempt');

    alter table user_account drop column failed_sign_ins, drop column locked_until;
  `.execute(db)
}
