// Keys the operator issues to no account (`latchkey-server add-license`
// without --account), and their registration by a business account's admin in
// the console (Licenses → Register license key; the Enterprise guide's
// "Creating a Business Account and Registering Your License", issue 22 item 6).
// One conditional UPDATE binds a key (`… where account_id is null`): of two
// accounts registering one key at once, the database lets exactly one win.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { License } from '../../common/console-api.ts';
import { licenseKeyFormat, licenseKeyPattern } from '../../common/license-key.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { IssuedLicenseKeysTable, LicensesTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { addLicenseInput, generateLicenseKey } from './license-registry.ts';

/** A license's terms as its audit entries record them (issued, registered). */
const licenseTerms = (row: { edition: string; seats: number; device_limit: number; expires_at: string }) => ({
  edition: row.edition,
  seats: row.seats,
  deviceLimit: row.device_limit,
  expiresAt: row.expires_at,
});
export const issueLicenseInput = addLicenseInput.omit({ accountId: true });

/** An issued key as the CLI prints it: the license it becomes once registered, and to whom it is. */
export type IssuedKeyView = Omit<License, 'expired' | 'overagePercent'> & { registered: boolean };

/**
 * A key as people type it from an order email: any case, spaces, dashes anywhere.
 * The canonical form (LK-XXXXX-…), or undefined when it is not a key at all.
 */
export function canonicalLicenseKey(typed: string): string | undefined {
  const compact = typed.replace(/[\s-]+/g, '').toUpperCase();
  if (!/^LK[0-9A-Z]{20}$/.test(compact)) return undefined;
  const groups = compact.slice(2).match(/.{5}/g) ?? [];
  const key = ['LK', ...groups].join('-');
  return licenseKeyPattern.test(key) ? key : undefined;
}

export const registerLicenseInput = z
  .object({
    key: z
      .string()
      .max(100, { message: `enter the key exactly as given: ${licenseKeyFormat}` })
      .transform((typed, ctx) => {
        const key = canonicalLicenseKey(typed);
        if (key) return key;
        ctx.addIssue({ code: 'custom', message: `enter the key exactly as given: ${licenseKeyFormat}` });
        return z.NEVER;
      }),
  })
  .strict();

/** The operator issues a key bound to no account: the customer registers it in the console. */
export async function issueLicenseKey(
  db: Db,
  clock: Clock,
  input: z.infer<typeof issueLicenseInput>,
  actor: string,
): Promise<IssuedKeyView> {
  const row: IssuedLicenseKeysTable = {
    id: randomUUID(),
    license_key: generateLicenseKey(),
    edition: input.edition,
    seats: input.seats,
    device_limit: input.deviceLimit,
    expires_at: new Date(input.expiresAt).toISOString(),
    created_at: clock.now().toISOString(),
    account_id: null,
    registered_at: null,
  };
  await inTransaction(db, async (tx) => {
    await tx.insertInto('issued_license_keys').values(row).execute();
    await writeAudit(tx, clock, {
      accountId: null,
      actor,
      action: 'license.issued',
      target: row.id,
      detail: licenseTerms(row),
    });
  });
  return {
    id: row.id,
    key: row.license_key,
    edition: row.edition,
    seats: row.seats,
    deviceLimit: row.device_limit,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    registered: false,
  };
}

const refusals = {
  unknown: () =>
    new ApiError(
      404,
      'license_key_unknown',
      'This key is not one we issued — check it against your order email.',
      { field: 'key' },
    ),
  here: () =>
    new ApiError(
      409,
      'license_key_registered_here',
      'This key is already registered to this business account.',
      {
        field: 'key',
      },
    ),
  elsewhere: () =>
    new ApiError(
      409,
      'license_key_registered_elsewhere',
      'This key is already registered to another business account. Ask your Latchkey reseller if it should be yours.',
      { field: 'key' },
    ),
};

/** Why a key cannot be registered to `accountId` (it is bound already, or was never issued). */
async function refusalFor(db: Db, accountId: string, key: string): Promise<ApiError> {
  const license = await db
    .selectFrom('licenses')
    .select('account_id')
    .where('license_key', '=', key)
    .executeTakeFirst();
  const issued = await db
    .selectFrom('issued_license_keys')
    .select('account_id')
    .where('license_key', '=', key)
    .executeTakeFirst();
  const owner = license?.account_id ?? issued?.account_id ?? undefined;
  if (owner === undefined) return refusals.unknown();
  return owner === accountId ? refusals.here() : refusals.elsewhere();
}

/** Binds an issued key to the account and writes its license; refuses with a clear ApiError otherwise. */
export async function registerLicenseKey(
  db: Db,
  clock: Clock,
  accountId: string,
  key: string,
  actor: string,
): Promise<License> {
  const now = clock.now().toISOString();
  const license = await inTransaction(db, async (tx) => {
    // The one statement that decides: only a key no account holds yet is bound, and only once.
    const bound = await tx
      .updateTable('issued_license_keys')
      .set({ account_id: accountId, registered_at: now })
      .where('license_key', '=', key)
      .where('account_id', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!bound) return undefined;
    const row: LicensesTable = {
      id: bound.id,
      account_id: accountId,
      license_key: bound.license_key,
      edition: bound.edition,
      seats: Number(bound.seats),
      device_limit: Number(bound.device_limit),
      expires_at: bound.expires_at,
      created_at: now,
    };
    await tx.insertInto('licenses').values(row).execute();
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'license.registered',
      target: row.id,
      detail: licenseTerms(row),
    });
    return row;
  });
  if (!license) throw await refusalFor(db, accountId, key);
  return {
    id: license.id,
    key: license.license_key,
    edition: license.edition,
    seats: license.seats,
    deviceLimit: license.device_limit,
    expiresAt: license.expires_at,
    expired: license.expires_at <= now,
    createdAt: license.created_at,
    overagePercent: 0,
  };
}
