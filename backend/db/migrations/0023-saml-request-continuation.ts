// Where a SAML sign-in continues after the ACS was one column, `return_to`,
// holding an interaction id for an activation and a console path otherwise
// (issue 21 item 11: a name that is true). Now two: `interaction_uid` (the
// app's sign-in at the authorization server; indexed, since the interaction
// finds its answer by it) and `return_path` (the console page to land on).
// Rows in flight keep their continuation.
import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('saml_requests').addColumn('interaction_uid', 'text').execute();
  await db.schema.alterTable('saml_requests').addColumn('return_path', 'text').execute();
  await sql`update saml_requests set interaction_uid = return_to where purpose = 'activation'`.execute(db);
  await sql`update saml_requests set return_path = return_to where purpose <> 'activation'`.execute(db);
  await db.schema.alterTable('saml_requests').dropColumn('return_to').execute();
  await db.schema
    .createIndex('saml_requests_interaction_uid')
    .on('saml_requests')
    .column('interaction_uid')
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('saml_requests_interaction_uid').execute();
  await db.schema.alterTable('saml_requests').addColumn('return_to', 'text').execute();
  await sql`update saml_requests set return_to = coalesce(interaction_uid, return_path)`.execute(db);
  await db.schema.alterTable('saml_requests').dropColumn('return_path').execute();
  await db.schema.alterTable('saml_requests').dropColumn('interaction_uid').execute();
}
