// Issue 26 item 2: a second device finishes the app's sign-in (RFC 8628
// device authorization grant). `accounts.device_code_sign_in`: 1 lets the
// account's users start a device-code sign-in; 0 (the default) refuses the
// device authorization request with DEVICE_CODE_NOT_ALLOWED — phishing of
// device codes is the known attack, so an account opts in.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('device_code_sign_in', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('device_code_sign_in').execute();
}
