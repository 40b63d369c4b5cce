// A license's reclamation policy (issue 23 item 2): read, and set or turned off
// (audited). Off by default: no row, nothing is ever released.
import type { ReclamationPolicy } from '../../common/console-api.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

/** The license, when it is this account's (else 404, whichever account holds it). */
export async function ownLicenseId(db: Db, accountId: string, licenseId: string): Promise<string> {
  const license = await db
    .selectFrom('licenses')
    .select('id')
    .where('id', '=', licenseId)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!license) throw new ApiError(404, 'license_not_found', 'no such license in this account');
  return license.id;
}

export async function readReclamationPolicy(
  db: Db,
  accountId: string,
  licenseId: string,
): Promise<ReclamationPolicy> {
  await ownLicenseId(db, accountId, licenseId);
  const row = await db
    .selectFrom('reclamation_policies')
    .selectAll()
    .where('license_id', '=', licenseId)
    .executeTakeFirst();
  return {
    licenseId,
    silentDays: row?.silent_days ?? null,
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

/** Sets the days (validated by the caller: reclamation-rules.ts), or turns the policy off with null. */
export async function setReclamationPolicy(
  db: Db,
  clock: Clock,
  accountId: string,
  licenseId: string,
  silentDays: number | null,
  actor: string,
): Promise<ReclamationPolicy> {
  await ownLicenseId(db, accountId, licenseId);
  const now = clock.now().toISOString();
  await inTransaction(db, async (tx) => {
    if (silentDays === null) {
      await tx.deleteFrom('reclamation_policies').where('license_id', '=', licenseId).execute();
    } else {
      await tx
        .insertInto('reclamation_policies')
        .values({
          license_id: licenseId,
          account_id: accountId,
          silent_days: silentDays,
          updated_at: now,
          updated_by: actor,
        })
        .onConflict((oc) =>
          oc
            .column('license_id')
            .doUpdateSet({ silent_days: silentDays, updated_at: now, updated_by: actor }),
        )
        .execute();
    }
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: silentDays === null ? 'reclamation.policy_off' : 'reclamation.policy_set',
      target: licenseId,
      detail: { silentDays },
    });
  });
  return readReclamationPolicy(db, accountId, licenseId);
}
