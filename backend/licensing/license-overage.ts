// Setting a license's overage (issue 23 item 3): up to P % over its seat
// count, P a whole number 0..100 (0: off). Changed under the account's lock,
// between two decisions, never during one, and audited with the old and new
// value. Lowering it revokes no one: seats already held keep checking in;
// until enough are released no one takes a seat above the new ceiling.
import { z } from 'zod';
import type { LicenseOverage } from '../../common/console-api.ts';
import { maxOveragePercent, overageCeiling, overagePercentOf } from '../access/overage.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import { lockAccountLicenses } from '../db/row-locks.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';

export const licenseOverageInput = z
  .object({
    percent: z
      .number({ message: `must be a whole number of percent from 0 to ${maxOveragePercent}` })
      .int({ message: `must be a whole number of percent from 0 to ${maxOveragePercent}` })
      .min(0, { message: `must be from 0 (off) to ${maxOveragePercent}` })
      .max(maxOveragePercent, { message: `must be from 0 (off) to ${maxOveragePercent}` }),
  })
  .strict();

export async function setLicenseOverage(
  db: Db,
  clock: Clock,
  accountId: string,
  licenseId: string,
  input: z.infer<typeof licenseOverageInput>,
  actor: string,
): Promise<LicenseOverage> {
  return inTransaction(db, async (tx) => {
    await lockAccountLicenses(tx, accountId);
    const license = await tx
      .selectFrom('licenses')
      .selectAll()
      .where('id', '=', licenseId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!license) throw new ApiError(404, 'license_not_found', 'no such license in this account');
    await tx
      .updateTable('licenses')
      .set({ overage_percent: input.percent })
      .where('id', '=', licenseId)
      .execute();
    const seats = Number(license.seats);
    const ceiling = overageCeiling(seats, input.percent);
    await writeAudit(tx, clock, {
      accountId,
      actor,
      action: 'license.overage_set',
      target: licenseId,
      detail: { from: overagePercentOf(license), to: input.percent, seats, ceiling },
    });
    return { licenseId, percent: input.percent, seats, ceiling };
  });
}
