// Events out (issue 24 items 1 and 3): a transactional outbox and the keys
// that read it.
// - `event_sequences`: one counter row per account. A writing transaction
//   increments it (UPDATE ... RETURNING) and so holds the row's lock until it
//   commits: the next writer for that account waits, and numbers are handed out
//   in commit order with no gap (a rolled-back increment is rolled back too).
//   A reader that has seen `seq` 11 can never later find a 10 (docs/events.md).
// - `events`: the outbox. `id` is what a delivery (webhooks, a later
//   migration) will reference; (account_id, seq) is the reading order.
//   Neither has a foreign key to accounts, as activation_attempts has none: a
//   refusal's event names whatever account its evidence gave, and telling it
//   must never fail the log entry (accounts are not deleted).
// - `api_keys`: account keys for the events API, stored as SHA-256 hashes.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('event_sequences')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('last_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.notNull().unique())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['account_id', 'seq'])
    .execute();
  // The retention sweep deletes by age.
  await db.schema.createIndex('events_occurred_at_idx').on('events').column('occurred_at').execute();
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    /** Space-separated scopes, e.g. `events:read`. */
    .addColumn('scopes', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    .addColumn('last_characters', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('api_keys_account_idx')
    .on('api_keys')
    .columns(['account_id', 'created_at'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('api_keys').execute();
  await db.schema.dropIndex('events_occurred_at_idx').execute();
  await db.schema.dropTable('events').execute();
  await db.schema.dropTable('event_sequences').execute();
}
