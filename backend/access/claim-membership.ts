// The group rule for an account without SCIM (issue 21 item 2; DESIGN.md
// §Flow step 6): membership is the groups claim of the user's sign-in — this
// sign-in's in the browser, the one bound to the token's grant at issuance,
// the last one at check-in and in the access check. No directory tells
// Latchkey when such a user leaves, so a claim counts only within the
// account's window (step 5, default 7 days) after that sign-in; then the
// user must sign in again (SIGN_IN_EXPIRED).
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { claimAsGroup, groupMatches } from './group-rule.ts';
import type { ProvisioningMode } from './provisioning.ts';
import type { AccessRequest, DecisionState, Evidence } from './rule-types.ts';
import { lastSignInClaim } from './sign-in-claims.ts';
import type { Db } from '../db/types.ts';

const dayMs = 86_400_000;

/** "from the sign-in of 2026-12-07 09:40 UTC, no SCIM": what the console and `why` show. */
export const membershipFromSignIn = (seenAt: string): string =>
  `from the sign-in of ${seenAt.slice(0, 16).replace('T', ' ')} UTC, no SCIM`;

export async function checkClaimMembership(
  db: Db,
  now: Date,
  request: AccessRequest,
  state: DecisionState,
  provisioning: ProvisioningMode,
): Promise<Evidence> {
  const claim = request.claim ?? (state.user ? await lastSignInClaim(db, state.user.id) : null);
  const base = { desktopGroup: state.desktopGroup, provisioning: 'without SCIM (just in time)' };
  if (!claim)
    throw new LatchkeyError(
      'SIGN_IN_EXPIRED',
      'no SSO sign-in yet: without SCIM, membership comes from one',
      {
        ...base,
        membership: 'no sign-in yet, no SCIM',
      },
    );
  const ageMs = now.getTime() - new Date(claim.seenAt).getTime();
  const evidence = {
    ...base,
    membership: membershipFromSignIn(claim.seenAt),
    claimGroups: claim.groups,
    renewWithinDays: provisioning.renewDays,
    ...(claim.overage && { groupsOverage: true }),
  };
  if (ageMs > provisioning.renewDays * dayMs)
    throw new LatchkeyError(
      'SIGN_IN_EXPIRED',
      `the last SSO sign-in is more than ${provisioning.renewDays} days old`,
      evidence,
    );
  const matched = claim.groups
    .filter((value) => groupMatches(claimAsGroup(value), state.desktopGroup))
    .map((value) => ({ group: value, via: 'saml-claim', grants: 'desktop-users' }));
  state.claimGroups = claim.groups;
  if (matched.length > 0) return { ...evidence, matched };
  if (claim.overage)
    throw new LatchkeyError(
      'GROUPS_OVERAGE',
      'groups.link instead of groups, and without SCIM nothing else shows membership',
      { ...evidence, matched },
    );
  throw new LatchkeyError('USER_NOT_IN_GROUP', "the sign-in's groups claim names no desktop-users group", {
    ...evidence,
    matched,
  });
}
