// How many live provisioned users an account has: the total of an unfiltered
// /Users list (RFC 7644 §3.4.2.4 totalResults), counted in
// account_users_scim_page_idx (migration 0033), which holds exactly those rows.
// SQLite names the index: with the statistics of a 100,000-user tenant its
// planner would rather scan the whole table (its cost model does not see that
// the partial index answers `scim_resource IS NOT NULL` without reading a
// row), which bench/scale-bench.ts measured at several times the cost.
// PostgreSQL picks the index-only scan by itself.
import { sql } from 'kysely';
import type { ScimContext } from './scim-context.ts';

export async function countScimUsers(
  ctx: Pick<ScimContext, 'db' | 'dialect' | 'accountId'>,
): Promise<number> {
  const indexed = ctx.dialect === 'sqlite' ? sql` indexed by account_users_scim_page_idx` : sql``;
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from account_users${indexed}
    where account_id = ${ctx.accountId} and deleted_at is null and scim_resource is not null`.execute(ctx.db);
  return Number(rows[0]?.n ?? 0);
}
