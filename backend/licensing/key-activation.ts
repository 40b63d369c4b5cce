// Activation with a license key and no SSO: the key finds the license, the
// email names the user (seats still count users), and the app receives an
// activation secret (shown once, stored hashed) that it uses to check in.
// An account that enforces SSO (active integration) refuses key activation.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { licenseKeyFormat, licenseKeyPattern } from '../../common/license-key.ts';
import { newUserRow } from '../db/user-row.ts';
import { decide, rulesOf } from '../access/decide.ts';
import { entitlementOf } from '../access/entitlement.ts';
import { compileOnce } from '../db/compiled-query.ts';
import type { QueryCreator, Selectable } from 'kysely';
import type { ActivationsTable, Database, LicensesTable } from '../db/schema.ts';
import { takesRowLocks } from '../db/row-locks.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { markInvitationActivated, writeActivationSucceeded } from './activation-events.ts';
import { writeSeatThresholds } from './seat-thresholds.ts';
import { ApiError } from '../http/api-error.ts';
import { holderFromDecision } from './license-holder.ts';
import {
  issueLicense,
  leaseEndFor,
  type IssuedLicense,
  type LicensingContext,
  type OverCount,
} from './activations.ts';
import { deviceInput } from './device-input.ts';

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
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** The account's user with this email, created as a local user if there is none yet (insert-or-get). */
async function userForEmail(db: Db, accountId: string, email: string, now: string): Promise<{ id: string }> {
  // Two reads, each along its own index ((account, user name) unique; email): one `a OR b`
  // read made SQLite walk every user of the account (22 ms at 30,000 users, on every activation).
  const find = async () =>
    (await db
      .selectFrom('account_users')
      .select('id')
      .where('account_id', '=', accountId)
      .where('user_name_key', '=', email)
      .executeTakeFirst()) ??
    // The email alone in SQL: with `account_id` beside it SQLite (without statistics) prefers an
    // account index; the same email in other accounts is a handful of rows, filtered here.
    (
      await db.selectFrom('account_users').select(['id', 'account_id']).where('email', '=', email).execute()
    ).find((u) => u.account_id === accountId);
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
): Promise<IssuedLicense & OverCount & { activationSecret: string; accountId: string }> {
  return inTransaction(ctx.db, async (tx) => {
    // Looked up by its key; the decision then locks every license of the
    // account to the end (one order everywhere), so seats and the device limit
    // are counted, then written, by one activation at a time across every node.
    const license = await licenseForKey(tx, input.licenseKey);
    const now = ctx.clock.now();
    const user = await userForEmail(tx, license.account_id, input.email, now.toISOString());
    await markInvitationActivated(tx, ctx.clock, { accountId: license.account_id, userId: user.id });
    // What the decision read under the lock: the license as it stands now.
    const decision = await decide(tx, ctx.clock, {
      via: 'key',
      email: input.email,
      accountId: license.account_id,
      user: { id: user.id },
      license,
      deviceId: input.deviceId,
      rules: rulesOf('key'),
    });
    const { license: held, overCount } = entitlementOf(decision);
    // A new secret each time: re-activating a device replaces its previous activation.
    const activationSecret = `${activationSecretPrefix}${randomBytes(32).toString('base64url')}`;
    const row = activationRow(input, user.id, held, now, {
      leaseExpiresAt: leaseEndFor(ctx, now, held.expires_at),
      secretHash: hashSecret(activationSecret),
      overCount,
    });
    await replaceDeviceActivation(tx, row);
    const issued = await issueLicense(
      { ...ctx, db: tx },
      row,
      held.edition,
      held.expires_at,
      await holderFromDecision(tx, decision, user.id),
    );
    await writeActivationSucceeded(tx, ctx.clock, row);
    await writeSeatThresholds(tx, ctx.clock, decision, row);
    return {
      ...issued,
      activationSecret,
      overCount,
      // For the activation log (the key named the account): not sent to the app.
      accountId: held.account_id,
    };
  });
}

/** The license this key names, refused when there is none or when its account enforces SSO. */
async function licenseForKey(tx: Db, licenseKey: string): Promise<Selectable<LicensesTable>> {
  const license = await tx
    .selectFrom('licenses')
    .selectAll()
    .where('license_key', '=', licenseKey)
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
  return license;
}

