// Activations and refusals per day, for the Dashboard's chart and the denials
// report's counts by code and day (issue 23 items 4 and 5). A day that is over
// no longer changes, so the periodic job rolls it up into attempt_days (one
// row per code; code '' = the day's activations, which also marks the day as
// rolled up) and a 90-day window then reads at most 90 × codes rows. Days not
// rolled up yet (today, or before the job first ran) are counted live over the
// (account_id, outcome, at) index, one range per run of consecutive days.
import { sql } from 'kysely';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { dayRange, maxWindowDays, type DayRange } from './day-window.ts';

/** The code of a day's activations row (and the "rolled up" mark). */
export const activationsCode = '';
const unknownCode = 'UNKNOWN';
const dayMs = 86_400_000;

export interface DayCount {
  day: string;
  /** A catalog code (a refusal), or '' for activations. */
  code: string;
  count: number;
}

const count = sql<number | string>`count(*)`;
const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00.000Z`) + dayMs).toISOString();

/** Counts of the days from `first` to `last` (inclusive), from the raw rows. */
async function liveCounts(db: Db, accountId: string, first: string, last: string): Promise<DayCount[]> {
  const fromAt = `${first}T00:00:00.000Z`;
  const untilAt = nextDay(last);
  const atDay = sql<string>`substr(at, 1, 10)`;
  const refused = await db
    .selectFrom('activation_attempts')
    .select([atDay.as('day'), 'code', count.as('n')])
    .where('account_id', '=', accountId)
    .where('outcome', '=', 'failure')
    .where('at', '>=', fromAt)
    .where('at', '<', untilAt)
    .groupBy([atDay, 'code'])
    .execute();
  // A successful activation is an activations row (the log keeps refusals and sign-ins).
  const createdDay = sql<string>`substr(created_at, 1, 10)`;
  const activated = await db
    .selectFrom('activations')
    .select([createdDay.as('day'), count.as('n')])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', fromAt)
    .where('created_at', '<', untilAt)
    .groupBy(createdDay)
    .execute();
  return [
    ...activated.map((r) => ({ day: r.day, code: activationsCode, count: Number(r.n) })),
    ...refused.map((r) => ({ day: r.day, code: r.code ?? unknownCode, count: Number(r.n) })),
  ];
}

/** Consecutive runs of the given days (sorted): [first, last] each. */
function runsOf(days: string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const day of days) {
    const run = runs.at(-1);
    if (run && nextDay(run[1]).slice(0, 10) === day) run[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

/** Rolls up the account's past days of the last 90 that are not yet: returns the days written. */
export async function rollupAccountDays(db: Db, clock: Clock, accountId: string): Promise<number> {
  const range = dayRange(clock.now(), maxWindowDays);
  const past = range.days.filter((d) => d !== range.to);
  const done = await db
    .selectFrom('attempt_days')
    .select('day')
    .where('account_id', '=', accountId)
    .where('code', '=', activationsCode)
    .where('day', '>=', range.from)
    .execute();
  const rolled = new Set(done.map((r) => r.day));
  let written = 0;
  for (const day of past) {
    if (rolled.has(day)) continue;
    const counts = await liveCounts(db, accountId, day, day);
    const activations = counts.find((c) => c.code === activationsCode);
    const rows = [
      { account_id: accountId, day, code: activationsCode, count: activations?.count ?? 0 },
      ...counts
        .filter((c) => c.code !== activationsCode)
        .map((c) => ({ account_id: accountId, day, code: c.code, count: c.count })),
    ];
    // Another node rolling up the same day writes the same counts: the key keeps the first.
    await db
      .insertInto('attempt_days')
      .values(rows)
      .onConflict((oc) => oc.columns(['account_id', 'day', 'code']).doNothing())
      .execute();
    written += 1;
  }
  return written;
}

/** The periodic job: every account's finished days. */
export async function rollupAllAttemptDays(
  db: Db,
  clock: Clock,
): Promise<{ accounts: number; days: number }> {
  const accounts = await db.selectFrom('accounts').select('id').execute();
  let days = 0;
  for (const { id } of accounts) days += await rollupAccountDays(db, clock, id);
  return { accounts: accounts.length, days };
}

/** Each day's activations ('') and refusals by code in the window: rolled-up days read, the rest counted. */
export async function attemptDays(db: Db, accountId: string, range: DayRange): Promise<DayCount[]> {
  const rolledRows = await db
    .selectFrom('attempt_days')
    .select(['day', 'code', 'count'])
    .where('account_id', '=', accountId)
    .where('day', '>=', range.from)
    .where('day', '<', range.to)
    .execute();
  const rolled = new Set(rolledRows.filter((r) => r.code === activationsCode).map((r) => r.day));
  const live: DayCount[] = [];
  for (const [first, last] of runsOf(range.days.filter((d) => !rolled.has(d))))
    live.push(...(await liveCounts(db, accountId, first, last)));
  return [
    ...rolledRows.filter((r) => rolled.has(r.day)).map((r) => ({ ...r, count: Number(r.count) })),
    ...live,
  ]
    .filter((c) => c.count > 0)
    .sort((a, b) => a.day.localeCompare(b.day) || a.code.localeCompare(b.code));
}
