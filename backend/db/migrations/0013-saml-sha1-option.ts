// Per-account opt-in to RSA-SHA1 signatures and SHA-1 digests (refused by
// default; the console marks the option as weak). Existing accounts start refused.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('idp_configs')
    .addColumn('allow_sha1', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('idp_configs').dropColumn('allow_sha1').execute();
}
