// Step 5 lists each SCIM Bearer Token and Client Secret by its last four
// characters after its one showing (issue 15), so an admin with two live
// tokens can tell which one the IdP holds. Only those four are kept beside
// the SHA-256 hash; rows from before stay null (the hash cannot give them).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

const tables = ['scim_tokens', 'scim_client_secrets'] as const;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const table of tables)
    await db.schema.alterTable(table).addColumn('last_characters', 'text').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const table of tables) await db.schema.alterTable(table).dropColumn('last_characters').execute();
}
