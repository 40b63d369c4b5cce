// Licenses registered to a business account: key, edition, per-user seats,
// per-user device limit and subscription end. Issued by the vendor (CLI);
// admins see them in the console.
import { randomInt, randomUUID } from 'node:crypto';
import type { License } from '../../common/console-api.ts';
import { z } from 'zod';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { LicensesTable } from '../db/schema.ts';
import { overagePercentOf } from '../access/overage.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import {
  licenseKeyAlphabet,
  licenseKeyFrom,
  licenseKeyGroupLength,
  licenseKeyGroups,
} from '../../common/license-key.ts';

export const editions = ['business', 'enterprise'] as const;

export const addLicenseInput = z
  .object({
    accountId: z.uuid(),
    edition: z.enum(editions),
    seats: z.number().int().min(1).max(1_000_000),
    deviceLimit: z.number().int().min(1).max(100).default(3),
    expiresAt: z.iso.datetime({ offset: true }).or(z.iso.date()),
  })
  .strict();

/** A license as the console API and the CLI answer it (common/console-api.ts) and the account it belongs to. */
export type LicenseView = License & { accountId: string };

/** A new key in the format of common/license-key.ts. */
export function generateLicenseKey(): string {
  const group = () =>
    Array.from(
      { length: licenseKeyGroupLength },
      () => licenseKeyAlphabet[randomInt(licenseKeyAlphabet.length)],
    ).join('');
  return licenseKeyFrom(Array.from({ length: licenseKeyGroups }, group));
}

function toView(row: LicensesTable, now: Date): LicenseView {
  return {
    id: row.id,
    accountId: row.account_id,
    key: row.license_key,
    edition: row.edition,
    seats: Number(row.seats),
    deviceLimit: Number(row.device_limit),
    expiresAt: row.expires_at,
    expired: row.expires_at <= now.toISOString(),
    createdAt: row.created_at,
    overagePercent: overagePercentOf(row),
  };
}

export async function addLicense(
  db: Db,
  clock: Clock,
  input: z.infer<typeof addLicenseInput>,
  actor: string,
): Promise<LicenseView> {
  const account = await db
    .selectFrom('accounts')
    .select('id')
    .where('id', '=', input.accountId)
    .executeTakeFirst();
  if (!account)
    throw new ApiError(404, 'account_not_found', `no account ${input.accountId}`, { field: 'accountId' });
  const expiresAt = new Date(input.expiresAt).toISOString();
  const row: LicensesTable = {
    id: randomUUID(),
    account_id: input.accountId,
    license_key: generateLicenseKey(),
    edition: input.edition,
    seats: input.seats,
    device_limit: input.deviceLimit,
    expires_at: expiresAt,
    created_at: clock.now().toISOString(),
  };
  await inTransaction(db, async (tx) => {
    await tx.insertInto('licenses').values(row).execute();
    await writeAudit(tx, clock, {
      accountId: input.accountId,
      actor,
      action: 'license.added',
      target: row.id,
      detail: { edition: row.edition, seats: row.seats, deviceLimit: row.device_limit, expiresAt },
    });
  });
  return toView(row, clock.now());
}

export async function listLicenses(db: Db, clock: Clock, accountId: string): Promise<LicenseView[]> {
  const rows = await db
    .selectFrom('licenses')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => toView(r, clock.now()));
}
