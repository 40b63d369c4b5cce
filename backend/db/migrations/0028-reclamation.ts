// Reclamation (issue 23 item 2): a per-license policy "release devices silent
// for N days", off unless a row exists; and `job_leases`, one row per periodic
// job that must run once across several service nodes. A node runs the job
// only after a conditional UPDATE of that row made it the holder (the database
// decides, never a per-process flag); the lease expires, so a node that died
// mid-run is taken over. The partial index serves the candidates' read:
// unrevoked activations of one license, oldest check-in first.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('reclamation_policies')
    .addColumn('license_id', 'text', (c) => c.primaryKey().references('licenses.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('silent_days', 'integer', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('reclamation_policies_account_idx')
    .on('reclamation_policies')
    .column('account_id')
    .execute();
  await db.schema
    .createTable('job_leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text')
    .addColumn('lease_expires_at', 'text', (c) => c.notNull())
    .addColumn('last_run_at', 'text')
    .execute();
  await db.schema
    .createIndex('activations_silent_idx')
    .on('activations')
    .columns(['license_id', 'last_checkin_at', 'id'])
    .where(sql.ref('revoked_at'), 'is', null)
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('activations_silent_idx').execute();
  await db.schema.dropTable('job_leases').execute();
  await db.schema.dropTable('reclamation_policies').execute();
}
