// "Who could not activate this week and why" (issue 23 item 4): refused
// attempts of the activation log (outcome failure) in a window of days.
// Counts by code and day come from attempt-days.ts (past days rolled up,
// today counted); who, and by group, from the latest 2,000 refusals of the
// window, walked back over the (account_id, outcome, at) index (migration
// 0030) — so the report costs the same with 2,000,000 log rows as with 2,000.
import { sql } from 'kysely';
import type { DenialsReport } from '../../common/console-dashboard.ts';
import type { Db } from '../db/types.ts';
import { activationsCode, attemptDays } from './attempt-days.ts';
import type { DayRange } from './day-window.ts';

const usersShown = 200;
/** Who and which groups: from the window's latest refusals, at most this many. */
export const sampleSize = 2_000;
const groupsShown = 20;
const noCode = 'UNKNOWN';

/** The window's latest refusals (at most sampleSize), newest first along the index. */
function latestRefusals(db: Db, accountId: string, range: DayRange) {
  return db.selectFrom(
    db
      .selectFrom('activation_attempts')
      .select(['account_id', 'email', 'code', 'at'])
      .where('account_id', '=', accountId)
      .where('outcome', '=', 'failure')
      .where('at', '>=', range.fromAt)
      .where('at', '<', range.untilAt)
      .orderBy('at', 'desc')
      .limit(sampleSize)
      .as('a'),
  );
}

const count = sql<number | string>`count(*)`;

export async function denialsReport(db: Db, accountId: string, range: DayRange): Promise<DenialsReport> {
  const byDay = (await attemptDays(db, accountId, range))
    .filter((c) => c.code !== activationsCode)
    .map((c) => ({ day: c.day, code: c.code, count: c.count }));
  const codes = new Map<string, number>();
  for (const r of byDay) codes.set(r.code, (codes.get(r.code) ?? 0) + r.count);
  const byCode = [...codes]
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  const total = byDay.reduce((sum, r) => sum + r.count, 0);
  return {
    window: { from: range.from, to: range.to },
    total,
    byCode,
    byDay,
    sampled: Math.min(total, sampleSize),
    ...(await byGroup(db, accountId, range)),
    users: await refusedUsers(db, accountId, range),
  };
}

/** Per group of the refused user (found by email, as the access check finds them). */
async function byGroup(db: Db, accountId: string, range: DayRange) {
  const rows = await latestRefusals(db, accountId, range)
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
  const none = await latestRefusals(db, accountId, range)
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
  const rows = await latestRefusals(db, accountId, range)
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
