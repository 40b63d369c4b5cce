// The activation purpose of an SSO sign-in: the SAML profile → the access
// decision (user, active, group by SCIM or the claim, license, seats). The outcome is stored on the
// request row for the authorization server's interaction to finish with.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { decideSignIn } from '../access/sign-in.ts';
import type { SamlProfile } from './attribute-presets.ts';

export async function decideActivationSignIn(
  db: Db,
  clock: Clock,
  accountId: string,
  profile: SamlProfile,
  requestId: string,
): Promise<string> {
  return decideSignIn(db, clock, accountId, profile, requestId).catch((err: unknown) => {
    if (err instanceof LatchkeyError)
      Object.assign(err.evidence, {
        externalId: profile.externalId,
        userName: profile.userName,
        stage: 'entitlement',
      });
    throw err;
  });
}

export async function recordActivationOutcome(
  db: Db,
  requestId: string,
  outcome: { userId: string } | { code: string; reference: number },
) {
  let update = db
    .updateTable('saml_requests')
    .set(
      'userId' in outcome
        ? { result_user_id: outcome.userId, result_code: null, result_reference: null }
        : { result_user_id: null, result_code: outcome.code, result_reference: String(outcome.reference) },
    )
    .where('id', '=', requestId);
  // A refusal (say, a replay of the same answer) never overwrites a sign-in that already succeeded.
  if ('code' in outcome) update = update.where('result_user_id', 'is', null);
  await update.execute();
}
