// Issue 26 items 1 and 4: users release their own devices, and admins may
// approve new devices before they activate.
// - `accounts.self_service_release`: 1 (the default) lets a user release one of
//   their own devices from the app after a fresh sign-in; 0 sends them to IT.
// - `licenses.device_approval`: 1 makes a new device under the license wait for
//   an admin's approval (off by default).
// - `device_approval_requests`: one row per user and device (unique, so a
//   retried activation never makes a second request); `status` pending →
//   approved | denied; a pending or denied row ends at `expires_at` (7 days).
//   An approved row stays: that device never waits again for that license.
//   `poll_hash` is the SHA-256 of the app's poll token (tokens stored hashed).
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('self_service_release', 'integer', (c) => c.notNull().defaultTo(1))
    .execute();
  await db.schema
    .alterTable('licenses')
    .addColumn('device_approval', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createTable('device_approval_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('license_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status IN ('pending', 'approved', 'denied')`))
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text')
    .addColumn('decided_by', 'text')
    .addColumn('poll_hash', 'text', (c) => c.notNull().unique())
    .addUniqueConstraint('device_approval_requests_user_device', ['user_id', 'device_id'])
    .execute();
  // The console's pending list, oldest first.
  await db.schema
    .createIndex('device_approval_requests_account_idx')
    .on('device_approval_requests')
    .columns(['account_id', 'status', 'requested_at'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('device_approval_requests').execute();
  await db.schema.alterTable('licenses').dropColumn('device_approval').execute();
  await db.schema.alterTable('accounts').dropColumn('self_service_release').execute();
}
