// Seats used / total per license and sublicense over time (issue 23 item 5).
// History: one row per scope and UTC day in seat_snapshots, taken by a periodic
// job (server.ts) — the first snapshot of a day stays: INSERT … ON CONFLICT DO
// NOTHING on (license, sublicense, day), so running it again, or on several
// nodes at once, writes nothing more (the database decides). Today's point is
// the live count. A seat is a user holding a live activation (access/seat-rules.ts),
// read from the counts the database keeps (console/seat-holders.ts).
import { sql } from 'kysely';
import type { SeatSeries } from '../../common/console-dashboard.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { seatHolders } from './seat-holders.ts';
import { dayOf, type DayRange } from './day-window.ts';

interface SeatScope {
  licenseId: string;
  /** '' for the license itself. */
  sublicenseId: string;
  label: string;
  used: number;
  total: number;
}

/** Every license and sublicense of the account with its live seat count. */
async function liveScopes(db: Db, accountId: string): Promise<SeatScope[]> {
  const licenses = await db
    .selectFrom('licenses')
    .select(['id', 'edition', 'seats', 'expires_at'])
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  if (licenses.length === 0) return [];
  const ids = licenses.map((l) => l.id);
  const subs = await db
    .selectFrom('sublicenses as s')
    .innerJoin('groups as g', 'g.id', 's.group_id')
    .select(['s.id', 's.license_id', 's.seats', 'g.display_name'])
    .where('s.license_id', 'in', ids)
    .orderBy('g.display_name')
    .execute();
  const held = await seatHolders(db, accountId);
  const used = new Map([...held.perLicense, ...held.perSublicense]);
  return licenses.flatMap((l, i) => [
    {
      licenseId: l.id,
      sublicenseId: '',
      label: `License ${i + 1} (${l.edition}, ${l.seats} seats)`,
      used: used.get(l.id) ?? 0,
      total: l.seats,
    },
    ...subs
      .filter((s) => s.license_id === l.id)
      .map((s) => ({
        licenseId: l.id,
        sublicenseId: s.id,
        label: `License ${i + 1} › ${s.display_name}`,
        used: used.get(s.id) ?? 0,
        total: s.seats,
      })),
  ]);
}

/** Takes today's snapshot of one account, once: returns how many rows this call wrote. */
export async function snapshotAccountSeats(db: Db, clock: Clock, accountId: string): Promise<number> {
  const now = clock.now();
  const day = dayOf(now);
  // Cheap check first: the counts below are the costly part, and most runs of the day find it taken.
  const taken = await db
    .selectFrom('seat_snapshots')
    .select(sql<number | string>`count(*)`.as('n'))
    .where('account_id', '=', accountId)
    .where('day', '=', day)
    .executeTakeFirst();
  // (A sublicense added later in the day gets its first point tomorrow.)
  if (Number(taken?.n ?? 0) > 0) return 0;
  const scopes = await liveScopes(db, accountId);
  if (scopes.length === 0) return 0;
  const result = await db
    .insertInto('seat_snapshots')
    .values(
      scopes.map((s) => ({
        license_id: s.licenseId,
        sublicense_id: s.sublicenseId,
        day,
        account_id: accountId,
        seats_used: s.used,
        seats_total: s.total,
        taken_at: now.toISOString(),
      })),
    )
    .onConflict((oc) => oc.columns(['license_id', 'sublicense_id', 'day']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0);
}

/** The periodic job: today's snapshot of every account that has a license. */
export async function snapshotAllSeats(db: Db, clock: Clock): Promise<{ accounts: number; rows: number }> {
  const accounts = await db.selectFrom('licenses').select('account_id').distinct().execute();
  let rows = 0;
  for (const { account_id } of accounts) rows += await snapshotAccountSeats(db, clock, account_id);
  return { accounts: accounts.length, rows };
}

/** Each license's and sublicense's points in the window: snapshots of past days, the live count today. */
export async function seatHistory(db: Db, accountId: string, range: DayRange): Promise<SeatSeries[]> {
  const scopes = await liveScopes(db, accountId);
  const past = await db
    .selectFrom('seat_snapshots')
    .select(['license_id', 'sublicense_id', 'day', 'seats_used', 'seats_total'])
    .where('account_id', '=', accountId)
    .where('day', '>=', range.from)
    .where('day', '<', range.to)
    .orderBy('day')
    .execute();
  return scopes.map((s) => ({
    licenseId: s.licenseId,
    sublicenseId: s.sublicenseId || null,
    label: s.label,
    points: [
      ...past
        .filter((p) => p.license_id === s.licenseId && p.sublicense_id === s.sublicenseId)
        .map((p) => ({ day: p.day, used: Number(p.seats_used), total: Number(p.seats_total) })),
      { day: range.to, used: s.used, total: s.total },
    ],
  }));
}
