// The licensing API's caller lookup for the app's access tokens, in one read:
// the token's row (found by the hash of the token, as oidc-provider's own
// find does through kysely-adapter.ts) joined with its user, reading the
// columns the adapter writes beside the sealed payload (migration 0044)
// instead of opening the payload through oidc-provider's model (issue 27
// item 2: that was about half of a check-in). Nothing is cached: every
// revocation deletes the row in the shared database (revocation endpoint,
// grant revoked, deprovisioning), so the next lookup on any node finds nothing.
import type { Clock } from '../clock.ts';
import { compileOnce } from '../db/compiled-query.ts';
import { oidcRowKey } from '../db/oidc-model-keys.ts';
import type { Db } from '../db/types.ts';

export interface PresentedAccessToken {
  userId: string;
  accountId: string;
  email: string | null;
  clientId: string;
  /** The thumbprint of the key the token is bound to (RFC 9449 `cnf.jkt`), if it is bound. */
  jkt: string | null;
  grantId: string | null;
}

const readAccessToken = compileOnce<
  { id: string },
  {
    user_id: string | null;
    expires_at: string | null;
    client_id: string | null;
    jkt: string | null;
    grant_value: string | null;
    account_id: string | null;
    email: string | null;
  }
>(['id'], (db, v) =>
  db
    .selectFrom('oidc_models as o')
    .leftJoin('account_users as u', 'u.id', 'o.user_id')
    .select(['o.user_id', 'o.expires_at', 'o.client_id', 'o.jkt', 'o.grant_value', 'u.account_id', 'u.email'])
    .where('o.model', '=', 'AccessToken')
    .where('o.id', '=', v.id),
);

/**
 * 'absent': no such token (never issued, revoked, or swept); 'unindexed': a row the adapter wrote
 * without the lookup columns (before migration 0044, or a token that ends with its session),
 * which oidc-provider's own find must judge; otherwise the token's caller, or 'invalid'
 * (expired, or its user gone).
 */
export async function presentedAccessToken(
  db: Db,
  clock: Clock,
  token: string,
): Promise<PresentedAccessToken | 'absent' | 'unindexed' | 'invalid'> {
  const row = (await readAccessToken(db, { id: oidcRowKey('AccessToken', token) })).rows[0];
  if (!row) return 'absent';
  if (row.client_id === null) return 'unindexed';
  // The same expiry the adapter's find applies (an access token always has one).
  if (row.expires_at === null || row.expires_at <= clock.now().toISOString()) return 'invalid';
  if (!row.user_id || !row.account_id) return 'invalid';
  return {
    userId: row.user_id,
    accountId: row.account_id,
    email: row.email,
    clientId: row.client_id,
    jkt: row.jkt,
    grantId: row.grant_value,
  };
}
