// Which users a usage page may show when it is filtered by group or search.
// A small set (a group of a few hundred, a search that matches a few users)
// is read once, bounded, and the page's devices are looked up by user; a
// large one is checked row by row while the page walks its index, where
// matches are dense and 50 are found quickly. Either way a page reads a
// bounded number of rows: neither a 500-member group among 100,000 users nor
// "example" matching all of them walks or sorts the whole table.
import { sql, type ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import type { SqlDialect } from '../db/connect.ts';
import { startsWith } from './lists/keyset.ts';

/** Up to this many users are a list; beyond, the page checks each row instead. */
export const userListCap = 1000;

/** What the admin typed, and the database that reads it (the prefix ranges differ by collation). */
export interface UsageSearch {
  q: string;
  dialect: SqlDialect;
}

/**
 * The user's name, email or display name begins with the search, as on the Users page
 * (lists/keyset.ts): three ranges of migration 0032's indexes, never a scan of every user.
 */
export const matchesSearch = ({ q, dialect }: UsageSearch) =>
  sql<boolean>`(${startsWith('u.user_name', q, dialect)} or ${startsWith('u.email', q, dialect)} or ${startsWith('u.display_name', q, dialect)})`;

/** The group's members if there are at most `userListCap`, else null (check per row). */
export async function smallGroup(db: Db, groupId: string): Promise<string[] | null> {
  const rows = await db
    .selectFrom('group_members')
    .select('user_id')
    .where('group_id', '=', groupId)
    .limit(userListCap + 1)
    .execute();
  return rows.length > userListCap ? null : rows.map((r) => r.user_id);
}

/** The users the search matches if at most `userListCap`, else null (check per row). */
export async function fewMatches(db: Db, accountId: string, search: UsageSearch): Promise<string[] | null> {
  const rows = await db
    .selectFrom('account_users as u')
    .select('u.id')
    .where('u.account_id', '=', accountId)
    .where(matchesSearch(search))
    .limit(userListCap + 1)
    .execute();
  return rows.length > userListCap ? null : rows.map((r) => r.id);
}

type ActivationsEb = ExpressionBuilder<Database & { a: Database['activations'] }, 'a'>;

// The per-row checks below are correlated scalar subqueries, not EXISTS: for an EXISTS, SQLite
// (3.38+) first builds a Bloom filter over the whole inner table — every member of a 60,000-member
// group, or all 100,000 users — before the page's first row; a scalar subquery is one primary-key
// probe per row walked (0.1 ms instead of 45–160 ms per page at 100,000 users).

/** Per row: the device's user is a member of the group (the members' primary key answers). */
export const memberOf = (groupId: string) => (eb: ActivationsEb) =>
  eb(
    eb
      .selectFrom('group_members as m')
      .select(sql<number>`1`.as('one'))
      .where('m.group_id', '=', groupId)
      .whereRef('m.user_id', '=', 'a.user_id')
      .limit(1),
    '=',
    1,
  );

/** Per row: the device's user matches the search (their row by primary key). */
export const userMatches = (search: UsageSearch) => (eb: ActivationsEb) =>
  eb(
    eb
      .selectFrom('account_users as u')
      .select(sql<number>`1`.as('one'))
      .whereRef('u.id', '=', 'a.user_id')
      .where(matchesSearch(search))
      .limit(1),
    '=',
    1,
  );
