// The Dashboard's facts besides seats (issue 23 item 5): activations and
// refusals per day (refusals by code), idle devices, and the integration's
// SCIM health. Every count is made by the database within a bounded window
// (attempt-days.ts: past days rolled up, today counted over an index).
import { sql } from 'kysely';
import type { AttemptsPerDay, ScimHealth } from '../../common/console-dashboard.ts';
import type { Db } from '../db/types.ts';
import { activationsCode, attemptDays } from './attempt-days.ts';
import type { DayRange } from './day-window.ts';

const count = sql<number | string>`count(*)`;

export async function attemptsPerDay(db: Db, accountId: string, range: DayRange): Promise<AttemptsPerDay[]> {
  const days = new Map<string, AttemptsPerDay>(
    range.days.map((day) => [day, { day, activations: 0, refusals: [] }]),
  );
  for (const c of await attemptDays(db, accountId, range)) {
    const day = days.get(c.day);
    if (!day) continue;
    if (c.code === activationsCode) day.activations = c.count;
    else day.refusals.push({ code: c.code, count: c.count });
  }
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

/** The Users card: counted by the database, never from a page of the users list (issue 23 item 8). */
export async function directoryCounts(
  db: Db,
  accountId: string,
): Promise<{ active: number; provisioned: number }> {
  const row = await db
    .selectFrom('account_users')
    .select([
      sql<number | string>`count(*)`.as('active'),
      sql<number | string>`sum(case when source <> 'local' then 1 else 0 end)`.as('provisioned'),
    ])
    .where('account_id', '=', accountId)
    .where('deleted_at', 'is', null)
    .where('active', '=', 1)
    .executeTakeFirstOrThrow();
  return { active: Number(row.active), provisioned: Number(row.provisioned ?? 0) };
}
