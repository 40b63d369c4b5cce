// Locks for count-then-write steps that several service nodes run at once.
// PostgreSQL: SELECT … FOR UPDATE on the row that owns the count (the
// license), held to the end of the transaction; READ COMMITTED then shows each
// statement what the previous holder committed. SQLite has no row locks: its
// transactions take the whole file's write lock when they begin
// (sqlite-immediate.ts), which serializes the same steps.
import { PostgresAdapter } from 'kysely';
import { compileOnce } from './compiled-query.ts';
import type { LicensesTable } from './schema.ts';
import type { Db } from './types.ts';

export const takesRowLocks = (db: Db): boolean => db.getExecutor().adapter instanceof PostgresAdapter;

/**
 * Locks every license of the account, in id order (one order everywhere: no deadlock), and
 * returns them as the lock found them (PostgreSQL): the rows a decision would otherwise read
 * again in a second round trip under the lock. SQLite: undefined (nothing is locked row by row).
 */
export async function lockAccountLicenses(db: Db, accountId: string): Promise<LicensesTable[] | undefined> {
  if (!takesRowLocks(db)) return undefined;
  return (await lockStatement(db, { accountId })).rows;
}

// Prepared once per connection (prepared-statements.ts): every activation and full check-in runs it.
const lockStatement = compileOnce<{ accountId: string }, LicensesTable>(['accountId'], (db, p) =>
  db.selectFrom('licenses').selectAll().where('account_id', '=', p.accountId).orderBy('id').forUpdate(),
);