function activationRow(
  input: z.infer<typeof keyActivationInput>,
  userId: string,
  held: { id: string; account_id: string },
  now: Date,
  {
    leaseExpiresAt,
    secretHash,
    overCount,
  }: { leaseExpiresAt: string; secretHash: string; overCount: boolean },
): ActivationsTable {
  return {
    id: randomUUID(),
    account_id: held.account_id,
    user_id: userId,
    license_id: held.id,
    sublicense_id: null,
    device_id: input.deviceId,
    device_name: input.deviceName,
    os: input.os,
    app_version: input.appVersion,
    created_at: now.toISOString(),
    last_checkin_at: now.toISOString(),
    lease_expires_at: leaseExpiresAt,
    revoked_at: null,
    revoked_reason: null,
    revoked_code: null,
    via: 'key',
    secret_hash: secretHash,
    over_count: overCount ? 1 : 0,
  };
}

type KeyActivationValues = Omit<
  ActivationsTable,
  'sublicense_id' | 'revoked_at' | 'revoked_reason' | 'revoked_code' | 'via' | 'secret_hash' | 'over_count'
> & { secret_hash: string; over_count: number };

const keyActivationColumns = [
  'id',
  'account_id',
  'user_id',
  'license_id',
  'device_id',
  'device_name',
  'os',
  'app_version',
  'created_at',
  'last_checkin_at',
  'lease_expires_at',
  'secret_hash',
  'over_count',
] as const satisfies readonly (keyof KeyActivationValues)[];

/** The user's live activation on this device, if any, revoked: a new one takes its place. */
const revokePrevious = (
  q: QueryCreator<Database>,
  p: Pick<ActivationsTable, 'created_at' | 'user_id' | 'device_id'>,
) =>
  q
    .updateTable('activations')
    .set({
      revoked_at: p.created_at,
      revoked_code: 'ACTIVATION_REVOKED',
      revoked_reason: 'replaced by a new activation',
    })
    .where('user_id', '=', p.user_id)
    .where('device_id', '=', p.device_id)
    .where('revoked_at', 'is', null);

// PostgreSQL: the revocation of the device's previous activation and the new row in one statement
// (a data-modifying CTE runs its UPDATE whether or not the INSERT reads it), prepared once per
// connection: one round trip under the account's lock instead of two. The seat triggers
// (migration 0041) fire for both rows at the statement's end, in either order the same count.
const replaceInOneStatement = compileOnce<KeyActivationValues, never>(keyActivationColumns, (db, p) =>
  db
    .with('replaced', (w) => revokePrevious(w, p).returning('id'))
    .insertInto('activations')
    .values({
      ...p,
      sublicense_id: null,
      revoked_at: null,
      revoked_reason: null,
      revoked_code: null,
      via: 'key',
    }),
);

/** The device's previous activation for this user (if any) is revoked; this one takes its place. */
async function replaceDeviceActivation(tx: Db, row: ActivationsTable): Promise<void> {
  if (takesRowLocks(tx) && row.secret_hash !== null && row.sublicense_id === null) {
    await replaceInOneStatement(tx, {
      ...Object.fromEntries(keyActivationColumns.map((c) => [c, row[c]])),
      secret_hash: row.secret_hash,
      over_count: row.over_count ?? 0,
    } as KeyActivationValues);
    return;
  }
  // SQLite has no UPDATE inside a WITH: two statements (in-process, no round trips).
  await revokePrevious(tx, row).execute();
  await tx.insertInto('activations').values(row).execute();
}

// The caller lookup of every key-activated device's check-in: built and compiled once.
const readActivationBySecret = compileOnce<
  { secretHash: string },
  Pick<ActivationsTable, 'id' | 'user_id' | 'account_id'>
>(['secretHash'], (db, p) =>
  db
    .selectFrom('activations')
    .select(['id', 'user_id', 'account_id'])
    .where('secret_hash', '=', p.secretHash)
    .where('via', '=', 'key'),
);

/** The activation an `lka_` secret belongs to, or undefined. */
export async function activationForSecret(
  db: Db,
  secret: string,
): Promise<{ activationId: string; userId: string; accountId: string } | undefined> {
  if (!secret.startsWith(activationSecretPrefix)) return undefined;
  const row = (await readActivationBySecret(db, { secretHash: hashSecret(secret) })).rows[0];
  return row ? { activationId: row.id, userId: row.user_id, accountId: row.account_id } : undefined;
}
