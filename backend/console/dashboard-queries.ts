// The Dashboard's facts besides seats (issue 23 item 5): activations and
// refusals per day (refusals by code), idle devices, and the integration's
// SCIM health. Every count is made by the database over an index of
// migration 0030, within a bounded window.
import { sql } from 'kysely';
import type { AttemptsPerDay, ScimHealth } from '../../common/console-dashboard.ts';
import type { Db } from '../db/types.ts';
import type { DayRange } from './day-window.ts';

/** Idle = no check-in for this many days, until the account's own setting is wired (issue 23 item 1). */
export const defaultIdleDays = 30;
const count = sql<number | string>`count(*)`;

export async function attemptsPerDay(db: Db, accountId: string, range: DayRange): Promise<AttemptsPerDay[]> {
  // A successful activation is an activations row (the log keeps refusals and sign-ins).
  const createdDay = sql<string>`substr(created_at, 1, 10)`;
  const activated = await db
    .selectFrom('activations')
    .select([createdDay.as('day'), count.as('n')])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', range.fromAt)
    .where('created_at', '<', range.untilAt)
    .groupBy(createdDay)
    .execute();
  const atDay = sql<string>`substr(at, 1, 10)`;
  const refused = await db
    .selectFrom('activation_attempts')
    .select([atDay.as('day'), 'code', count.as('n')])
    .where('account_id', '=', accountId)
    .where('outcome', '=', 'failure')
    .where('at', '>=', range.fromAt)
    .where('at', '<', range.untilAt)
    .groupBy([atDay, 'code'])
    .orderBy('code')
    .execute();
  const days = new Map<string, AttemptsPerDay>(
    range.days.map((day) => [day, { day, activations: 0, refusals: [] }]),
  );
  for (const r of activated) {
    const day = days.get(r.day);
    if (day) day.activations = Number(r.n);
  }
  for (const r of refused) days.get(r.day)?.refusals.push({ code: r.code ?? 'UNKNOWN', count: Number(r.n) });
  return [...days.values()];
}

export async function idleDevices(db: Db, accountId: string, now: Date, idleDays: number) {
  const since = new Date(now.getTime() - idleDays * 86_400_000).toISOString();
  const live = db
    .selectFrom('activations')
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null);
  const idle = await live.select(count.as('n')).where('last_checkin_at', '<', since).executeTakeFirst();
  const all = await live.select(count.as('n')).executeTakeFirst();
  return { days: idleDays, devices: Number(idle?.n ?? 0), liveDevices: Number(all?.n ?? 0) };
}

export async function scimHealthOf(db: Db, accountId: string): Promise<ScimHealth | null> {
  const row = await db
    .selectFrom('scim_health')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) return null;
  return {
    lastRequestAt: row.last_request_at,
    lastMethod: row.last_method,
    lastPath: row.last_path,
    lastStatus: Number(row.last_status),
    lastErrorAt: row.last_error_at,
    lastErrorStatus: row.last_error_status === null ? null : Number(row.last_error_status),
    lastErrorPath: row.last_error_path,
  };
}
