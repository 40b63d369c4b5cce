// The licensing wire's events (issue 24): written in the transaction that
// activates or releases the device, as its last statement (the account's event
// counter is then held only until the commit, events/write-events.ts).
import type { Clock } from '../clock.ts';
import type { ActivationsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import { markAppInvitationActivated } from '../app-invitations/activated.ts';

/**
 * The user's app invitation, if any, is "activated" by the activation's transaction (issue 25
 * item 3) — marked at its start, before the account's lock: it needs no lock, and under it each
 * round trip is paid by every activation of the account queued behind (issue 27 item 7). Every
 * activation marks it before taking the lock, so the two locks are always taken in one order.
 * A refused activation rolls the mark back with the rest.
 */
export const markInvitationActivated = (
  tx: Db,
  clock: Clock,
  a: { accountId: string; userId: string },
): Promise<void> => markAppInvitationActivated(tx, clock, { account_id: a.accountId, user_id: a.userId });

export const writeActivationSucceeded = async (tx: Db, clock: Clock, a: ActivationsTable): Promise<void> => {
  await writeEvent(tx, clock, a.account_id, {
    type: 'activation.succeeded',
    data: {
      activationId: a.id,
      userId: a.user_id,
      deviceId: a.device_id,
      deviceName: a.device_name,
      licenseId: a.license_id,
      via: a.via === 'key' ? 'key' : 'sso',
    },
  });
};

export const writeDeviceReleased = (
  tx: Db,
  clock: Clock,
  accountId: string,
  activationId: string,
): Promise<void> =>
  writeEvent(tx, clock, accountId, { type: 'device.released', data: { activationId, by: 'device' } });
