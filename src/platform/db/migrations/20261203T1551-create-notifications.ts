import { sql, type Kysely } from 'kysely'

/**
 * Notifications for people: what shows on screen (one row per recipient, read or not), and the outbox of email
 * to send. Both are written in the transaction of the change they tell of, so a notification exists exactly when
 * the change does; a delivery job sends the outbox and only marks a message sent once the mail server took it,
 * so a failed send is retried (with backoff) and never lost.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table notification (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      notification_id uuid not null,
      recipient_user_id uuid not null,
      subject text not null check (length(trim(subject)) between 1 and 300),
      body text not null,
      link text,
      created_at timestamptz not null,
      read_at timestamptz,
      primary key (force_id, notification_id),
      foreign key (force_id, recipient_user_id) references user_account
    );
    create index notification_by_recipient on notification (force_id, recipient_user_id, created_at);
    select tally_scope_to_force('notification');

    create table notification_outbox (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      message_id uuid not null,
      notification_id uuid not null,
      to_address text not null,
      subject text not null,
      body text not null,
      created_at timestamptz not null,
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      last_error text,
      sent_at timestamptz,
      primary key (force_id, message_id),
      foreign key (force_id, notification_id) references notification
    );
    create index notification_outbox_due on notification_outbox (force_id, next_attempt_at) where sent_at is null;
    select tally_scope_to_force('notification_outbox');
  `.execute(db)
}
