// "Who could not activate this week and why" (issue 23 item 4): refused
// attempts of the activation log (outcome failure) in a window of days,
// counted by code, by day and by the user's groups — each count made by the
// database over the (account_id, outcome, at) index (migration 0030), so the
// report costs the window's refusals, not the log's 2,000,000 rows.
import { sql } from 'kysely';
import type { DenialsReport } from '../../common/console-dashboard.ts';
import type { Db } from '../db/types.ts';
import type { DayRange } from './day-window.ts';

const usersShown = 200;
const groupsShown = 20;
/** The day of an ISO timestamp: its first ten characters, on both databases. */
const dayOfAt = sql<string>`substr(a.at, 1, 10)`;
const noCode = 'UNKNOWN';

function refusals(db: Db, accountId: string, range: DayRange) {
  return db
    .selectFrom('activation_attempts as a')
    .where('a.account_id', '=', accountId)
    .where('a.outcome', '=', 'failure')
    .where('a.at', '>=', range.fromAt)
    .where('a.at', '<', range.untilAt);
}

const count = sql<number | string>`count(*)`;

export async function denialsReport(db: Db, accountId: string, range: DayRange): Promise<DenialsReport> {
  const byDayAndCode = await refusals(db, accountId, range)
    .select([dayOfAt.as('day'), 'a.code', count.as('n')])
    .groupBy([dayOfAt, 'a.code'])
    .orderBy('day')
    .orderBy('a.code')
    .execute();
  const byDay = byDayAndCode.map((r) => ({ day: r.day, code: r.code ?? noCode, count: Number(r.n) }));
  const codes = new Map<string, number>();
  for (const r of byDay) codes.set(r.code, (codes.get(r.code) ?? 0) + r.count);
  const byCode = [...codes]
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return {
    window: { from: range.from, to: range.to },
    total: byDay.reduce((sum, r) => sum + r.count, 0),
    byCode,
    byDay,
    ...(await byGroup(db, accountId, range)),
    users: await refusedUsers(db, accountId, range),
  };
}

/** Per group of the refused user (found by email, as the access check finds them). */
async function byGroup(db: Db, accountId: string, range: DayRange) {
  const rows = await refusals(db, accountId, range)
    .innerJoin('account_users as u', (j) =>
      j.onRef('u.email', '=', 'a.email').onRef('u.account_id', '=', 'a.account_id'),
    )
    .innerJoin('group_members as m', 'm.user_id', 'u.id')
    .innerJoin('groups as g', 'g.id', 'm.group_id')
    .where('u.deleted_at', 'is', null)
    .select(['g.id', 'g.display_name', count.as('n')])
    .groupBy(['g.id', 'g.display_name'])
    .orderBy(count, 'desc')
    .orderBy('g.display_name')
    .limit(groupsShown)
    .execute();
  const none = await refusals(db, accountId, range)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('account_users as u')
            .innerJoin('group_members as m', 'm.user_id', 'u.id')
            .select(sql`1`.as('one'))
            .whereRef('u.email', '=', 'a.email')
            .whereRef('u.account_id', '=', 'a.account_id')
            .where('u.deleted_at', 'is', null),
        ),
      ),
    )
    .select(count.as('n'))
    .executeTakeFirst();
  return {
    byGroup: rows.map((r) => ({ groupId: r.id, group: r.display_name, count: Number(r.n) })),
    inNoGroup: Number(none?.n ?? 0),
  };
}

async function refusedUsers(db: Db, accountId: string, range: DayRange) {
  const lastAt = sql<string>`max(a.at)`;
  const rows = await refusals(db, accountId, range)
    .select(['a.email', 'a.code', count.as('n'), lastAt.as('last_at')])
    .groupBy(['a.email', 'a.code'])
    .orderBy(lastAt, 'desc')
    .limit(usersShown)
    .execute();
  return rows.map((r) => ({
    email: r.email,
    code: r.code ?? noCode,
    count: Number(r.n),
    lastAt: r.last_at,
  }));
}
