// Check-in, the hot path of every device every day: renew the lease when the
// seat that granted the activation still stands (one read, then the write; on
// PostgreSQL both in one statement, check-in-statement.ts), else re-decide
// under the account's lock; a refusal revokes the activation with its code.
import { isFailureCode } from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { ActivationsTable } from '../db/schema.ts';
import { compileOnce } from '../db/compiled-query.ts';
import { lockAccountLicenses } from '../db/row-locks.ts';
import { inTransaction } from '../db/types.ts';
import { decideEntitlement, keyEntitlement, type Entitlement } from '../access/entitlement.ts';
import { revokeActivations } from '../access/revoke.ts';
import { holderOf } from './license-holder.ts';
import { reclaimedRefusal } from './reclamation-rules.ts';
import { releasedByUserRefusal } from '../devices/released-refusal.ts';
import type { LicenseHolder } from './license-token.ts';
import { issueLicense, leaseEndFor, type IssuedLicense, type LicensingContext } from './activations.ts';
import { selectCheckInRow, type HeldRow } from './check-in-read.ts';
import { readAndRenewByUser, renewsInOneStatement, type CheckInRead } from './check-in-statement.ts';

/** SQLite's check-in read (in-process, no round trip to save): built and compiled once. */
const readActivationAndSeat = compileOnce<{ id: string; userId: string; now: string }, HeldRow>(
  ['id', 'userId', 'now'],
  (db, p) => selectCheckInRow(db, p.now).where('a.id', '=', p.id).where('a.user_id', '=', p.userId),
);

/** The lease renewed in place (same seat): the one write of a check-in, compiled once. */
const writeRenewal = compileOnce<{ id: string; lastCheckinAt: string; leaseExpiresAt: string }, never>(
  ['id', 'lastCheckinAt', 'leaseExpiresAt'],
  (db, p) =>
    db
      .updateTable('activations')
      .set({ last_checkin_at: p.lastCheckinAt, lease_expires_at: p.leaseExpiresAt })
      .where('id', '=', p.id)
      .where('revoked_at', 'is', null),
);

async function keyEntitlementFor(ctx: LicensingContext, a: ActivationsTable) {
  const license = await ctx.db
    .selectFrom('licenses')
    .selectAll()
    .where('id', '=', a.license_id)
    .executeTakeFirstOrThrow();
  return keyEntitlement(ctx.db, ctx.clock, license, a.user_id);
}

