// SAML SP state that a second service node must see: pending AuthnRequest IDs
// (InResponseTo), the assertion replay cache, per-account SP settings, and
// the activation log that admins read to answer "why can't Alice activate?".
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('saml_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('return_to', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addColumn('used_at', 'text')
    .execute();

  await db.schema
    .createTable('saml_replay')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('assertion_id', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_replay_pk', ['account_id', 'assertion_id'])
    .execute();
  await db.schema.createIndex('saml_replay_expiry_idx').on('saml_replay').column('expires_at').execute();

  await db.schema
    .alterTable('idp_configs')
    .addColumn('clock_skew_seconds', 'integer', (c) => c.notNull().defaultTo(180))
    .execute();
  await db.schema
    .alterTable('idp_configs')
    .addColumn('allow_idp_initiated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('idp_configs')
    .addColumn('attribute_preset', 'text', (c) => c.notNull().defaultTo('generic'))
    .execute();
  await db.schema
    .alterTable('idp_configs')
    .addColumn('sign_authn_requests', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('idp_configs')
    .addColumn('encrypt_assertions', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('idp_configs')
    .addColumn('require_signed_response', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  // The SP's own key per account (signing AuthnRequests, decrypting assertions), sealed with the master key.
  await db.schema
    .createTable('sp_keys')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id').onDelete('cascade'))
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('certificate', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('activation_attempts')
    .addColumn('id', 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey().autoIncrement(),
    )
    .addColumn('account_id', 'text')
    .addColumn('email', 'text')
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('code', 'text')
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('activation_attempts_account_idx')
    .on('activation_attempts')
    .columns(['account_id', 'id'])
    .execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  for (const t of ['sp_keys', 'activation_attempts', 'saml_replay', 'saml_requests'])
    await db.schema.dropTable(t).ifExists().execute();
  await db.schema.alterTable('idp_configs').dropColumn('require_signed_response').execute();
  await db.schema.alterTable('idp_configs').dropColumn('encrypt_assertions').execute();
  await db.schema.alterTable('idp_configs').dropColumn('sign_authn_requests').execute();
  await db.schema.alterTable('idp_configs').dropColumn('attribute_preset').execute();
  await db.schema.alterTable('idp_configs').dropColumn('allow_idp_initiated').execute();
  await db.schema.alterTable('idp_configs').dropColumn('clock_skew_seconds').execute();
}
