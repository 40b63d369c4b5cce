// Finds the account from the bearer token (RFC 6750). Only the token's hash
// is looked up; last use is recorded at most once a minute.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { ScimError } from './scim-error.ts';
import { hashScimToken } from './scim-tokens.ts';

export interface ScimPrincipal {
  accountId: string;
  tokenId: string;
}

export async function authenticateScim(
  db: Db,
  clock: Clock,
  authorization: string | undefined,
): Promise<ScimPrincipal> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!m?.[1]) throw new ScimError(401, 'missing bearer token: send Authorization: Bearer <SCIM token>');
  const row = await db
    .selectFrom('scim_tokens')
    .select(['id', 'account_id', 'last_used_at'])
    .where('token_hash', '=', hashScimToken(m[1]))
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new ScimError(401, 'the bearer token is not valid or was revoked');
  const now = clock.now();
  if (!row.last_used_at || now.getTime() - new Date(row.last_used_at).getTime() > 60_000) {
    await db
      .updateTable('scim_tokens')
      .set({ last_used_at: now.toISOString() })
      .where('id', '=', row.id)
      .execute();
  }
  return { accountId: row.account_id, tokenId: row.id };
}
