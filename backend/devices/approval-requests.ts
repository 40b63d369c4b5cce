// A new device's request for approval (issue 26 item 4): one row per user and
// device (a unique constraint, so a retried activation, or two at once on two
// nodes, never makes a second request); it waits 7 days. The app gets a poll
// token, stored hashed, that only asks about this one request.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { ApprovalTicket } from '../../common/my-devices.ts';
import type { Clock } from '../clock.ts';
import type { DeviceApprovalRequestsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import type { DeviceInput } from '../licensing/device-input.ts';

export const approvalWaitMs = 7 * 86_400_000;
/** The app's first wait; it backs off from there (main/core/activation/approval-wait.ts). */
export const pollAfterSeconds = 15;
const pollTokenPrefix = 'lkap_';

export const hashPollToken = (token: string): string => createHash('sha256').update(token).digest('hex');
export const isPollToken = (token: string): boolean => token.startsWith(pollTokenPrefix);
const newPollToken = () => `${pollTokenPrefix}${randomBytes(32).toString('base64url')}`;

export interface ApprovalAsk {
  accountId: string;
  userId: string;
  licenseId: string;
  device: DeviceInput;
}

/**
 * The device's request: made, renewed (a previous one ended), or the one
 * already waiting (its poll token replaced: only the newest app run polls).
 * A denial still in force is refused with its code.
 */
export async function requestApproval(db: Db, clock: Clock, ask: ApprovalAsk): Promise<ApprovalTicket> {
  const pollToken = newPollToken();
  const row = await inTransaction(db, async (tx) => {
    const now = clock.now();
    const fresh = {
      account_id: ask.accountId,
      license_id: ask.licenseId,
      device_name: ask.device.deviceName,
      os: ask.device.os,
      app_version: ask.device.appVersion,
      status: 'pending' as const,
      requested_at: now.toISOString(),
      expires_at: new Date(now.getTime() + approvalWaitMs).toISOString(),
      decided_at: null,
      decided_by: null,
      poll_hash: hashPollToken(pollToken),
    };
    const inserted = await tx
      .insertInto('device_approval_requests')
      .values({ id: randomUUID(), user_id: ask.userId, device_id: ask.device.deviceId, ...fresh })
      .onConflict((oc) => oc.columns(['user_id', 'device_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (inserted) return announced(tx, clock, inserted);
    const existing = await tx
      .selectFrom('device_approval_requests')
      .selectAll()
      .where('user_id', '=', ask.userId)
      .where('device_id', '=', ask.device.deviceId)
      .executeTakeFirstOrThrow();
    const ended = existing.expires_at <= now.toISOString();
    if (existing.status === 'denied' && !ended)
      throw new LatchkeyError('DEVICE_APPROVAL_DENIED', 'an admin denied this device', {
        accountId: ask.accountId,
        requestId: existing.id,
      });
    const waiting = existing.status === 'pending' && !ended && existing.license_id === ask.licenseId;
    const renewed = waiting ? { poll_hash: fresh.poll_hash } : fresh;
    const updated = await tx
      .updateTable('device_approval_requests')
      .set(renewed)
      .where('id', '=', existing.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return waiting ? updated : announced(tx, clock, updated);
  });
  return { requestId: row.id, pollToken, expiresAt: row.expires_at, pollAfterSeconds };
}

async function announced(
  tx: Db,
  clock: Clock,
  row: DeviceApprovalRequestsTable,
): Promise<DeviceApprovalRequestsTable> {
  await writeEvent(tx, clock, row.account_id, {
    type: 'device.approval_requested',
    data: { requestId: row.id, userId: row.user_id, licenseId: row.license_id, deviceName: row.device_name },
  });
  return row;
}

export async function requestOfPollToken(db: Db, token: string): Promise<DeviceApprovalRequestsTable | null> {
  if (!isPollToken(token)) return null;
  const row = await db
    .selectFrom('device_approval_requests')
    .selectAll()
    .where('poll_hash', '=', hashPollToken(token))
    .executeTakeFirst();
  return row ?? null;
}

/** After the approved device activated: its poll token is spent (a new random hash no token has). */
export async function spendPollToken(db: Db, requestId: string): Promise<void> {
  await db
    .updateTable('device_approval_requests')
    .set({ poll_hash: hashPollToken(newPollToken()) })
    .where('id', '=', requestId)
    .execute();
}
