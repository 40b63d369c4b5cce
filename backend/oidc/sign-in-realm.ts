// The account a sign-in is for: the app's login_hint (a corporate email) and
// its domain's home realm (access/home-realm.ts). One path for the browser's
// sign-in start (interaction-routes.ts) and the device authorization request
// (device-flow.ts), so both refuse the same emails with the same codes.
import { z } from 'zod';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { discoverRealm, type Realm } from '../access/home-realm.ts';
import type { Db } from '../db/types.ts';

const loginHint = z.email();

export async function realmOfLoginHint(db: Db, email: string): Promise<Realm> {
  if (!loginHint.safeParse(email).success)
    throw new LatchkeyError('DOMAIN_NOT_REGISTERED', 'login_hint is not an email address', { email });
  return discoverRealm(db, email);
}
