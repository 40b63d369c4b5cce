// The account's switch for signing in from a second device (RFC 8628 device
// authorization grant; migration 0042): off by default; off, the device
// authorization request is refused with DEVICE_CODE_NOT_ALLOWED.
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { readAccountSwitch, setAccountSwitch } from './account-switch.ts';

export async function deviceCodeSignInOn(db: Db, accountId: string): Promise<boolean> {
  return (await readAccountSwitch(db, accountId, 'device_code_sign_in')) === 1;
}

export async function requireDeviceCodeSignIn(db: Db, accountId: string, email: string): Promise<void> {
  if (!(await deviceCodeSignInOn(db, accountId)))
    throw new LatchkeyError(
      'DEVICE_CODE_NOT_ALLOWED',
      'sign-in from a second device is off for this account',
      {
        accountId,
        email,
      },
    );
}

export function setDeviceCodeSignIn(
  db: Db,
  clock: Clock,
  change: { accountId: string; on: boolean; actor: string },
): Promise<void> {
  return setAccountSwitch(db, clock, 'device_code_sign_in', change);
}
