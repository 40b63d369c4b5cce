// The activation log reference of a refused activation sign-in, so the app
// (and the user's message to IT) carries the reference the admin looks up.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('saml_requests').addColumn('result_reference', 'text').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('saml_requests').dropColumn('result_reference').execute();
}
