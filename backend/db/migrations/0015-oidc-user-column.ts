// oidc_models.account_id held oidc-provider's "accountId", which in Latchkey is
// the user (account_users.id), never the business account: a reader took it for
// the wrong thing. Renamed user_id, rows kept; its index follows the name.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  // RENAME COLUMN: SQLite ≥ 3.25 and PostgreSQL alike; the values stay where they are.
  await db.schema.alterTable('oidc_models').renameColumn('account_id', 'user_id').execute();
  await db.schema.dropIndex('oidc_models_account_idx').ifExists().execute();
  await db.schema.createIndex('oidc_models_user_idx').on('oidc_models').column('user_id').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.dropIndex('oidc_models_user_idx').ifExists().execute();
  await db.schema.alterTable('oidc_models').renameColumn('user_id', 'account_id').execute();
  await db.schema.createIndex('oidc_models_account_idx').on('oidc_models').column('account_id').execute();
}
