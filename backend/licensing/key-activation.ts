// Activation with a license key and no SSO: the key finds the license, the
// email names the user (seats still count users), and the app receives an
// activation secret (shown once, stored hashed) that it uses to check in.
// An account that enforces SSO (active integration) refuses key activation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { z } from 'zod';
import { LatchkeyError } from '../../common/latchkey-error.ts';
import { licenseKeyFormat, licenseKeyPattern } from '../../common/license-key.ts';
import { newUserRow } from '../accounts/user-row.ts';
import type { Clock } from '../clock.ts';
import type { ActivationsTable, LicensesTable } from '../db/schema.ts';
import { takesRowLocks } from '../db/row-locks.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { issueLicense, leaseEndFor, type IssuedLicense, type LicensingContext } from './activations.ts';
import { deviceInput } from './device-input.ts';
import type { Entitlement } from './entitlement.ts';

export const keyActivationInput = deviceInput.extend({
  licenseKey: z
    .string()
    .trim()
    .toUpperCase()
    .regex(licenseKeyPattern, {
      message: `must be a license key like ${licenseKeyFormat}`,
    }),
  email: z
    .email()
    .max(254)
    .transform((e) => e.trim().toLowerCase()),
});

export const activationSecretPrefix = 'lka_';
const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The seat a key activation needs: user active, license live, a pool seat free (seats count users). */
export async function keyEntitlement(
  db: Db,
  clock: Clock,
  license: LicensesTable,
  userId: string,
): Promise<Entitlement> {
  const user = await db
    .selectFrom('account_users')
    .select(['active', 'deleted_at'])
    .where('id', '=', userId)
    .executeTakeFirst();
  if (!user || user.deleted_at || user.active !== 1)
    throw new LatchkeyError('USER_DEACTIVATED', 'the user is deactivated', { userId });
  if (license.expires_at <= clock.now().toISOString())
    throw new LatchkeyError('LICENSE_EXPIRED', 'the license has expired', { licenseId: license.id });
  const split = await db
    .selectFrom('sublicenses')
    .select(sql<number>`coalesce(sum(seats), 0)`.as('n'))
    .where('license_id', '=', license.id)
    .executeTakeFirstOrThrow();
  const taken = await db
    .selectFrom('activations')
    .select(sql<number>`count(distinct user_id)`.as('n'))
    .where('license_id', '=', license.id)
    .where('revoked_at', 'is', null)
    .where('sublicense_id', 'is', null)
    .where('user_id', '!=', userId)
    .executeTakeFirstOrThrow();
  if (Number(taken.n) >= Number(license.seats) - Number(split.n)) {
    throw new LatchkeyError('NO_SEATS_AVAILABLE', `every seat of the license is taken (${license.seats})`, {
      licenseId: license.id,
    });
  }
  return { license, sublicenseId: null };
}

/** The account's user with this email, created as a local user if there is none yet (insert-or-get). */
async function userForEmail(db: Db, accountId: string, email: string, now: string): Promise<{ id: string }> {
  const find = () =>
    db
      .selectFrom('account_users')
      .select('id')
      .where('account_id', '=', accountId)
      .where((eb) => eb.or([eb('user_name_key', '=', email), eb('email', '=', email)]))
      .executeTakeFirst();
  const found = await find();
  if (found) return found;
  // Another node may create the same user at the same moment: the unique
  // (account, user name) constraint decides, and the loser reads the winner's row.
  await db
    .insertInto('account_users')
    .values(newUserRow({ accountId, userName: email, source: 'local', now }))
    .onConflict((oc) => oc.columns(['account_id', 'user_name_key']).doNothing())
    .execute();
  const user = await find();
  if (!user) throw new Error(`the user ${email} was neither found nor created`);
  return user;
}

export async function activateByKey(
  ctx: LicensingContext,
  input: z.infer<typeof keyActivationInput>,
): Promise<IssuedLicense & { activationSecret: string }> {
  return inTransaction(ctx.db, async (tx) => {
    // The license row is locked to the end: seats and the device limit are
    // counted, then written, by one activation at a time across every node.
    const license = await tx
      .selectFrom('licenses')
      .selectAll()
      .where('license_key', '=', input.licenseKey)
      .$if(takesRowLocks(tx), (q) => q.forUpdate())
      .executeTakeFirst();
    if (!license)
      throw new ApiError(404, 'license_not_found', 'licenseKey: no license with this key', {
        field: 'licenseKey',
      });
    const config = await tx
      .selectFrom('idp_configs')
      .select('status')
      .where('account_id', '=', license.account_id)
      .executeTakeFirstOrThrow();
    if (config.status === 'active') {
      throw new ApiError(
        409,
        'sso_required',
        'this license is managed with single sign-on: use Continue with SSO',
        { field: 'licenseKey' },
      );
    }
    const now = ctx.clock.now();
    const user = await userForEmail(tx, license.account_id, input.email, now.toISOString());
    await keyEntitlement(tx, ctx.clock, license, user.id);
    const mine = await tx
      .selectFrom('activations')
      .selectAll()
      .where('user_id', '=', user.id)
      .where('license_id', '=', license.id) // the device limit is per license, as for SSO activations
      .where('revoked_at', 'is', null)
      .execute();
    if (!mine.some((a) => a.device_id === input.deviceId) && mine.length >= Number(license.device_limit)) {
      throw new LatchkeyError('DEVICE_LIMIT_REACHED', `already active on ${license.device_limit} devices`, {
        devices: mine.map((a) => a.device_name),
      });
    }
    // A new secret each time: re-activating a device replaces its previous activation.
    const activationSecret = `${activationSecretPrefix}${randomBytes(32).toString('base64url')}`;
    const row: ActivationsTable = {
      id: randomUUID(),
      account_id: license.account_id,
      user_id: user.id,
      license_id: license.id,
      sublicense_id: null,
      device_id: input.deviceId,
      device_name: input.deviceName,
      os: input.os,
      app_version: input.appVersion,
      created_at: now.toISOString(),
      last_checkin_at: now.toISOString(),
      lease_expires_at: leaseEndFor(ctx, now, license.expires_at),
      revoked_at: null,
      revoked_reason: null,
      via: 'key',
      secret_hash: hashSecret(activationSecret),
    };
    await tx
      .updateTable('activations')
      .set({ revoked_at: now.toISOString(), revoked_reason: 'replaced by a new activation' })
      .where('user_id', '=', user.id)
      .where('device_id', '=', input.deviceId)
      .where('revoked_at', 'is', null)
      .execute();
    await tx.insertInto('activations').values(row).execute();
    return {
      ...(await issueLicense({ ...ctx, db: tx }, row, license.edition, license.expires_at)),
      activationSecret,
    };
  });
}

/** The activation an `lka_` secret belongs to, or undefined. */
export async function activationForSecret(
  db: Db,
  secret: string,
): Promise<{ activationId: string; userId: string; accountId: string } | undefined> {
  if (!secret.startsWith(activationSecretPrefix)) return undefined;
  const row = await db
    .selectFrom('activations')
    .select(['id', 'user_id', 'account_id'])
    .where('secret_hash', '=', hashSecret(secret))
    .where('via', '=', 'key')
    .executeTakeFirst();
  return row ? { activationId: row.id, userId: row.user_id, accountId: row.account_id } : undefined;
}
