// Locks for count-then-write steps that several service nodes run at once.
// PostgreSQL: SELECT … FOR UPDATE on the row that owns the count (the
// license), held to the end of the transaction; READ COMMITTED then shows each
// statement what the previous holder committed. SQLite has no row locks: its
// transactions take the whole file's write lock when they begin
// (sqlite-immediate.ts), which serializes the same steps.
import { PostgresAdapter } from 'kysely';
import type { Db } from './types.ts';

export const takesRowLocks = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/** Locks every license of the account, in id order (one order everywhere: no deadlock). */
export async function lockAccountLicenses(db: Db, accountId: string): Promise<void> {
  if (!takesRowLocks(db)) return;
  await db
    .selectFrom('licenses')
    .select('id')
    .where('account_id', '=', accountId)
    .orderBy('id')
    .forUpdate()
    .execute();
}
