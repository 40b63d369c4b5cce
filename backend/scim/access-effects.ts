// What follows when a user loses access (deactivated, deleted, or removed
// from the desktop-users group): it happens in the same transaction as the
// change. Console sessions end now; the licensing issue adds revoking the
// user's activations and refresh tokens here.
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.ts';

export type AccessLossReason = 'deactivated' | 'deleted' | 'removed_from_group';

export async function revokeUserAccess(
  tx: Transaction<Database>,
  accountId: string,
  userIds: string[],
  _reason: AccessLossReason,
): Promise<void> {
  if (userIds.length === 0) return;
  await tx
    .deleteFrom('console_sessions')
    .where('account_id', '=', accountId)
    .where('user_id', 'in', userIds)
    .execute();
}
