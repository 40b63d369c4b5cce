// The account's switch for self-service release (migration 0039): on by
// default; off, a user is sent to IT with SELF_RELEASE_DISABLED.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { readAccountSwitch, setAccountSwitch } from './account-switch.ts';

export async function selfServiceReleaseOn(db: Db, accountId: string): Promise<boolean> {
  return (await readAccountSwitch(db, accountId, 'self_service_release')) !== 0;
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

export function setSelfServiceRelease(
  db: Db,
  clock: Clock,
  change: { accountId: string; on: boolean; actor: string },
): Promise<void> {
  return setAccountSwitch(db, clock, 'self_service_release', change);
}
