// How an account's users arrive (step 5; migration 0022): pushed by SCIM, or
// created just in time at their first SSO sign-in. DESIGN.md §Flow step 6:
// with SCIM, SCIM membership is the source of truth; without it, the groups
// claim of the user's sign-in is, for a bounded time.
import type { Provisioning } from '../db/schema.ts';
import type { Db } from '../db/types.ts';

export interface ProvisioningMode {
  mode: Provisioning;
  /** Without SCIM: a license renews only within this many days of the last SSO sign-in. */
  renewDays: number;
}

export async function provisioningOf(db: Db, accountId: string): Promise<ProvisioningMode> {
  const row = await db
    .selectFrom('idp_configs')
    .select(['provisioning', 'jit_renew_days'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return { mode: row?.provisioning ?? 'scim', renewDays: Number(row?.jit_renew_days ?? 7) };
}
