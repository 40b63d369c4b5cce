// Activations: one per user and device, each with a lease. Activate and
// check-in re-decide access (access/decide.ts) and sign a fresh license; a
// refusal at check-in revokes the activation with its code.
import { randomUUID } from 'node:crypto';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { Clock } from '../clock.ts';
import type { ActivationsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { decide } from '../access/decide.ts';
import {
  markInvitationActivated,
  writeActivationSucceeded,
  writeDeviceReleased,
} from './activation-events.ts';
import { writeSeatThresholds } from './seat-thresholds.ts';
import { entitlementOf } from '../access/entitlement.ts';
import type { SignInClaim } from '../access/sign-in-claims.ts';
import type { DeviceInput } from './device-input.ts';
import { endUserSessions } from '../oidc/port.ts';
import { holderFromDecision } from './license-holder.ts';
import { requireApprovedDevice } from '../devices/approval-gate.ts';
import { signLicense, type LicenseHolder } from './license-token.ts';

export interface LicensingContext {
  db: Db;
  clock: Clock;
  masterKey: Buffer;
  publicUrl: string;
  leaseMs: number;
  renewAfterMs: number;
}

export interface IssuedLicense {
  activationId: string;
  license: string;
  leaseExpiresAt: string;
}

/** For the activation log, not the wire: the seat was taken above the count (access/overage.ts). */
export interface OverCount {
  overCount: boolean;
}

export async function issueLicense(
  ctx: LicensingContext,
  a: ActivationsTable,
  edition: string,
  subscriptionEnd: string,
  holder: LicenseHolder,
): Promise<IssuedLicense> {
  const license = await signLicense(ctx.db, ctx.clock, ctx.masterKey, ctx.publicUrl, {
    userId: a.user_id,
    holder,
    accountId: a.account_id,
    licenseId: a.license_id,
    sublicenseId: a.sublicense_id,
    edition,
    deviceId: a.device_id,
    activationId: a.id,
    subscriptionEnd: new Date(subscriptionEnd),
    leaseEnd: new Date(a.lease_expires_at),
    renewAfter: new Date(
      Math.min(
        new Date(a.last_checkin_at).getTime() + ctx.renewAfterMs,
        new Date(a.lease_expires_at).getTime(),
      ),
    ),
  });
  return { activationId: a.id, license, leaseExpiresAt: a.lease_expires_at };
}

export const leaseEndFor = (ctx: LicensingContext, now: Date, subscriptionEnd: string) =>
  new Date(Math.min(now.getTime() + ctx.leaseMs, new Date(subscriptionEnd).getTime())).toISOString();

export async function activateDevice(
  ctx: LicensingContext,
  accountId: string,
  userId: string,
  device: DeviceInput,
  /** The claim the token's sign-in was decided on (access/sign-in-grant.ts); null: the last sign-in's. */
  claim: SignInClaim | null = null,
): Promise<IssuedLicense & OverCount> {
  return inTransaction(ctx.db, async (tx) => {
    await markInvitationActivated(tx, ctx.clock, { accountId, userId });
    // Seats and device slots are counted (under the account's lock), then taken, in this transaction.
    const decision = await decide(tx, ctx.clock, {
      via: 'sso',
      email: null,
      accountId,
      user: { id: userId },
      claim,
      lastSignIn: claim === null,
      deviceId: device.deviceId,
      rules: ['user', 'active', 'group', 'license', 'seats', 'devices'],
    });
    const { license, sublicenseId, overCount } = entitlementOf(decision);
    // A license that wants new devices approved: a device never approved waits (devices/approval-gate.ts).
    await requireApprovedDevice(tx, license, userId, device.deviceId);
    const row = await writeDeviceActivation(tx, ctx, {
      accountId,
      userId,
      device,
      license,
      sublicenseId,
      overCount,
    });
    const holder = await holderFromDecision(tx, decision, userId);
    const issued = await issueLicense({ ...ctx, db: tx }, row, license.edition, license.expires_at, holder);
    await writeActivationSucceeded(tx, ctx.clock, row);
    await writeSeatThresholds(tx, ctx.clock, decision, row);
    return { ...issued, overCount };
  });
}

/** This device's live activation for the user renewed on the decided seat, or a new one. */
async function writeDeviceActivation(
  tx: Db,
  ctx: LicensingContext,
  {
    accountId,
    userId,
    device,
    license,
    sublicenseId,
    overCount,
  }: {
    accountId: string;
    userId: string;
    device: DeviceInput;
    license: { id: string; expires_at: string };
    sublicenseId: string | null;
    overCount: boolean;
  },
): Promise<ActivationsTable> {
  const now = ctx.clock.now();
  const same = await tx
    .selectFrom('activations')
    .selectAll()
    .where('user_id', '=', userId)
    .where('device_id', '=', device.deviceId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  const row: ActivationsTable = same
    ? {
        ...same,
        license_id: license.id,
        sublicense_id: sublicenseId,
        last_checkin_at: now.toISOString(),
        lease_expires_at: leaseEndFor(ctx, now, license.expires_at),
        app_version: device.appVersion,
        over_count: overCount ? 1 : 0,
      }
    : {
        id: randomUUID(),
        account_id: accountId,
        user_id: userId,
        license_id: license.id,
        sublicense_id: sublicenseId,
        device_id: device.deviceId,
        device_name: device.deviceName,
        os: device.os,
        app_version: device.appVersion,
        created_at: now.toISOString(),
        last_checkin_at: now.toISOString(),
        lease_expires_at: leaseEndFor(ctx, now, license.expires_at),
        revoked_at: null,
        revoked_reason: null,
        revoked_code: null,
        via: 'sso',
        secret_hash: null,
        over_count: overCount ? 1 : 0,
      };
  if (same) await tx.updateTable('activations').set(row).where('id', '=', row.id).execute();
  else await tx.insertInto('activations').values(row).execute();
  return row;
}

export async function deactivateDevice(
  ctx: LicensingContext,
  activationId: string,
  userId: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const released = await tx
      .updateTable('activations')
      .set({
        revoked_at: ctx.clock.now().toISOString(),
        revoked_code: 'ACTIVATION_REVOKED',
        revoked_reason: 'deactivated on the device',
      })
      .where('id', '=', activationId)
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .returning('account_id')
      .executeTakeFirst();
    if (!released)
      throw new LatchkeyError('ACTIVATION_REVOKED', 'no active activation to deactivate', { activationId });
    await writeDeviceReleased(tx, ctx.clock, released.account_id, activationId);
  });
  // The person is done on this device: their sign-in session must not serve the next one.
  await endUserSessions(ctx.db, userId);
}
