// The Dashboard and the denials report (issue 23 items 4 and 5):
// - seat_snapshots: seats used / total per license and sublicense, one row per
//   day, taken by a periodic job; the primary key (scope, day) makes the job
//   idempotent per day and safe on several nodes (INSERT … ON CONFLICT DO NOTHING:
//   the database decides which node's row stays). sublicense_id is '' for the
//   license itself, so the key holds on both databases (NULLs never conflict).
// - attempt_days: activations (code '') and refusals by code per account and past
//   UTC day, rolled up by the same job once a day is over (a day's log no longer
//   changes), so a 90-day chart reads at most 90 × codes rows, not 2,000,000 log
//   rows; the '' row also marks the day as rolled up. Same key rule: ON CONFLICT
//   DO NOTHING, so every node may run it.
// - scim_health: the account's last SCIM request and its outcome, written at most
//   about once a minute per account and node (scim/request-health.ts).
// - an index on the activation log by (account_id, outcome, at) carrying stage and
//   code, so refusals and activations per day and code are counted from the index
//   over a bounded window, not by walking 2,000,000 rows by id;
// - indexes on live devices by last check-in (the idle count) and on activations
//   by creation (activations per day: a successful activation is not logged).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('seat_snapshots')
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('sublicense_id', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('seats_used', 'integer', (c) => c.notNull())
    .addColumn('seats_total', 'integer', (c) => c.notNull())
    .addColumn('taken_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('seat_snapshots_pk', ['license_id', 'sublicense_id', 'day'])
    .execute();
  await db.schema
    .createIndex('seat_snapshots_account_day_idx')
    .on('seat_snapshots')
    .columns(['account_id', 'day'])
    .execute();

  await db.schema
    .createTable('attempt_days')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('attempt_days_pk', ['account_id', 'day', 'code'])
    .execute();

  await db.schema
    .createTable('scim_health')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('last_request_at', 'text', (c) => c.notNull())
    .addColumn('last_method', 'text', (c) => c.notNull())
    .addColumn('last_path', 'text', (c) => c.notNull())
    .addColumn('last_status', 'integer', (c) => c.notNull())
    .addColumn('last_error_at', 'text')
    .addColumn('last_error_status', 'integer')
    .addColumn('last_error_path', 'text')
    .execute();

  await db.schema
    .createIndex('activation_attempts_outcome_at_idx')
    .on('activation_attempts')
    .columns(['account_id', 'outcome', 'at', 'stage', 'code'])
    .execute();
  // Idle devices are counted along 0027's activations_usage_silent (account, last check-in, live only):
  // one more index on last_checkin_at would be one more write on every check-in.
  // Activations per day are counted along 0032's activations_account_list (account_id, created_at, id).
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('activation_attempts_outcome_at_idx').execute();
  await db.schema.dropTable('scim_health').execute();
  await db.schema.dropTable('attempt_days').execute();
  await db.schema.dropTable('seat_snapshots').execute();
}
