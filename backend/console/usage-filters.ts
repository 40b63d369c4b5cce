// The Usage list's filters (GET /api/console/usage, `latchkey-server usage`):
// validated here, and every id checked to be the account's own, so a filter
// naming another tenant's license or group is a 400, never an empty page
// that hides the mistake (and never another tenant's rows).
import { z } from 'zod';
import type { Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { cursorParam } from './cursor.ts';

export const usageQuery = z
  .object({
    license: z.uuid({ message: 'must be a license id (UUID)' }).optional(),
    sublicense: z.uuid({ message: 'must be a sublicense id (UUID)' }).optional(),
    group: z.uuid({ message: 'must be a group id (UUID)' }).optional(),
    /** Only devices silent for at least this many days (longest silent first). */
    idleFor: z.coerce.number().int().min(1).max(3650).optional(),
    /** The start of the user name, email or display name (case-insensitive), as on the Users page. */
    q: z.string().trim().max(200).optional(),
    cursor: cursorParam,
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export type UsageQuery = z.infer<typeof usageQuery>;

const notOurs = (field: string, what: string): never => {
  throw new ApiError(400, 'invalid_input', `${field}: not a ${what} of this account`, { field });
};

/** Each id in the filters belongs to the account (the sublicense also to the license, if both are given). */
export async function checkUsageFilters(db: Db, accountId: string, query: UsageQuery): Promise<void> {
  if (query.license) {
    const found = await db
      .selectFrom('licenses')
      .select('id')
      .where('id', '=', query.license)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!found) notOurs('license', 'license');
  }
  if (query.sublicense) {
    const found = await db
      .selectFrom('sublicenses as s')
      .innerJoin('licenses as l', 'l.id', 's.license_id')
      .select('s.license_id')
      .where('s.id', '=', query.sublicense)
      .where('l.account_id', '=', accountId)
      .executeTakeFirst();
    if (!found || (query.license && found.license_id !== query.license))
      notOurs('sublicense', query.license ? 'sublicense of that license' : 'sublicense');
  }
  if (query.group) {
    const found = await db
      .selectFrom('groups')
      .select('id')
      .where('id', '=', query.group)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (!found) notOurs('group', 'group');
  }
}
