// The Business Profile's contacts (issue 22 item 2: the primary, or
// technical, contact and the billing contact, each a name, an email and an
// optional phone) on the account, and the license keys the operator issued
// that no account has registered yet (item 6). An issued key waits here, bound
// to no account, until an admin registers it in the console: then one
// conditional UPDATE (`… where account_id is null`) binds it and the license
// row is written. `licenses.account_id` stays NOT NULL, so no reader of
// licenses (seat counts, check-in, the activation decision, key activation)
// ever meets a license that is nobody's.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

const contactColumns = [
  'primary_contact_name',
  'primary_contact_email',
  'primary_contact_phone',
  'billing_contact_name',
  'billing_contact_email',
  'billing_contact_phone',
] as const;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const column of contactColumns)
    await db.schema.alterTable('accounts').addColumn(column, 'text').execute();

  await db.schema
    .createTable('issued_license_keys')
    // becomes the license's id once registered
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('license_key', 'text', (c) => c.notNull().unique())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('device_limit', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // NULL until registered; the key goes with the account, as its license row does
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('cascade'))
    .addColumn('registered_at', 'text')
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('issued_license_keys').ifExists().execute();
  for (const column of contactColumns) await db.schema.alterTable('accounts').dropColumn(column).execute();
}
