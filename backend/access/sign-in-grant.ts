// What an accepted SSO sign-in decided travels with the grant it leads to
// (issue 21 item 1; DESIGN.md §Flow step 6): the ACS records the groups claim
// it decided on, keyed by the sign-in's SAML request; the authorization
// server binds the grant it creates for that sign-in; the licensing API reads
// the claim back by the access token's grant, so issuing the license re-checks
// the facts the browser step was decided on, not an empty claim.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { storedClaim, type SignInClaim } from './sign-in-claims.ts';

/** As long as oidc-provider keeps a grant (oidc/provider.ts ttl.Grant). */
const keptMs = 30 * 86_400_000;

export async function recordSignIn(
  db: Db,
  clock: Clock,
  signIn: { id: string; accountId: string; userId: string; claim: SignInClaim },
): Promise<void> {
  const now = clock.now();
  // The user's sign-ins whose grants are gone leave with this one (no sweep needed).
  await db
    .deleteFrom('sso_sign_ins')
    .where('user_id', '=', signIn.userId)
    .where('expires_at', '<', now.toISOString())
    .execute();
  const values = {
    account_id: signIn.accountId,
    user_id: signIn.userId,
    groups: JSON.stringify(signIn.claim.groups),
    overage: signIn.claim.overage ? (1 as const) : (0 as const),
    signed_in_at: signIn.claim.seenAt,
    expires_at: new Date(now.getTime() + keptMs).toISOString(),
  };
  // The same answer decided twice (a replay refused later) keeps the first decision's row.
  await db
    .insertInto('sso_sign_ins')
    .values({ id: signIn.id, grant_id: null, ...values })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
}

/** The user's accepted sign-in of this SAML request, if the ACS recorded one. */
export async function signInOfRequest(db: Db, requestId: string, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('sso_sign_ins')
    .select('id')
    .where('id', '=', requestId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function bindGrant(db: Db, signInId: string, grantId: string): Promise<void> {
  await db.updateTable('sso_sign_ins').set({ grant_id: grantId }).where('id', '=', signInId).execute();
}

/** The claim the grant's sign-in was decided on; null for a grant no sign-in recorded. */
export async function claimOfGrant(
  db: Db,
  grantId: string | null,
  userId: string,
): Promise<SignInClaim | null> {
  if (!grantId) return null;
  const row = await db
    .selectFrom('sso_sign_ins')
    .select(['groups', 'overage', 'signed_in_at'])
    .where('grant_id', '=', grantId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row ? storedClaim(row.groups, row.overage, row.signed_in_at) : null;
}
