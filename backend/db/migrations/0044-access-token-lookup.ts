// Issue 27 item 2: the licensing API finds the caller of an access token in
// one read, without opening the sealed payload through oidc-provider. An
// AccessToken's row (found by the hash of the token, as before) now also holds,
// in the clear, what the check-in needs of it: the client it was issued to, the
// key it is bound to (RFC 9449 `cnf.jkt`, a public key's thumbprint) and its
// grant's id (not a bearer value; sso_sign_ins.grant_id holds it too). The
// user and expiry were already columns. Never the token. Being the same row,
// every revocation that deletes it (revocation endpoint, grant revoked,
// deprovisioning) ends the fast lookup too. Rows written before this migration
// have no client and are found the old way until they expire.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';

type AnyDb = Kysely<unknown>;

export async function up(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('oidc_models').addColumn('client_id', 'text').execute();
  await db.schema.alterTable('oidc_models').addColumn('jkt', 'text').execute();
  await db.schema.alterTable('oidc_models').addColumn('grant_value', 'text').execute();
}

export async function down(db: AnyDb, _dialect: SqlDialect): Promise<void> {
  await db.schema.alterTable('oidc_models').dropColumn('grant_value').execute();
  await db.schema.alterTable('oidc_models').dropColumn('jkt').execute();
  await db.schema.alterTable('oidc_models').dropColumn('client_id').execute();
}
