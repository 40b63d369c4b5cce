// Requests per second per account (issue 11 item 9): a runaway IdP job is
// slowed with 429 + Retry-After (RFC 6585 §4) instead of failing. Counted in
// the database, one upsert per request in a fixed one-second window, so every
// node shares the count; old windows are swept when a new one starts.
import { sql } from 'kysely';
import type { Db } from '../db/types.ts';

export interface RequestAllowance {
  allowed: boolean;
  /** Whole seconds until the next window. */
  retryAfterSeconds: number;
}

export async function countScimRequest(
  db: Db,
  accountId: string,
  now: Date,
  perSecond: number,
): Promise<RequestAllowance> {
  if (perSecond <= 0) return { allowed: true, retryAfterSeconds: 0 };
  const window = Math.floor(now.getTime() / 1000);
  const row = await db
    .insertInto('scim_request_counts')
    .values({ account_id: accountId, window_start: window, count: 1 })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'window_start'])
        .doUpdateSet({ count: sql`${sql.ref('scim_request_counts.count')} + 1` }),
    )
    .returning('count')
    .executeTakeFirstOrThrow();
  const count = Number(row.count);
  if (count === 1)
    await db
      .deleteFrom('scim_request_counts')
      .where('account_id', '=', accountId)
      .where('window_start', '<', window - 60)
      .execute();
  return { allowed: count <= perSecond, retryAfterSeconds: 1 };
}
