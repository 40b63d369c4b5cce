// Email notifications (issue 24 item 4, docs/notifications.md).
// - `notification_rules`: one row per account and kind once an admin saved it
//   (no row = off). Recipients are console admins' user ids (JSON array).
// - `notification_cursors`: how far the notifier has read the account's
//   events (`events.seq`). It advances in the transaction that records what
//   the events decided (facts and messages), so an event is judged once.
// - `notification_facts`: the state each rule fires on (a certificate's
//   7-day notice, a spike of one code that is on or over), so a rule fires
//   once per state change, however many events say it again.
// - `notification_messages`: the mail outbox. A message waits here until the
//   SMTP server accepted it; a send is claimed (claimed_until) so two nodes
//   never send one message at once, and retried later when SMTP is down.
// - `notification_unsubscribe_tokens`: the SHA-256 of each unsubscribe link's
//   token (per rule and recipient); the token is only in the email.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('notification_rules')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('recipients', 'text', (c) => c.notNull())
    .addColumn('spike_threshold', 'integer')
    .addColumn('spike_window_minutes', 'integer')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_rules_pk', ['account_id', 'kind'])
    .execute();
  await db.schema
    .createTable('notification_cursors')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('notification_facts')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('fact_key', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('changed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_facts_pk', ['account_id', 'fact_key'])
    .execute();
  await db.schema
    .createTable('notification_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('fact_key', 'text', (c) => c.notNull())
    /** What the email tells (event type, time and data); rendered when sent. */
    .addColumn('fact', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .addColumn('claimed_until', 'text')
    /** When the message left the queue: `outcome` says how (sent, dropped, gave_up). */
    .addColumn('settled_at', 'text')
    .addColumn('outcome', 'text')
    .addColumn('last_error', 'text')
    .execute();
  // One message per fact and recipient, whatever happens twice.
  await db.schema
    .createIndex('notification_messages_fact_idx')
    .on('notification_messages')
    .columns(['account_id', 'fact_key', 'user_id'])
    .unique()
    .execute();
  await db.schema
    .createIndex('notification_messages_due_idx')
    .on('notification_messages')
    .columns(['settled_at', 'next_attempt_at'])
    .execute();
  await db.schema
    .createTable('notification_unsubscribe_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('notification_unsubscribe_tokens').execute();
  await db.schema.dropIndex('notification_messages_due_idx').execute();
  await db.schema.dropIndex('notification_messages_fact_idx').execute();
  await db.schema.dropTable('notification_messages').execute();
  await db.schema.dropTable('notification_facts').execute();
  await db.schema.dropTable('notification_cursors').execute();
  await db.schema.dropTable('notification_rules').execute();
}
