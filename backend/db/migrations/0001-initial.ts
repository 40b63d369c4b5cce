// Accounts, local users, domains, the IdP integration, SCIM tokens, licenses,
// the audit log and console sessions. Written with Kysely's schema builder so
// the same migration runs on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

// Kysely's migration API is untyped by design: a migration must not depend on
// the current schema types, which describe the end state.
type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('account_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    // lowercased userName; NULL once deleted, so the name can be provisioned again
    .addColumn('user_name_key', 'text')
    .addColumn('email', 'text')
    .addColumn('display_name', 'text')
    .addColumn('given_name', 'text')
    .addColumn('family_name', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('active', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('is_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scim_resource', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('last_login_at', 'text')
    .addColumn('deleted_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('account_users_account_user_name_uq', ['account_id', 'user_name_key'])
    .execute();
  await db.schema.createIndex('account_users_email_idx').on('account_users').columns(['email']).execute();
  await db.schema
    .createIndex('account_users_external_idx')
    .on('account_users')
    .columns(['account_id', 'external_id'])
    .execute();

  await db.schema
    .createTable('domains')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('txt_token', 'text', (c) => c.notNull())
    .addColumn('verified_at', 'text')
    .addColumn('last_checked_at', 'text')
    .addColumn('last_check_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('domains_account_idx').on('domains').column('account_id').execute();

  await db.schema
    .createTable('idp_configs')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('idp_entity_id', 'text')
    .addColumn('sso_url', 'text')
    .addColumn('certificates', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('sp_registered_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('scim_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('users_assigned_done', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('admins_group_name', 'text')
    .addColumn('admins_group_id', 'text')
    .addColumn('desktop_group_name', 'text')
    .addColumn('desktop_group_id', 'text')
    .addColumn('backup_user_id', 'text', (c) => c.references('account_users.id').onDelete('set null'))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('inactive'))
    .addColumn('activated_at', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('scim_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('scim_tokens_account_idx').on('scim_tokens').column('account_id').execute();

  await db.schema
    .createTable('licenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('license_key', 'text', (c) => c.notNull().unique())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('device_limit', 'integer', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('licenses_account_idx').on('licenses').column('account_id').execute();

  await db.schema
    .createTable('audit_log')
    // an identity column on PostgreSQL, the rowid alias on SQLite
    .addColumn('id', 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('account_id', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text')
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('audit_log_account_idx')
    .on('audit_log')
    .columns(['account_id', 'id'])
    .execute();

  await db.schema
    .createTable('console_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('account_users.id').onDelete('cascade'))
    .addColumn('via', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const table of [
    'console_sessions',
    'audit_log',
    'licenses',
    'scim_tokens',
    'idp_configs',
    'domains',
    'account_users',
    'accounts',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
