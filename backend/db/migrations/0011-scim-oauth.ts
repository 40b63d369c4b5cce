// SCIM sign-in by OAuth 2.0 client credentials (RFC 6749 §4.4), as Entra's
// gallery apps use it: a client per account with several live secrets (for
// rotation), short-lived opaque access tokens — all stored as SHA-256 hashes —
// and per-account request counts per second, shared by every node.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('scim_clients')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('scim_clients_account_idx').on('scim_clients').column('account_id').execute();

  await db.schema
    .createTable('scim_client_secrets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('scim_clients.id').onDelete('cascade'))
    .addColumn('secret_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema
    .createIndex('scim_client_secrets_client_idx')
    .on('scim_client_secrets')
    .column('client_id')
    .execute();

  await db.schema
    .createTable('scim_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('scim_clients.id').onDelete('cascade'))
    .addColumn('secret_id', 'text', (c) =>
      c.notNull().references('scim_client_secrets.id').onDelete('cascade'),
    )
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('scim_access_tokens_expiry_idx')
    .on('scim_access_tokens')
    .column('expires_at')
    .execute();

  await db.schema
    .createTable('scim_request_counts')
    .addColumn('account_id', 'text', (c) => c.notNull())
    /** Unix seconds: one fixed one-second window. */
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('scim_request_counts_pk', ['account_id', 'window_start'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const table of ['scim_request_counts', 'scim_access_tokens', 'scim_client_secrets', 'scim_clients'])
    await db.schema.dropTable(table).ifExists().execute();
}
