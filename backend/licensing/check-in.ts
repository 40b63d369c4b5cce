// Check-in, the hot path of every device every day: renew the lease when the
// seat that granted the activation still stands (one read), else re-decide
// under the account's lock; a refusal revokes the activation with its code.
import { sql } from 'kysely';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import type { ActivationsTable } from '../db/schema.ts';
import { lockAccountLicenses } from '../db/row-locks.ts';
import { inTransaction } from '../db/types.ts';
import {
  issueLicense,
  leaseEndFor,
  revokeActivations,
  type IssuedLicense,
  type LicensingContext,
} from './activations.ts';
import { decideEntitlement, type Entitlement } from './entitlement.ts';
import { keyEntitlement } from './key-activation.ts';

/**
 * Whether the seat this activation holds still stands, in one read: the user
 * active, the license live, and the membership that granted the seat (the
 * sublicense's group, or the desktop-users group) still there. The hot path
 * of every check-in; anything else goes through the full decision.
 */
async function seatStillHeld(
  ctx: LicensingContext,
  a: ActivationsTable,
): Promise<{ edition: string; expiresAt: string } | undefined> {
  const now = ctx.clock.now().toISOString();
  const row = await ctx.db
    .selectFrom('licenses as l')
    .innerJoin('account_users as u', 'u.account_id', 'l.account_id')
    .select(['l.edition', 'l.expires_at'])
    .select((eb) =>
      a.sublicense_id === null
        ? eb
            .exists(
              eb
                .selectFrom('group_members as m')
                .innerJoin('groups as g', 'g.id', 'm.group_id')
                .innerJoin('idp_configs as c', 'c.account_id', 'g.account_id')
                .select('m.user_id')
                .where('m.user_id', '=', a.user_id)
                .where((w) =>
                  w.or([
                    w('g.external_id', '=', w.ref('c.desktop_group_id')),
                    w('g.id', '=', w.ref('c.desktop_group_id')),
                    w('g.display_name_key', '=', sql<string>`lower(c.desktop_group_name)`),
                  ]),
                ),
            )
            .as('member')
        : eb
            .exists(
              eb
                .selectFrom('group_members as m')
                .innerJoin('sublicenses as s', 's.group_id', 'm.group_id')
                .select('m.user_id')
                .where('m.user_id', '=', a.user_id)
                .where('s.id', '=', a.sublicense_id),
            )
            .as('member'),
    )
    .where('u.id', '=', a.user_id)
    .where('u.active', '=', 1)
    .where('u.deleted_at', 'is', null)
    .where('l.id', '=', a.license_id)
    .where('l.expires_at', '>', now)
    .executeTakeFirst();
  return row && Boolean(row.member) ? { edition: row.edition, expiresAt: row.expires_at } : undefined;
}

/** Key activations hold their seat while the user is active and the license live (no group needed). */
async function keySeatHeld(
  ctx: LicensingContext,
  a: ActivationsTable,
): Promise<{ edition: string; expiresAt: string } | undefined> {
  const row = await ctx.db
    .selectFrom('licenses as l')
    .innerJoin('account_users as u', 'u.account_id', 'l.account_id')
    .select(['l.edition', 'l.expires_at'])
    .where('l.id', '=', a.license_id)
    .where('u.id', '=', a.user_id)
    .where('u.active', '=', 1)
    .where('u.deleted_at', 'is', null)
    .where('l.expires_at', '>', ctx.clock.now().toISOString())
    .executeTakeFirst();
  return row ? { edition: row.edition, expiresAt: row.expires_at } : undefined;
}

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
): Promise<IssuedLicense> {
  const now = ctx.clock.now();
  const row = {
    ...activation,
    ...(decided && { license_id: decided.license.id, sublicense_id: decided.sublicenseId }),
    last_checkin_at: now.toISOString(),
    lease_expires_at: leaseEndFor(ctx, now, license.expiresAt),
  };
  await ctx.db
    .updateTable('activations')
    .set({
      license_id: row.license_id,
      sublicense_id: row.sublicense_id,
      last_checkin_at: row.last_checkin_at,
      lease_expires_at: row.lease_expires_at,
    })
    .where('id', '=', activation.id)
    .where('revoked_at', 'is', null)
    .execute();
  return issueLicense(ctx, row, license.edition, license.expiresAt);
}

/** Renews the lease, or revokes the activation with the reason the entitlement gave. */
export async function checkIn(
  ctx: LicensingContext,
  activationId: string,
  userId: string,
): Promise<IssuedLicense> {
  const activation = await ctx.db
    .selectFrom('activations')
    .selectAll()
    .where('id', '=', activationId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!activation || activation.revoked_at) {
    throw new LatchkeyError('ACTIVATION_REVOKED', activation?.revoked_reason ?? 'no such activation', {
      activationId,
    });
  }
  try {
    const held =
      activation.via === 'key' ? await keySeatHeld(ctx, activation) : await seatStillHeld(ctx, activation);
    if (held) return await renewLease(ctx, activation, undefined, held);
    // The seat that granted the activation is gone: a new decision may take
    // another seat, so it is counted and taken under the account's lock.
    return await inTransaction(ctx.db, async (tx) => {
      await lockAccountLicenses(tx, activation.account_id);
      const txCtx = { ...ctx, db: tx };
      const decided =
        activation.via === 'key'
          ? await keyEntitlementFor(txCtx, activation)
          : await decideEntitlement(tx, ctx.clock, activation.account_id, userId);
      return renewLease(txCtx, activation, decided, {
        edition: decided.license.edition,
        expiresAt: decided.license.expires_at,
      });
    });
  } catch (err) {
    if (err instanceof LatchkeyError)
      await revokeActivations(ctx.db, ctx.clock, { activationIds: [activation.id] }, err.code);
    throw err;
  }
}
