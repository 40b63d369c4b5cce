// oidc_models rows keyed by a hash of the id, not the id (which is the token,
// code or session cookie itself): existing rows are re-keyed, their uid, user
// code and grant id hashed, and `jti` (the id again) dropped from their
// payloads. Sessions and interactions (an hour, ten minutes; an interaction's
// payload holds the session cookie) are deleted: a user mid-sign-in starts
// again, refresh tokens and grants carry on. New payloads are sealed by the
// adapter; the master key is not available to migrations.
import type { Kysely } from 'kysely';
import type { SqlDialect } from '../connect.ts';
import { oidcGrantKey, oidcLookupKey, oidcRowKey } from '../oidc-model-keys.ts';
import type { Database } from '../schema.ts';

type AnyDb = Kysely<unknown>;

function stripped(payload: string): string {
  const parsed = JSON.parse(payload) as Record<string, unknown>;
  delete parsed.jti;
  return JSON.stringify(parsed);
}

export async function up(anyDb: AnyDb, _dialect: SqlDialect): Promise<void> {
  const db = anyDb as unknown as Kysely<Database>;
  await db.deleteFrom('oidc_models').where('model', 'in', ['Session', 'Interaction']).execute();
  const rows = await db.selectFrom('oidc_models').selectAll().execute();
  for (const row of rows) {
    await db
      .updateTable('oidc_models')
      .set({
        id: oidcRowKey(row.model, row.id),
        payload: stripped(row.payload),
        grant_id: row.grant_id === null ? null : oidcGrantKey(row.grant_id),
        uid: row.uid === null ? null : oidcLookupKey(row.model, 'uid', row.uid),
        user_code: row.user_code === null ? null : oidcLookupKey(row.model, 'user_code', row.user_code),
      })
      .where('model', '=', row.model)
      .where('id', '=', row.id)
      .execute();
  }
}

export async function down(anyDb: AnyDb, _dialect: SqlDialect): Promise<void> {
  // The ids cannot be recovered from their hashes: going back signs everyone in again.
  await (anyDb as unknown as Kysely<Database>).deleteFrom('oidc_models').execute();
}
