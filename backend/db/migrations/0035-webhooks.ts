// Webhooks (issue 24 item 2, docs/webhooks.md): endpoints per account, one
// delivery row per endpoint × event, and the log of every attempt.
// - `webhook_endpoints.cursor`: the last event `seq` of the account already
//   fanned out to this endpoint (events are numbered gap-free in commit order,
//   0034), moved forward by a compare-and-set so two nodes fanning out at once
//   cannot skip or repeat a range; the unique (endpoint_id, event_id) makes a
//   repeated insert harmless anyway.
// - `secret_sealed`: the signing secret sealed with the master key (like SP and
//   signing keys); `previous_secret_sealed` keeps signing for a day after a
//   rotation (Standard Webhooks: several signatures in one header).
// - `webhook_deliveries.claimed_by` / `claim_expires_at`: a node's claim on a
//   row while it sends; a claim that expires (the node was killed) makes the
//   row claimable again, so nothing is lost (at least once).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    /** JSON array of event types; null = every type. */
    .addColumn('event_types', 'text')
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('previous_secret_sealed', 'text')
    .addColumn('previous_secret_expires_at', 'text')
    .addColumn('cursor', 'bigint', (c) => c.notNull())
    .addColumn('disabled_at', 'text')
    .addColumn('disabled_reason', 'text')
    .addColumn('failing_since', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_endpoints_account_idx')
    .on('webhook_endpoints')
    .column('account_id')
    .execute();
  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) =>
      c.notNull().references('webhook_endpoints.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    /** The event's id: the webhook-id header, the receiver's idempotency key. */
    .addColumn('event_id', 'text', (c) => c.notNull())
    /** The event's seq (0 for a test event, which is not in the outbox). */
    .addColumn('event_seq', 'bigint', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    /** The body as sent, without signatures. */
    .addColumn('payload', 'text', (c) => c.notNull())
    /** pending | delivered | failed (the schedule ran out) */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    /** Step of the retry schedule the next failure moves to (a redelivery starts it again). */
    .addColumn('schedule_step', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text')
    .addColumn('claimed_by', 'text')
    .addColumn('claim_expires_at', 'text')
    .addColumn('last_attempt_at', 'text')
    .addColumn('delivered_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('webhook_deliveries_endpoint_event', ['endpoint_id', 'event_id'])
    .execute();
  // The claim reads due rows by time, then cursor order.
  await db.schema
    .createIndex('webhook_deliveries_due_idx')
    .on('webhook_deliveries')
    .columns(['status', 'next_attempt_at', 'event_seq'])
    .execute();
  // The console's delivery log, newest first.
  await db.schema
    .createIndex('webhook_deliveries_log_idx')
    .on('webhook_deliveries')
    .columns(['endpoint_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('webhook_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('delivery_id', 'text', (c) =>
      c.notNull().references('webhook_deliveries.id').onDelete('cascade'),
    )
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('latency_ms', 'integer', (c) => c.notNull())
    /** At most 1 KiB of the answer's body. */
    .addColumn('response_excerpt', 'text')
    /** What went wrong, in words (timeout, refused address, TLS, HTTP status). */
    .addColumn('error', 'text')
    .execute();
  await db.schema
    .createIndex('webhook_attempts_delivery_idx')
    .on('webhook_attempts')
    .columns(['delivery_id', 'attempt'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('webhook_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
