// Step 7's default: "By default, the backup login is set to the email address
// of the currently logged-in user" (Okta configurator guide, step 7). When a
// qualifying user signs in and the account has no backup login yet, they
// become it. The database decides (UPDATE … WHERE backup_user_id IS NULL):
// of two sign-ins at once on any nodes exactly one wins, and a backup login
// once chosen is never overwritten. Called on sign-in only, never on a read.
import { sql } from 'kysely';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';

export async function adoptDefaultBackupLogin(
  db: Db,
  clock: Clock,
  accountId: string,
  userId: string,
  actor: string,
): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    const result = await tx
      .updateTable('idp_configs')
      .set({ backup_user_id: userId, updated_at: clock.now().toISOString() })
      .where('account_id', '=', accountId)
      .where('backup_user_id', 'is', null)
      // The eligibility rule of step 7 (integration-service setBackupLogin), checked in the same
      // statement so a user deactivated or stripped of their password meanwhile is never adopted.
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('account_users')
            .select(sql<number>`1`.as('one'))
            .where('id', '=', userId)
            .where('account_id', '=', accountId)
            .where('active', '=', 1)
            .where('password_hash', 'is not', null)
            .where('last_login_at', 'is not', null),
        ),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) return false;
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'backup_login.set',
      detail: { default: true, userId },
    });
    return true;
  });
}
