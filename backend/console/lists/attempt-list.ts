// The activation log one page at a time, newest first (at, then id), searched
// by the start of the email, code, outcome, reference and time range — each a
// range of an index of migration 0032 (issue 23 item 8: the email search read
// every row with lower(coalesce(email,'')) LIKE '%q%', and a date range walked
// back from the newest row).
import { z } from 'zod';
import type { Attempt } from '../../../common/console-api.ts';
import type { DatabaseHandle } from '../../db/connect.ts';
import { attemptSearchQuery } from '../attempt-search.ts';
import { cursorParam, decodeCursor, pageOf } from '../cursor.ts';
import { afterKey, equalsLowered, pageLimit, startsWith } from './keyset.ts';

/**
 * A whole address is one key of the (account, email, time) index, read newest first with no sort;
 * part of one is a prefix range (the planner walks the time index or sorts the range, whichever it
 * reckons cheaper): fast for a rare prefix, slower for a common one — the screen says so.
 */
const wholeAddress = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export const attemptListFilter = attemptSearchQuery.omit({ limit: true }).strict();

export const attemptListQuery = attemptListFilter
  .extend({
    cursor: cursorParam,
    limit: z.coerce.number().int().min(pageLimit.min).max(pageLimit.max).default(pageLimit.default),
  })
  .strict();

export type AttemptListQuery = z.infer<typeof attemptListQuery>;

export async function attemptPage(
  database: Pick<DatabaseHandle, 'db' | 'dialect'>,
  accountId: string,
  s: AttemptListQuery,
): Promise<{ items: Attempt[]; nextCursor: string | null }> {
  let query = database.db.selectFrom('activation_attempts').selectAll().where('account_id', '=', accountId);
  const email = s.email;
  if (email)
    query = query.where(
      wholeAddress.test(email)
        ? equalsLowered('email', email, database.dialect)
        : startsWith('email', email, database.dialect),
    );
  if (s.code) query = query.where('code', '=', s.code);
  if (s.outcome) query = query.where('outcome', '=', s.outcome);
  if (s.reference !== undefined) query = query.where('id', '=', s.reference);
  if (s.from) query = query.where('at', '>=', new Date(s.from).toISOString());
  if (s.to) query = query.where('at', '<=', new Date(s.to).toISOString());
  if (s.cursor) query = query.where(afterKey(['at', 'id'], decodeCursor(s.cursor, 2), 'desc'));
  const rows = await query
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(s.limit + 1)
    .execute();
  return pageOf(
    rows,
    s.limit,
    (r) => [r.at, Number(r.id)],
    (r) => ({
      id: Number(r.id),
      email: r.email,
      stage: r.stage,
      outcome: r.outcome,
      code: r.code,
      evidence: JSON.parse(r.evidence) as Record<string, unknown>,
      at: r.at,
    }),
  );
}
