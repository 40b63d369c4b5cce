// The SSO sign-in's way into the decision (DESIGN.md flow step 6): the user
// the SAML profile names, active, in the desktop-users or a sublicense group
// (SCIM, else the groups claim), a live license with a seat. The realm was
// decided at the authorization endpoint and the device slot is the licensing
// API's. The claim is remembered first, so the access check can tell later
// what the IdP said (notably Entra's groups overage); an accepted sign-in is
// recorded with the claim it was decided on, for its grant (sign-in-grant.ts).
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { decide } from './decide.ts';
import { findUser, type UserNames } from './find-user.ts';
import { createJitUser } from './jit-user.ts';
import { provisioningOf } from './provisioning.ts';
import { recordSignIn } from './sign-in-grant.ts';
import { rememberSignInClaim } from './sign-in-claims.ts';

export interface SignInFacts extends UserNames {
  givenName?: string | null;
  familyName?: string | null;
  groups: string[];
  groupsOverage: boolean;
}

/**
 * Returns the user's id, or throws the first failing rule's LatchkeyError.
 * `signInId` (the SAML request's id) keys the accepted sign-in's record.
 */
export async function decideSignIn(
  db: Db,
  clock: Clock,
  accountId: string,
  facts: SignInFacts,
  signInId: string,
): Promise<string> {
  const names = {
    externalId: facts.externalId ?? null,
    userName: facts.userName ?? null,
    email: facts.email ?? null,
  };
  const claim = { groups: facts.groups, overage: facts.groupsOverage, seenAt: clock.now().toISOString() };
  // Without SCIM the signed assertion creates the user at the first sign-in (step 5).
  const known =
    (await findUser(db, accountId, names)) ??
    ((await provisioningOf(db, accountId)).mode === 'jit'
      ? await createJitUser(db, clock, accountId, {
          ...names,
          givenName: facts.givenName,
          familyName: facts.familyName,
        })
      : undefined);
  if (known) await rememberSignInClaim(db, accountId, known.id, claim);
  const decision = await decide(db, clock, {
    via: 'sso',
    email: names.email,
    accountId,
    user: names,
    claim,
    rules: ['user', 'active', 'group', 'license', 'seats'],
  });
  if (!decision.user) throw new Error('the sign-in decision found no user');
  await recordSignIn(db, clock, { id: signInId, accountId, userId: decision.user.id, claim });
  return decision.user.id;
}
