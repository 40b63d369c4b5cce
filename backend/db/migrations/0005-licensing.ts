// Licensing: Ed25519 signing keys (private half sealed with the master key),
// sublicenses that split a license's seats among groups, and activations
// (one per user and device) with their lease and revocation.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('signing_keys')
    .addColumn('kid', 'text', (c) => c.primaryKey())
    // 'license' (EdDSA, licenses) or 'id_token' (ES256, the authorization server's ID tokens)
    .addColumn('purpose', 'text', (c) => c.notNull().defaultTo('license'))
    .addColumn('alg', 'text', (c) => c.notNull())
    .addColumn('public_jwk', 'text', (c) => c.notNull())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    // set when a newer key takes over signing
    .addColumn('retired_at', 'text')
    // the last lease this key signed ends here: served in the JWKS until then
    .addColumn('serve_until', 'text')
    .execute();

  await db.schema
    .createTable('sublicenses')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id').onDelete('cascade'))
    .addColumn('seats', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('sublicenses_license_group_uq', ['license_id', 'group_id'])
    .execute();

  await db.schema
    .createTable('activations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('account_users.id').onDelete('cascade'))
    .addColumn('license_id', 'text', (c) => c.notNull().references('licenses.id').onDelete('cascade'))
    .addColumn('sublicense_id', 'text')
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('device_name', 'text', (c) => c.notNull())
    .addColumn('os', 'text', (c) => c.notNull())
    .addColumn('app_version', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_checkin_at', 'text', (c) => c.notNull())
    .addColumn('lease_expires_at', 'text', (c) => c.notNull())
    .addColumn('revoked_at', 'text')
    .addColumn('revoked_reason', 'text')
    // 'sso' (bearer access tokens) or 'key' (license key; the app holds a secret, stored hashed)
    .addColumn('via', 'text', (c) => c.notNull().defaultTo('sso'))
    .addColumn('secret_hash', 'text')
    .execute();
  await db.schema
    .createIndex('activations_user_idx')
    .on('activations')
    .columns(['user_id', 'revoked_at'])
    .execute();
  await db.schema
    .createIndex('activations_license_idx')
    .on('activations')
    .columns(['license_id', 'revoked_at'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const t of ['activations', 'sublicenses', 'signing_keys'])
    await db.schema.dropTable(t).ifExists().execute();
}
