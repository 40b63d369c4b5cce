// The grant of an app's SSO sign-in, made when the interaction finishes and
// bound to what the ACS decided (access/sign-in-grant.ts): the authorization
// code and the tokens carry its id, so the licensing API re-checks the facts
// this sign-in was decided on (issue 21 item 1). The first-party app is
// granted its scopes without a consent screen, as grantFirstPartyConsent does.
import type Provider from 'oidc-provider';
import { bindGrant, signInOfRequest } from '../access/sign-in-grant.ts';
import type { Db } from '../db/types.ts';
import { desktopScopes } from './provider.ts';

export async function grantForSignIn(
  provider: Provider,
  db: Db,
  clientId: string,
  signIn: { userId: string; requestId: string },
): Promise<string> {
  const grant = new provider.Grant({ accountId: signIn.userId, clientId });
  grant.addOIDCScope(desktopScopes);
  const grantId = await grant.save();
  const recorded = await signInOfRequest(db, signIn.requestId, signIn.userId);
  if (recorded) await bindGrant(db, recorded, grantId);
  return grantId;
}
