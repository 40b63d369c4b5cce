// What an accepted SSO sign-in decided, bound to the authorization grant it
// led to (issue 21 item 1): the licensing API re-checks the same facts when it
// issues the license, instead of a groups claim it never saw. One row per
// accepted activation sign-in (its id is the SAML request's); the grant is set
// when the interaction finishes. Rows go with the grant's lifetime.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('sso_sign_ins')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('account_users.id').onDelete('cascade'))
    .addColumn('groups', 'text', (c) => c.notNull())
    .addColumn('overage', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('signed_in_at', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text', (c) => c.unique())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sso_sign_ins_user_idx').on('sso_sign_ins').column('user_id').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('sso_sign_ins').execute();
}
