// The app's tokens that deprovisioning deleted (SCIM: user deactivated, or no
// longer in a group that gives a seat), remembered by their hashed row key with
// the reason's catalog code until they would have expired. A check-in that
// still presents one — the refresh at /oidc/token, or an access token at
// /api/v1 — is a refused attempt like any other (DESIGN.md "every attempt,
// good or bad, is written"): refused through access/refuse.ts, so it is in the
// activation log and the app reads the reason and the reference.
import type { FailureCode } from '../../common/failure-codes.ts';
import { isFailureCode } from '../../common/failure-codes.ts';
import type { Clock } from '../clock.ts';
import { oidcRowKey } from '../db/oidc-model-keys.ts';
import type { Db } from '../db/types.ts';
import { revokeUserTokens } from './kysely-adapter.ts';

/** Models whose bearer value the app presents at check-in. */
const presented = ['RefreshToken', 'AccessToken'] as const;
type PresentedModel = (typeof presented)[number];

/** Unless a token row says when it ends: the refresh token's lifetime (provider.ts ttl). */
const fallbackTtlMs = 30 * 86400_000;

/** Deletes the users' grants and tokens (revokeUserTokens), remembering the app's tokens with the reason. */
export async function revokeUserTokensFor(
  db: Db,
  clock: Clock,
  userIds: string[],
  code: FailureCode,
): Promise<number> {
  if (userIds.length === 0) return 0;
  const now = clock.now();
  const rows = await db
    .selectFrom('oidc_models as o')
    .innerJoin('account_users as u', 'u.id', 'o.user_id')
    .select(['o.id', 'o.expires_at', 'u.id as user_id', 'u.account_id'])
    .where('o.user_id', 'in', userIds)
    .where('o.model', 'in', [...presented])
    .execute();
  if (rows.length > 0)
    await db
      .insertInto('revoked_tokens')
      .values(
        rows.map((r) => ({
          id: r.id,
          account_id: r.account_id,
          user_id: r.user_id,
          code,
          revoked_at: now.toISOString(),
          expires_at: r.expires_at ?? new Date(now.getTime() + fallbackTtlMs).toISOString(),
        })),
      )
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  return revokeUserTokens(db, userIds);
}

export interface RevokedToken {
  accountId: string;
  userId: string;
  email: string | null;
  reason: FailureCode;
}

/** The deleted token this bearer value was, with the reason; undefined for any other value. */
export async function revokedTokenFor(
  db: Db,
  clock: Clock,
  model: PresentedModel,
  value: string,
): Promise<RevokedToken | undefined> {
  const row = await db
    .selectFrom('revoked_tokens as r')
    .leftJoin('account_users as u', 'u.id', 'r.user_id')
    .select(['r.account_id', 'r.user_id', 'r.code', 'u.email'])
    .where('r.id', '=', oidcRowKey(model, value))
    .where('r.expires_at', '>', clock.now().toISOString())
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    accountId: row.account_id,
    userId: row.user_id,
    email: row.email ?? null,
    reason: isFailureCode(row.code) ? row.code : 'ACTIVATION_REVOKED',
  };
}
