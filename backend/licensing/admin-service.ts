// What an admin manages about licensing in the console: sublicenses (a
// license's seats split among groups) and the activations of their users,
// which they can revoke.
import { randomUUID } from 'node:crypto';
import type { Sublicense } from '../../common/console-api.ts';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { isUniqueViolation } from '../db/unique-violation.ts';
import { ApiError } from '../http/api-error.ts';
import { revokeActivations } from '../access/revoke.ts';

export const sublicenseInput = z
  .object({ groupId: z.uuid(), seats: z.number().int().min(1).max(1_000_000) })
  .strict();

async function ownLicense(db: Db, accountId: string, licenseId: string) {
  const license = await db
    .selectFrom('licenses')
    .selectAll()
    .where('id', '=', licenseId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!license) throw new ApiError(404, 'license_not_found', 'no such license in this account');
  return license;
}

export async function listSublicenses(db: Db, accountId: string, licenseId: string): Promise<Sublicense[]> {
  await ownLicense(db, accountId, licenseId);
  const rows = await db
    .selectFrom('sublicenses as s')
    .innerJoin('groups as g', 'g.id', 's.group_id')
    .select(['s.id', 's.group_id', 'g.display_name', 's.seats', 's.created_at'])
    .where('s.license_id', '=', licenseId)
    .orderBy('s.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    groupId: r.group_id,
    groupName: r.display_name,
    seats: Number(r.seats),
    createdAt: r.created_at,
  }));
}

async function requireOwnGroup(tx: Db, accountId: string, groupId: string): Promise<void> {
  const group = await tx
    .selectFrom('groups')
    .select('id')
    .where('id', '=', groupId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!group)
    throw new ApiError(404, 'group_not_found', 'groupId: no such SCIM group in this account', {
      field: 'groupId',
    });
}

/** A sublicense splits the license's seats: all of its sublicenses together fit in the license. */
async function requireSeatsToSplit(tx: Db, licenseId: string, licenseSeats: number, seats: number) {
  const existing = await tx
    .selectFrom('sublicenses')
    .select('seats')
    .where('license_id', '=', licenseId)
    .execute();
  const split = existing.reduce((sum, s) => sum + Number(s.seats), 0);
  if (split + seats > licenseSeats) {
    throw new ApiError(
      409,
      'seats_exceeded',
      `seats: only ${licenseSeats - split} of the license's ${licenseSeats} seats are left to split`,
      { field: 'seats' },
    );
  }
}

export async function addSublicense(
  db: Db,
  clock: Clock,
  accountId: string,
  licenseId: string,
  input: z.infer<typeof sublicenseInput>,
  actor: string,
) {
  return inTransaction(db, async (tx) => {
    const license = await ownLicense(tx, accountId, licenseId);
    await requireOwnGroup(tx, accountId, input.groupId);
    await requireSeatsToSplit(tx, licenseId, Number(license.seats), input.seats);
    const id = randomUUID();
    try {
      await tx
        .insertInto('sublicenses')
        .values({
          id,
          license_id: licenseId,
          group_id: input.groupId,
          seats: input.seats,
          created_at: clock.now().toISOString(),
        })
        .execute();
    } catch (err) {
      if (isUniqueViolation(err))
        throw new ApiError(409, 'sublicense_exists', 'that group already has a sublicense of this license', {
          field: 'groupId',
        });
      throw err;
    }
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'sublicense.added',
      target: id,
      detail: { licenseId, ...input },
    });
    return { id, groupId: input.groupId, seats: input.seats };
  });
}

export async function revokeActivationByAdmin(
  db: Db,
  clock: Clock,
  accountId: string,
  activationId: string,
  actor: string,
) {
  await inTransaction(db, async (tx) => {
    const n = await revokeActivations(
      tx,
      clock,
      { accountId, activationIds: [activationId] },
      'ACTIVATION_REVOKED',
      'revoked by an admin',
    );
    if (n === 0)
      throw new ApiError(404, 'activation_not_found', 'no active activation with that id in this account');
    await writeAudit(tx, clock, { accountId, actor, action: 'activation.revoked', target: activationId });
  });
}
