// The state each notification fact is in (notification_facts): the one place
// that decides whether a fact is a change worth one email. Runs inside the
// notifier's transaction, which also advances the cursor.
import type { Db } from '../db/types.ts';

/**
 * Moves the fact `key` to `state` at `at`. True when that is a change: the key was never seen, its
 * state differs, or (with `rearmMs`) the same state was last told longer ago than that.
 */
export async function changeFactState(
  db: Db,
  accountId: string,
  key: string,
  state: string,
  at: string,
  rearmMs?: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('notification_facts')
    .select(['state', 'changed_at'])
    .where('account_id', '=', accountId)
    .where('fact_key', '=', key)
    .executeTakeFirst();
  if (!row) {
    await db
      .insertInto('notification_facts')
      .values({ account_id: accountId, fact_key: key, state, changed_at: at })
      .execute();
    return true;
  }
  const stale = rearmMs !== undefined && Date.parse(at) - Date.parse(row.changed_at) >= rearmMs;
  if (row.state === state && !stale) return false;
  await db
    .updateTable('notification_facts')
    .set({ state, changed_at: at })
    .where('account_id', '=', accountId)
    .where('fact_key', '=', key)
    .execute();
  return true;
}

export async function factState(db: Db, accountId: string, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('notification_facts')
    .select('state')
    .where('account_id', '=', accountId)
    .where('fact_key', '=', key)
    .executeTakeFirst();
  return row?.state;
}
