// The activation purpose of an SSO sign-in: the SAML profile → the
// provisioned user → the entitlement decision. The outcome is stored on the
// request row for the authorization server's interaction to finish with.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { decideEntitlement } from '../licensing/entitlement.ts';
import type { SamlProfile } from './attribute-presets.ts';
import { findUser } from './console-access.ts';

export async function decideActivationSignIn(
  db: Db,
  clock: Clock,
  accountId: string,
  profile: SamlProfile,
): Promise<string> {
  const user = await findUser(db, accountId, profile);
  const evidence = {
    externalId: profile.externalId,
    userName: profile.userName,
    groups: profile.groups,
    stage: 'entitlement',
  };
  if (!user)
    throw new LatchkeyError('USER_NOT_PROVISIONED', 'no provisioned user matches the sign-in', evidence);
  try {
    await decideEntitlement(db, clock, accountId, user.id, profile.groups);
  } catch (err) {
    // Entra listed no groups (over 150): SCIM did not show membership either.
    if (err instanceof LatchkeyError && err.code === 'USER_NOT_IN_GROUP' && profile.groupsOverage) {
      throw new LatchkeyError(
        'GROUPS_OVERAGE',
        'groups.link instead of groups, and SCIM shows no qualifying membership',
        evidence,
      );
    }
    if (err instanceof LatchkeyError) Object.assign(err.evidence, { stage: 'entitlement' });
    throw err;
  }
  return user.id;
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
