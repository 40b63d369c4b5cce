// Revocation: immediate, by user, activation, account or sublicense, with the
// reason as a catalog code (what the app is told at its next check-in) and,
// for the console, an optional note in words. The app learns at its next
// check-in; its lease is the offline grace. Used by check-in refusals, SCIM
// deprovisioning and the console.
import type { FailureCode } from '../../common/failure-codes.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export interface RevokeWhich {
  userIds?: string[];
  activationIds?: string[];
  sublicenseId?: string | null;
  accountId?: string;
}

/** Returns how many activations were revoked; revokes nothing unless users or activations are named. */
export async function revokeActivations(
  db: Db,
  clock: Clock,
  which: RevokeWhich,
  code: FailureCode,
  note: string = code,
): Promise<number> {
  if ((which.userIds?.length ?? 0) === 0 && (which.activationIds?.length ?? 0) === 0) return 0;
  let q = db
    .updateTable('activations')
    .set({ revoked_at: clock.now().toISOString(), revoked_code: code, revoked_reason: note })
    .where('revoked_at', 'is', null);
  if (which.userIds?.length) q = q.where('user_id', 'in', which.userIds);
  if (which.activationIds?.length) q = q.where('id', 'in', which.activationIds);
  if (which.accountId) q = q.where('account_id', '=', which.accountId);
  if (which.sublicenseId !== undefined) {
    const sub = which.sublicenseId;
    q = q.where((eb) => (sub === null ? eb('sublicense_id', 'is', null) : eb('sublicense_id', '=', sub)));
  }
  return Number((await q.executeTakeFirst()).numUpdatedRows);
}
