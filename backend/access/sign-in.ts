// The SSO sign-in's way into the decision (DESIGN.md flow step 6): the user
// the SAML profile names, active, in the desktop-users or a sublicense group
// (SCIM, else the groups claim), a live license with a seat. The realm was
// decided at the authorization endpoint and the device slot is the licensing
// API's. The claim is remembered first, so the access check can tell later
// what the IdP said (notably Entra's groups overage).
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { decide } from './decide.ts';
import { findUser, type UserNames } from './find-user.ts';
import { rememberSignInClaim } from './sign-in-claims.ts';

export interface SignInFacts extends UserNames {
  groups: string[];
  groupsOverage: boolean;
}

/** Returns the user's id, or throws the first failing rule's LatchkeyError. */
export async function decideSignIn(
  db: Db,
  clock: Clock,
  accountId: string,
  facts: SignInFacts,
): Promise<string> {
  const names = {
    externalId: facts.externalId ?? null,
    userName: facts.userName ?? null,
    email: facts.email ?? null,
  };
  const claim = { groups: facts.groups, overage: facts.groupsOverage };
  const known = await findUser(db, accountId, names);
  if (known)
    await rememberSignInClaim(db, accountId, known.id, { ...claim, seenAt: clock.now().toISOString() });
  const decision = await decide(db, clock, {
    via: 'sso',
    email: names.email,
    accountId,
    user: names,
    claim,
    rules: ['user', 'active', 'group', 'license', 'seats'],
  });
  if (!decision.user) throw new Error('the sign-in decision found no user');
  return decision.user.id;
}
