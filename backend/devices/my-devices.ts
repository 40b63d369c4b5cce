// The signed-in user's own live activations, and releasing one of them
// (issue 26 item 1). Only the caller's rows are ever read or written: another
// user's activation id is "not found" (404), never "forbidden", so the answer
// tells nothing about ids that are not yours. The release, its audit entry and
// its `device.released` event (by: 'user') are one transaction.
import type { MyDevice } from '../../common/my-devices.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import { notFound } from '../http/api-error.ts';
import type { Caller } from '../licensing/api-caller.ts';

export async function listMyDevices(
  db: Db,
  caller: Caller,
  thisDeviceId: string | null,
): Promise<MyDevice[]> {
  const rows = await db
    .selectFrom('activations')
    .select(['id', 'device_id', 'device_name', 'os', 'app_version', 'created_at', 'last_checkin_at'])
    .where('user_id', '=', caller.userId)
    .where('account_id', '=', caller.accountId)
    .where('revoked_at', 'is', null)
    .orderBy('last_checkin_at', 'desc')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    deviceName: r.device_name,
    os: r.os,
    appVersion: r.app_version,
    activatedAt: r.created_at,
    lastCheckInAt: r.last_checkin_at,
    thisDevice: thisDeviceId !== null && r.device_id === thisDeviceId,
  }));
}

export async function releaseMyDevice(
  db: Db,
  clock: Clock,
  caller: Caller,
  activationId: string,
): Promise<{ deviceName: string }> {
  return inTransaction(db, async (tx) => {
    const released = await tx
      .updateTable('activations')
      .set({
        revoked_at: clock.now().toISOString(),
        revoked_code: 'DEVICE_RELEASED_BY_USER',
        revoked_reason: 'released by its holder from another device',
      })
      .where('id', '=', activationId)
      .where('user_id', '=', caller.userId)
      .where('account_id', '=', caller.accountId)
      .where('revoked_at', 'is', null)
      .returning(['device_name', 'device_id'])
      .executeTakeFirst();
    if (!released) throw notFound('activation');
    await writeAudit(tx, clock, {
      accountId: caller.accountId,
      actor: `user:${caller.email ?? caller.userId}`,
      action: 'device.released_by_user',
      target: activationId,
      detail: { deviceName: released.device_name },
    });
    await writeEvent(tx, clock, caller.accountId, {
      type: 'device.released',
      data: { activationId, by: 'user' },
    });
    return { deviceName: released.device_name };
  });
}
