// The Usage page's summary (GET /api/console/usage/summary), asked once per visit, not per page: devices active vs idle
// and seats held (distinct users with a live device) per license and
// sublicense. Counted by the database from the indexes of migration 0027
// (last_checkin_at for idle, license/sublicense/user for seats), never from rows
// carried into the process.
import type { UsageSummary } from '../../common/console-usage.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { seatHolders } from './seat-holders.ts';
import { cutoffFor } from './usage-query.ts';
import { idleDaysOf } from './usage-settings.ts';

async function deviceCounts(db: Db, accountId: string, cutoff: string) {
  // One pass over the (account_id, last_checkin_at, id) index. The always-true range on
  // last_checkin_at is there for SQLite's planner, which otherwise read the whole table (4x slower).
  const row = await db
    .selectFrom('activations')
    .select((eb) => [
      eb.fn.countAll<string | number>().as('live'),
      eb.fn
        .sum<string | number | null>(eb.case().when('last_checkin_at', '<=', cutoff).then(1).else(0).end())
        .as('idle'),
    ])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .where('last_checkin_at', '>=', '')
    .executeTakeFirstOrThrow();
  const idle = Number(row.idle ?? 0);
  return { active: Number(row.live) - idle, idle };
}

export async function usageSummary(db: Db, clock: Clock, accountId: string): Promise<UsageSummary> {
  const idleDays = await idleDaysOf(db, accountId);
  const cutoff = cutoffFor(clock, idleDays);
  const licenses = await db
    .selectFrom('licenses')
    .select(['id', 'edition', 'seats'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const sublicenses = await db
    .selectFrom('sublicenses as s')
    .innerJoin('licenses as l', 'l.id', 's.license_id')
    .innerJoin('groups as g', 'g.id', 's.group_id')
    .select(['s.id', 's.license_id', 's.seats', 'g.display_name'])
    .where('l.account_id', '=', accountId)
    .orderBy('g.display_name')
    .execute();
  const held = await seatHolders(db, accountId);
  return {
    idleDays,
    devices: await deviceCounts(db, accountId, cutoff),
    licenses: licenses.map((l) => ({
      id: l.id,
      edition: l.edition,
      seats: l.seats,
      seatsHeld: held.perLicense.get(l.id) ?? 0,
      sublicenses: sublicenses
        .filter((s) => s.license_id === l.id)
        .map((s) => ({
          id: s.id,
          group: s.display_name,
          seats: s.seats,
          seatsHeld: held.perSublicense.get(s.id) ?? 0,
        })),
    })),
  };
}
