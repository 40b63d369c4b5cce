// The console's side of device approvals (issue 26 item 4): the pending
// requests, and an admin's approve or deny — one conditional UPDATE (only a
// pending, unexpired request of this account changes; two admins at once: one
// wins, the other gets 404), its audit entry and its event in one transaction.
// Seats are not taken here: the device's next poll activates, and the
// decision counts seats then, in the database (licensing/activations.ts).
import type { PendingApproval } from '../../common/console-devices.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import { notFound } from '../http/api-error.ts';

export async function listPendingApprovals(
  db: Db,
  clock: Clock,
  accountId: string,
): Promise<PendingApproval[]> {
  const rows = await db
    .selectFrom('device_approval_requests as r')
    .innerJoin('account_users as u', 'u.id', 'r.user_id')
    .innerJoin('licenses as l', 'l.id', 'r.license_id')
    .select([
      'r.id',
      'r.device_name',
      'r.os',
      'r.app_version',
      'r.requested_at',
      'r.expires_at',
      'r.license_id',
      'l.edition',
      'u.email',
      'u.user_name',
    ])
    .where('r.account_id', '=', accountId)
    .where('r.status', '=', 'pending')
    .where('r.expires_at', '>', clock.now().toISOString())
    .orderBy('r.requested_at')
    .orderBy('r.id')
    .limit(500)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    deviceName: r.device_name,
    os: r.os,
    appVersion: r.app_version,
    userEmail: r.email,
    userName: r.user_name,
    licenseId: r.license_id,
    licenseEdition: r.edition,
    requestedAt: r.requested_at,
    expiresAt: r.expires_at,
  }));
}

export async function decideApproval(
  db: Db,
  clock: Clock,
  decision: { accountId: string; requestId: string; approve: boolean; actor: string },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const now = clock.now().toISOString();
    const status = decision.approve ? 'approved' : 'denied';
    const decided = await tx
      .updateTable('device_approval_requests')
      .set({ status, decided_at: now, decided_by: decision.actor })
      .where('id', '=', decision.requestId)
      .where('account_id', '=', decision.accountId)
      .where('status', '=', 'pending')
      .where('expires_at', '>', now)
      .returning(['user_id', 'device_name'])
      .executeTakeFirst();
    if (!decided) throw notFound('pending device approval request');
    await writeAudit(tx, clock, {
      accountId: decision.accountId,
      actor: decision.actor,
      action: decision.approve ? 'device.approved' : 'device.denied',
      target: decision.requestId,
      detail: { deviceName: decided.device_name, userId: decided.user_id },
    });
    await writeEvent(tx, clock, decision.accountId, {
      type: decision.approve ? 'device.approved' : 'device.denied',
      data: { requestId: decision.requestId, userId: decided.user_id, actor: decision.actor },
    });
  });
}

export async function setLicenseDeviceApproval(
  db: Db,
  clock: Clock,
  change: { accountId: string; licenseId: string; required: boolean; actor: string },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    const updated = await tx
      .updateTable('licenses')
      .set({ device_approval: change.required ? 1 : 0 })
      .where('id', '=', change.licenseId)
      .where('account_id', '=', change.accountId)
      .executeTakeFirst();
    if (!updated.numUpdatedRows) throw notFound('license');
    await writeAudit(tx, clock, {
      accountId: change.accountId,
      actor: change.actor,
      action: 'license.device_approval',
      target: change.licenseId,
      detail: { required: change.required },
    });
  });
}
