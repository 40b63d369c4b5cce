// Check-in, the hot path of every device every day: renew the lease when the
// seat that granted the activation still stands (one read), else re-decide
// under the account's lock; a refusal revokes the activation with its code.
import { sql, type ExpressionBuilder } from 'kysely';
import { isFailureCode } from '../../common/failure-codes.ts';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { ActivationsTable, Database } from '../db/schema.ts';
import { compileOnce } from '../db/compiled-query.ts';
import { lockAccountLicenses } from '../db/row-locks.ts';
import { inTransaction } from '../db/types.ts';
import { decideEntitlement, keyEntitlement, type Entitlement } from '../access/entitlement.ts';
import { groupMatchesSql } from '../access/group-rule.ts';
import { revokeActivations } from '../access/revoke.ts';
import { holderOf } from './license-holder.ts';
import { reclaimedRefusal } from './reclamation-rules.ts';
import { releasedByUserRefusal } from '../devices/released-refusal.ts';
import type { LicenseHolder } from './license-token.ts';
import { issueLicense, leaseEndFor, type IssuedLicense, type LicensingContext } from './activations.ts';

type HeldRow = ActivationsTable & {
  edition: string | null;
  license_expires_at: string | null;
  holder_email: string | null;
  holder_user_name: string | null;
  holder_display_name: string | null;
  held: unknown;
};

type ActivationRow = ExpressionBuilder<Database & { a: ActivationsTable }, 'a'>;

/**
 * The seat an activation holds still stands: the user active, the license
 * live, and — for an SSO activation — the membership that granted the seat
 * (the sublicense's group, or the desktop-users group) still there; a key
 * activation needs no group.
 */
function seatStillStands(eb: ActivationRow, now: string) {
  return eb.and([
    eb.exists(
      eb
        .selectFrom('account_users as u')
        .select('u.id')
        .whereRef('u.id', '=', 'a.user_id')
        .whereRef('u.account_id', '=', 'a.account_id')
        .where('u.active', '=', 1)
        .where('u.deleted_at', 'is', null),
    ),
    eb.exists(
      eb
        .selectFrom('licenses as l')
        .select('l.id')
        .whereRef('l.id', '=', 'a.license_id')
        .where('l.expires_at', '>', now),
    ),
    // Without SCIM (step 5), membership is the last sign-in's claim, within a window:
    // the full decision reads it (access/claim-membership.ts), never this shortcut.
    eb.or([
      eb('a.via', '=', 'key'),
      eb.exists(
        eb
          .selectFrom('idp_configs as p')
          .select('p.account_id')
          .whereRef('p.account_id', '=', 'a.account_id')
          .where('p.provisioning', '=', 'scim'),
      ),
    ]),
    grantingMembershipHolds(eb),
  ]);
}

/**
 * The group that granted the seat still holds the user: the sublicense's group
 * when `a.sublicense_id` is set, else the desktop-users group by the one group
 * rule (access/group-rule.ts). A key activation needs no group.
 */
function grantingMembershipHolds(eb: ActivationRow) {
  return eb.or([
    eb('a.via', '=', 'key'),
    eb.and([
      eb('a.sublicense_id', 'is', null),
      eb.exists(
        eb
          .selectFrom('group_members as m')
          .innerJoin('groups as g', 'g.id', 'm.group_id')
          .innerJoin('idp_configs as c', 'c.account_id', 'g.account_id')
          .select('m.user_id')
          .whereRef('m.user_id', '=', 'a.user_id')
          .where(
            groupMatchesSql('g', {
              id: sql.ref('c.desktop_group_id'),
              name: sql.ref('c.desktop_group_name'),
            }),
          ),
      ),
    ]),
    eb.exists(
      eb
        .selectFrom('group_members as m')
        .innerJoin('sublicenses as s', 's.group_id', 'm.group_id')
        .select('m.user_id')
        .whereRef('m.user_id', '=', 'a.user_id')
        .whereRef('s.id', '=', 'a.sublicense_id'),
    ),
  ]);
}

/**
 * The activation and whether the seat it holds still stands, in one read: the
 * user active, the license live, and — for an SSO activation — the membership
 * that granted the seat (the sublicense's group, or the desktop-users group)
 * still there; a key activation needs no group. The hot path of every
 * check-in, built and compiled once; anything else goes through the full
 * decision.
 */
const readActivationAndSeat = compileOnce<{ id: string; userId: string; now: string }, HeldRow>(
  ['id', 'userId', 'now'],
  (db, p) =>
    db
      .selectFrom('activations as a')
      .selectAll('a')
      // Scalar subqueries, not joins: SQLite ran this very query with joins 5–10× slower
      // (bench/report: check-ins over HTTP), though each plan step was an index search.
      .select((eb) => [
        eb
          .selectFrom('licenses as l')
          .select('l.edition')
          .whereRef('l.id', '=', 'a.license_id')
          .as('edition'),
        eb
          .selectFrom('licenses as l')
          .select('l.expires_at')
          .whereRef('l.id', '=', 'a.license_id')
          .as('license_expires_at'),
        // The holder the renewed license names (license-holder.ts): its primary-key row, no extra read.
        ...(['email', 'user_name', 'display_name'] as const).map((column) =>
          eb
            .selectFrom('account_users as h')
            .select(`h.${column}`)
            .whereRef('h.id', '=', 'a.user_id')
            .as(`holder_${column}`),
        ),
      ])
      .select((eb) => seatStillStands(eb, p.now).as('held'))
      .where('a.id', '=', p.id)
      .where('a.user_id', '=', p.userId),
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
  const { activation, license, holder } = await readCheckIn(ctx, activationId, userId);
  try {
    if (license) return await renewLease(ctx, activation, undefined, license, holder);
    return await redecideUnderLock(ctx, activation, userId, holder);
  } catch (err) {
    if (err instanceof LatchkeyError)
      await revokeActivations(ctx.db, ctx.clock, { activationIds: [activation.id] }, err.code);
    throw err;
  }
}

/** The one read: the activation (refused when gone or revoked), its holder, and its license when the seat stands. */
async function readCheckIn(ctx: LicensingContext, activationId: string, userId: string) {
  const found = (
    await readActivationAndSeat(ctx.db, {
      id: activationId,
      userId,
      now: ctx.clock.now().toISOString(),
    })
  ).rows[0];
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
