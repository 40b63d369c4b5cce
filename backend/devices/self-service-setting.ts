// The account's switch for self-service release (migration 0039): on by
// default; off, a user is sent to IT with SELF_RELEASE_DISABLED.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export async function selfServiceReleaseOn(db: Db, accountId: string): Promise<boolean> {
  const row = await db
    .selectFrom('accounts')
    .select('self_service_release')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.self_service_release !== 0;
}

export async function requireSelfServiceRelease(
  db: Db,
  caller: { accountId: string; email: string | null },
): Promise<void> {
  if (!(await selfServiceReleaseOn(db, caller.accountId)))
    throw new LatchkeyError('SELF_RELEASE_DISABLED', 'self-service release is off for this account', {
      accountId: caller.accountId,
      email: caller.email,
    });
}

export async function setSelfServiceRelease(
  db: Db,
  clock: Clock,
  change: { accountId: string; on: boolean; actor: string },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ self_service_release: change.on ? 1 : 0 })
    .where('id', '=', change.accountId)
    .execute();
  await writeAudit(db, clock, {
    accountId: change.accountId,
    actor: change.actor,
    action: 'devices.self_service_release',
    detail: { on: change.on },
  });
}
