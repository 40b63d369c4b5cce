// Test connection (issue 15): the console's real SP-initiated sign-in against
// the configured IdP before the integration is activated. One row per test
// run, keyed by its AuthnRequest ID (InResponseTo ties the IdP's answer to
// it); finishing is a conditional update, so two answers cannot both record.
// Only the last finished run of an account is kept (the page shows it).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('connection_tests')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_by_email', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    // The HTTP-POST binding's form (the AuthnRequest, not a secret), handed to the browser once.
    .addColumn('post_form', 'text')
    .addColumn('finished_at', 'text')
    .addColumn('result', 'text')
    .addColumn('outcome', 'text')
    .execute();
  await db.schema
    .createIndex('connection_tests_account_idx')
    .on('connection_tests')
    .columns(['account_id', 'finished_at'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropTable('connection_tests').execute();
}
