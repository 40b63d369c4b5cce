// Who holds a seat, counted once for every console screen that shows it (the
// Licenses page, its overage sentence, Usage's summary, the Dashboard's seat
// history): a seat is a user with a live activation, as access/seat-rules.ts
// counts it, and the database counts it — never a capped list (issue 23 item 8).
import { sql } from 'kysely';
import type { Db } from '../db/types.ts';

export interface SeatHolders {
  /** Seat holders per license. */
  perLicense: Map<string, number>;
  /** Seat holders per sublicense. */
  perSublicense: Map<string, number>;
  /** Per place: a license's desktop-users pool (sublicenseId null) or one of its sublicenses. */
  perPlace: { licenseId: string; sublicenseId: string | null; used: number }[];
}

export async function seatHolders(db: Db, accountId: string): Promise<SeatHolders> {
  // Read from the counts the database keeps with every activation write (migration 0041), not
  // counted over the account's activations: a place's count is one row; a license's is its distinct
  // users over seat_holders (one row per user and place — a user in two places holds one seat).
  const perLicense = await db
    .selectFrom('seat_holders as h')
    .innerJoin('licenses as l', 'l.id', 'h.license_id')
    .select(['h.license_id', sql<number | string>`count(distinct h.user_id)`.as('n')])
    .where('l.account_id', '=', accountId)
    .groupBy('h.license_id')
    .execute();
  const perPlace = await db
    .selectFrom('seat_counts as c')
    .innerJoin('licenses as l', 'l.id', 'c.license_id')
    .select(['c.license_id', 'c.place_key', 'c.holders'])
    .where('l.account_id', '=', accountId)
    .where('c.holders', '>', 0)
    .execute();
  const places = perPlace.map((r) => ({
    licenseId: r.license_id,
    sublicenseId: r.place_key === '' ? null : r.place_key,
    used: Number(r.holders),
  }));
  return {
    perLicense: new Map(perLicense.map((r) => [r.license_id, Number(r.n)])),
    perSublicense: new Map(
      places.flatMap((p) => (p.sublicenseId === null ? [] : [[p.sublicenseId, p.used] as const])),
    ),
    perPlace: places,
  };
}
