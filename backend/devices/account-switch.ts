// An account's on/off device settings (self-service release, 0039; sign-in from
// a second device, 0042): one column each on accounts, changed with its audit
// entry `devices.<column>`; each setting's file decides its default and refusal.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { writeAudit } from '../audit/audit-log.ts';

export type AccountSwitch = 'self_service_release' | 'device_code_sign_in';

/** The stored value (1 on, 0 off), or undefined for an account that does not exist. */
export async function readAccountSwitch(
  db: Db,
  accountId: string,
  name: AccountSwitch,
): Promise<number | undefined> {
  const row = await db.selectFrom('accounts').select(name).where('id', '=', accountId).executeTakeFirst();
  return row === undefined ? undefined : Number(row[name]);
}

export async function setAccountSwitch(
  db: Db,
  clock: Clock,
  name: AccountSwitch,
  change: { accountId: string; on: boolean; actor: string },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ [name]: change.on ? 1 : 0 })
    .where('id', '=', change.accountId)
    .execute();
  await writeAudit(db, clock, {
    accountId: change.accountId,
    actor: change.actor,
    action: `devices.${name}`,
    detail: { on: change.on },
  });
}
