// "My devices" needs proof of who is asking that is newer than the refusal
// that sent the user there (issue 26 item 1): a refusal is no proof of
// identity, and a refresh token copied months ago must not release anyone's
// seat. The proof is the access token's own SSO sign-in: the ACS records when
// the IdP vouched for the user (access/sign-in-grant.ts, `signed_in_at`) and the
// grant of that sign-in travels in the token. A refreshed token keeps its
// grant, so it keeps its old sign-in time; a key activation's secret has none.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import type { Caller } from '../licensing/api-caller.ts';

/** How old the sign-in may be (docs/my-devices.md): long enough to pick a device, short enough to mean "now". */
export const freshSignInMs = 5 * 60_000;

export async function requireFreshSignIn(db: Db, clock: Clock, caller: Caller): Promise<void> {
  const grantId = caller.onlyActivation === undefined ? caller.grantId : null;
  const row = grantId
    ? await db
        .selectFrom('sso_sign_ins')
        .select((eb) => eb.fn.max('signed_in_at').as('at'))
        .where('grant_id', '=', grantId)
        .where('user_id', '=', caller.userId)
        .executeTakeFirst()
    : undefined;
  const at = row?.at ? new Date(row.at).getTime() : Number.NaN;
  const ageMs = clock.now().getTime() - at;
  if (!(ageMs >= -60_000 && ageMs <= freshSignInMs))
    throw new LatchkeyError('SIGN_IN_NOT_FRESH', 'My devices needs an SSO sign-in of the last 5 minutes', {
      accountId: caller.accountId,
      email: caller.email,
      signedInAt: row?.at ?? null,
    });
}
