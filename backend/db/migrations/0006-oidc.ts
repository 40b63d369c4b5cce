// oidc-provider's models (codes, tokens, sessions, grants, interactions) in
// the database, so any service node can continue a flow; and the user an SSO
// sign-in resolved to, for the interaction to finish with.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('oidc_models')
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('grant_id', 'text')
    .addColumn('user_code', 'text')
    .addColumn('uid', 'text')
    // the user (accountId in oidc-provider's terms): deprovisioning revokes by it
    .addColumn('account_id', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('consumed_at', 'text')
    .addPrimaryKeyConstraint('oidc_models_pk', ['model', 'id'])
    .execute();
  await db.schema.createIndex('oidc_models_grant_idx').on('oidc_models').column('grant_id').execute();
  await db.schema.createIndex('oidc_models_uid_idx').on('oidc_models').column('uid').execute();
  await db.schema.createIndex('oidc_models_account_idx').on('oidc_models').column('account_id').execute();
  await db.schema.createIndex('oidc_models_expiry_idx').on('oidc_models').column('expires_at').execute();
  await db.schema.alterTable('saml_requests').addColumn('result_user_id', 'text').execute();
  await db.schema.alterTable('saml_requests').addColumn('result_code', 'text').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('saml_requests').dropColumn('result_code').execute();
  await db.schema.alterTable('saml_requests').dropColumn('result_user_id').execute();
  await db.schema.dropTable('oidc_models').ifExists().execute();
}
