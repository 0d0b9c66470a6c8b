import { sql, type Kysely } from 'kysely'

/**
 * Who has read which risk notification. A notification with no recipient is for everyone who manages risks, so
 * one person marking it read must not hide it from the others: reading is recorded per person, not on the
 * notification. Reads already recorded on a notification addressed to one person move here as that person's;
 * a shared notification's single read_at cannot say who read it, so it shows again until each person reads it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table risk_notification_read (
      force_id integer not null default current_setting('tally.force_id', true)::integer,
      notification_id uuid not null,
      user_id uuid not null,
      read_at timestamptz not null,
      primary key (force_id, notification_id, user_id),
      foreign key (force_id, notification_id) references risk_notification,
      foreign key (force_id, user_id) references user_account
    );
    select tally_scope_to_force('risk_notification_read');

    insert into risk_notification_read (force_id, notification_id, user_id, read_at)
      select force_id, notification_id, recipient_user_id, read_at
        from risk_notification
       where recipient_user_id is not null and read_at is not null;

    drop index risk_notification_unread;
    alter table risk_notification drop column read_at;
    create index risk_notification_by_recipient on risk_notification (force_id, recipient_user_id, created_at);
  `.execute(db)
}
