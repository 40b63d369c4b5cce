// Step 4 options of issue 13: the per-account opt-in to RSA-SHA1 signatures and
// SHA-1 digests (refused by default; the console marks it weak), and the IdP
// metadata URL the service re-fetches, with when it last fetched a good copy,
// when it last tried, and why the last try failed (the last good copy stays).
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .alterTable('idp_configs')
    .addColumn('allow_sha1', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  for (const column of ['metadata_url', 'metadata_fetched_at', 'metadata_checked_at', 'metadata_error']) {
    await db.schema.alterTable('idp_configs').addColumn(column, 'text').execute();
  }
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const column of [
    'metadata_error',
    'metadata_checked_at',
    'metadata_fetched_at',
    'metadata_url',
    'allow_sha1',
  ]) {
    await db.schema.alterTable('idp_configs').dropColumn(column).execute();
  }
}
