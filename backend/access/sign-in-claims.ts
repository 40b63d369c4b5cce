// What the IdP's groups claim said at a user's last SSO sign-in, kept for the
// access check, which has no sign-in of its own (migration 0014). Replaced at
// each sign-in (insert-or-update on the user's row: two nodes may race).
import type { Db } from '../db/types.ts';

export interface SignInClaim {
  groups: string[];
  overage: boolean;
  seenAt: string;
}

export async function rememberSignInClaim(
  db: Db,
  accountId: string,
  userId: string,
  claim: SignInClaim,
): Promise<void> {
  const values = {
    groups: JSON.stringify(claim.groups),
    overage: claim.overage ? (1 as const) : (0 as const),
    seen_at: claim.seenAt,
  };
  await db
    .insertInto('sign_in_claims')
    .values({ user_id: userId, account_id: accountId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

export async function lastSignInClaim(db: Db, userId: string): Promise<SignInClaim | null> {
  const row = await db
    .selectFrom('sign_in_claims')
    .select(['groups', 'overage', 'seen_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? storedClaim(row.groups, row.overage, row.seen_at) : null;
}

/** A claim as it is stored (groups as a JSON array, overage 0/1): anything but strings is dropped. */
export function storedClaim(groupsJson: string, overage: number, seenAt: string): SignInClaim {
  const groups: unknown = JSON.parse(groupsJson);
  return {
    groups: Array.isArray(groups) ? groups.filter((g): g is string => typeof g === 'string') : [],
    overage: overage === 1,
    seenAt,
  };
}
