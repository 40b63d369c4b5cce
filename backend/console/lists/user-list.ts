// The account's users one page at a time, ordered by user name (the unique
// user_name_key, then id), searched by the start of user name, email or
// display name and filtered by group (issue 23 items 8-9).
import { z } from 'zod';
import type { Selectable } from 'kysely';
import type { DatabaseHandle } from '../../db/connect.ts';
import type { AccountUsersTable } from '../../db/schema.ts';
import { cursorParam, decodeCursor, pageOf } from '../cursor.ts';
import { afterKey, pageLimit, startsWith } from './keyset.ts';

export const userListFilter = z
  .object({
    q: z.string().trim().max(200).optional(),
    group: z.uuid().optional(),
    /** Only users who can sign in with a password (the backup login's candidates). */
    password: z.enum(['yes']).optional(),
  })
  .strict();

export const userListQuery = userListFilter
  .extend({
    cursor: cursorParam,
    limit: z.coerce.number().int().min(pageLimit.min).max(pageLimit.max).default(pageLimit.default),
  })
  .strict();

export type UserListQuery = z.infer<typeof userListQuery>;

export async function userRowsPage(
  database: Pick<DatabaseHandle, 'db' | 'dialect'>,
  accountId: string,
  s: UserListQuery,
): Promise<{ items: Selectable<AccountUsersTable>[]; nextCursor: string | null }> {
  const { db, dialect } = database;
  let query = db
    .selectFrom('account_users as u')
    .selectAll('u')
    .where('u.account_id', '=', accountId)
    .where('u.deleted_at', 'is', null);
  const q = s.q;
  if (q)
    query = query.where((eb) =>
      eb.or([
        startsWith('u.user_name', q, dialect),
        startsWith('u.email', q, dialect),
        startsWith('u.display_name', q, dialect),
      ]),
    );
  // A join, not EXISTS: the planner then starts from whichever side is smaller (a 10-member group from
  // its members, a 60,000-member one from the users in name order); a membership is one row per user.
  if (s.group)
    query = query.innerJoin('group_members as m', 'm.user_id', 'u.id').where('m.group_id', '=', s.group);
  if (s.password) query = query.where('u.password_hash', 'is not', null);
  if (s.cursor) query = query.where(afterKey(['u.user_name_key', 'u.id'], decodeCursor(s.cursor, 2), 'asc'));
  const rows = await query
    .orderBy('u.user_name_key')
    .orderBy('u.id')
    .limit(s.limit + 1)
    .execute();
  return pageOf(
    rows,
    s.limit,
    (r) => [r.user_name_key ?? '', r.id],
    (r) => r,
  );
}
