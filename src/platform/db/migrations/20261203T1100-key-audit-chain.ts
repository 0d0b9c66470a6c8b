import { sql, type Kysely } from 'kysely'

/**
 * The audit chain becomes keyed: from now on each link is an HMAC with a key only the application holds
 * (AUDIT_CHAIN_KEY), and key_id names which key made it. Events already written keep a null key_id and go on
 * verifying as plain SHA-256 links; verify reports them as unkeyed, and treats an unkeyed event after a keyed one
 * as forged.
 *
 * audit_append is dropped: the application has computed the chain itself since the trail moved to batched
 * appends, and a database function that writes valid unkeyed links is only useful to someone forging events.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_event add column key_id text check (key_id ~ '^[0-9a-f]{16}$');
    drop function if exists audit_append(jsonb);
  `.execute(db)
}
