// Finds the account from the bearer token (RFC 6750): a long-lived SCIM token
// (lks_…) or an access token from the client credentials grant (lksa_…,
// oauth-token-route.ts). Only hashes are looked up; a token's last use is
// recorded at most once a minute.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ScimError } from './scim-error.ts';
import { hashScimToken } from './scim-tokens.ts';

export interface ScimPrincipal {
  accountId: string;
  tokenId: string;
  /** Who the audit log names: `scim-token:<id>` or `scim-client:<client id>`. */
  actor: string;
}

async function fromAccessToken(db: Db, clock: Clock, token: string): Promise<ScimPrincipal | undefined> {
  const row = await db
    .selectFrom('scim_access_tokens as t')
    .innerJoin('scim_clients as c', 'c.id', 't.client_id')
    .select(['t.client_id', 't.account_id'])
    .where('t.token_hash', '=', hashScimToken(token))
    .where('t.expires_at', '>', clock.now().toISOString())
    .where('c.revoked_at', 'is', null)
    .executeTakeFirst();
  return row && { accountId: row.account_id, tokenId: row.client_id, actor: `scim-client:${row.client_id}` };
}

async function fromScimToken(db: Db, clock: Clock, token: string): Promise<ScimPrincipal | undefined> {
  const row = await db
    .selectFrom('scim_tokens')
    .select(['id', 'account_id', 'last_used_at'])
    .where('token_hash', '=', hashScimToken(token))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) return undefined;
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db
      .updateTable('scim_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return { accountId: row.account_id, tokenId: row.id, actor: `scim-token:${row.id}` };
}

export async function authenticateScim(
  db: Db,
  clock: Clock,
  authorization: string | undefined,
): Promise<ScimPrincipal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) throw new ScimError(401, 'missing bearer token: send Authorization: Bearer <SCIM token>');
  if (m[1].length > 512) throw new ScimError(401, 'the bearer token is not valid or was revoked');
  const principal = m[1].startsWith('lksa_')
    ? await fromAccessToken(db, clock, m[1])
    : await fromScimToken(db, clock, m[1]);
  if (!principal) throw new ScimError(401, 'the bearer token is not valid, expired or was revoked');
  return principal;
}