async function renewLease(
  ctx: LicensingContext,
  activation: ActivationsTable,
  decided: Entitlement | undefined,
  license: { edition: string; expiresAt: string },
  holder: LicenseHolder,
): Promise<IssuedLicense> {
  const now = ctx.clock.now();
  const row = {
    ...activation,
    ...(decided && { license_id: decided.license.id, sublicense_id: decided.sublicenseId }),
    last_checkin_at: now.toISOString(),
    lease_expires_at: leaseEndFor(ctx, now, license.expiresAt),
  };
  const updated = decided
    ? (
        await ctx.db
          .updateTable('activations')
          .set({
            license_id: row.license_id,
            sublicense_id: row.sublicense_id,
            // A new decision may have taken its seat above the count (access/overage.ts).
            over_count: decided.overCount ? 1 : 0,
            last_checkin_at: row.last_checkin_at,
            lease_expires_at: row.lease_expires_at,
          })
          .where('id', '=', activation.id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst()
      ).numUpdatedRows
    : (
        await writeRenewal(ctx.db, {
          id: activation.id,
          lastCheckinAt: row.last_checkin_at,
          leaseExpiresAt: row.lease_expires_at,
        })
      ).numAffectedRows;
  // Revoked between the read and this write (SCIM, deactivation on another node, a reclamation
  // run): no new lease; a reclaimed device is told so, with its days.
  if (!updated) throw await revokedMeanwhile(ctx, activation.id);
  return issueLicense(ctx, row, license.edition, license.expiresAt, holder);
}

/** Why the renewal found the activation revoked: a reclaimed device is told so, with its days. */
async function revokedMeanwhile(ctx: LicensingContext, activationId: string): Promise<LatchkeyError> {
  const row = await ctx.db
    .selectFrom('activations')
    .select(['id', 'last_checkin_at', 'revoked_at', 'revoked_code'])
    .where('id', '=', activationId)
    .executeTakeFirst();
  return (
    (row && (reclaimedRefusal(row) ?? releasedByUserRefusal(row))) ??
    new LatchkeyError('ACTIVATION_REVOKED', 'the activation was revoked', { activationId })
  );
}

/** Renews the lease, or revokes the activation with the reason the entitlement gave. */
export async function checkIn(
  ctx: LicensingContext,
  activationId: string,
  userId: string,
): Promise<IssuedLicense> {
  return finishCheckIn(ctx, await readCheckIn(ctx, activationId, userId));
}

/** The lease a check-in now renews to, when the license lasts longer (else leaseEndFor stops it there). */
export const checkInTimes = (ctx: LicensingContext) => {
  const now = ctx.clock.now();
  return { now: now.toISOString(), leaseEnd: new Date(now.getTime() + ctx.leaseMs).toISOString() };
};

/** PostgreSQL: the read and the renewal, one statement (check-in-statement.ts); SQLite: the read. */
async function readCheckIn(
  ctx: LicensingContext,
  activationId: string,
  userId: string,
): Promise<CheckInRead> {
  const times = checkInTimes(ctx);
  if (renewsInOneStatement(ctx.db)) return readAndRenewByUser(ctx.db, { id: activationId, userId, ...times });
  const found = (await readActivationAndSeat(ctx.db, { id: activationId, userId, now: times.now })).rows[0];
  return { activationId, found, renewed: undefined };
}

/**
 * After the read: the license of a lease already renewed, else the renewal
 * (same seat) or a new decision under the account's lock; a refusal revokes.
 */
export async function finishCheckIn(ctx: LicensingContext, read: CheckInRead): Promise<IssuedLicense> {
  const { activation, license, holder } = refuseOrHold(read);
  try {
    if (license && read.renewed) {
      const row = {
        ...activation,
        last_checkin_at: read.renewed.lastCheckinAt,
        lease_expires_at: read.renewed.leaseExpiresAt,
      };
      return await issueLicense(ctx, row, license.edition, license.expiresAt, holder);
    }
    if (license) return await renewLease(ctx, activation, undefined, license, holder);
    return await redecideUnderLock(ctx, activation, activation.user_id, holder);
  } catch (err) {
    if (err instanceof LatchkeyError)
      await revokeActivations(ctx.db, ctx.clock, { activationIds: [activation.id] }, err.code);
    throw err;
  }
}

/** What the read found: the activation (refused when gone or revoked), its holder, and its license when the seat stands. */
function refuseOrHold({ activationId, found }: CheckInRead) {
  // Released by the reclamation policy: said as its own code, with the days the device was silent.
  const reclaimed = found && (reclaimedRefusal(found) ?? releasedByUserRefusal(found));
  if (reclaimed) throw reclaimed;
  if (!found || found.revoked_at) {
    // The reason travels as its catalog code (refusal-json.ts `reason`): the app shows its words.
    const reason = found?.revoked_code;
    throw new LatchkeyError('ACTIVATION_REVOKED', found?.revoked_reason ?? 'no such activation', {
      activationId,
      ...(reason && isFailureCode(reason) && { reason }),
    });
  }
  const {
    edition,
    license_expires_at: expiresAt,
    held,
    holder_email: email,
    holder_user_name: userName,
    holder_display_name: displayName,
    ...activation
  } = found;
  const holder = holderOf({ email, user_name: userName ?? '', display_name: displayName });
  const license = held && edition !== null && expiresAt !== null ? { edition, expiresAt } : undefined;
  return { activation, license, holder };
}

/**
 * The seat that granted the activation is gone: a new decision may take
 * another seat, so it is counted and taken under the account's lock.
 */
async function redecideUnderLock(
  ctx: LicensingContext,
  activation: ActivationsTable,
  userId: string,
  holder: LicenseHolder,
): Promise<IssuedLicense> {
  return inTransaction(ctx.db, async (tx) => {
    await lockAccountLicenses(tx, activation.account_id);
    const txCtx = { ...ctx, db: tx };
    const decided =
      activation.via === 'key'
        ? await keyEntitlementFor(txCtx, activation)
        : await decideEntitlement(tx, ctx.clock, activation.account_id, userId);
    return renewLease(
      txCtx,
      activation,
      decided,
      { edition: decided.license.edition, expiresAt: decided.license.expires_at },
      holder,
    );
  });
}
