// The account's idle threshold for the Usage page: after how many days
// without a check-in a device counts as idle (default 30, 1..365). Changed by
// an admin in the console, audited.
import { z } from 'zod';
import { idleDaysRange, type UsageSettings } from '../../common/console-usage.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export const usageSettingsInput = z
  .object({
    idleDays: z
      .number({ message: `must be a whole number of days, ${idleDaysRange.min} to ${idleDaysRange.max}` })
      .int({ message: 'must be a whole number of days' })
      .min(idleDaysRange.min, { message: `must be at least ${idleDaysRange.min} day` })
      .max(idleDaysRange.max, { message: `must be at most ${idleDaysRange.max} days` }),
  })
  .strict();

export async function idleDaysOf(db: Db, accountId: string): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select('usage_idle_days')
    .where('id', '=', accountId)
    .executeTakeFirst();
  return row?.usage_idle_days ?? idleDaysRange.default;
}

export async function setIdleDays(
  db: Db,
  clock: Clock,
  accountId: string,
  settings: UsageSettings,
  actor: string,
): Promise<UsageSettings> {
  const before = await idleDaysOf(db, accountId);
  await db
    .updateTable('accounts')
    .set({ usage_idle_days: settings.idleDays })
    .where('id', '=', accountId)
    .execute();
  if (before !== settings.idleDays)
    await writeAudit(db, clock, {
      accountId,
      actor,
      action: 'usage.idle_days_set',
      detail: { from: before, to: settings.idleDays },
    });
  return { idleDays: settings.idleDays };
}
