// The SAML groups claim of each user's last SSO sign-in (issue 14): the access
// check ("Why can't this user activate?") has no sign-in of its own, so it
// reads what the IdP last said — notably Entra's groups.link overage, which
// decides GROUPS_OVERAGE. One row per user, replaced at each sign-in.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('sign_in_claims')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('account_users.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('overage', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('sign_in_claims').execute();
}
