// Over the count, on purpose (issue 23 item 3; Keygen's overage, Figma's
// true-up): a license may allow P % over its seat count, P a whole number
// 0..100 (0, the default: off). The extra seats, floor(seats × P / 100), are
// the license's, not a place's: once the desktop-users pool or a sublicense
// has no seat of its own left, it may take one of them while any is free.
// Why shared and not P % of each place: a sublicense reserves seats for its
// group, and a per-place share would round small places down to nothing (five
// sublicenses of 5 seats at 10 % would get 0 extra, the license 2); the vendor
// settles the license, not its groups. A place never takes another place's own
// seats, so a group keeps its reserved seats, and the license as a whole stays
// under its ceiling, floor(seats × (1 + P/100)). Counted under the account's
// lock with the seats themselves (decide.ts), so the ceiling holds across nodes.
import type { LicensesTable, SublicensesTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';

export const maxOveragePercent = 100;

/** The license's P (0 for a row from before migration 0029). */
export const overagePercentOf = (license: Pick<LicensesTable, 'overage_percent'>): number =>
  Number(license.overage_percent ?? 0);

/** The extra seats P % of `seats` allows: floor(seats × P / 100), in integers (no float rounding). */
export const overageAllowance = (seats: number, percent: number): number =>
  Math.floor((seats * percent) / 100);

/** The most seat holders the license may have: floor(seats × (1 + P/100)). */
export const overageCeiling = (seats: number, percent: number): number =>
  seats + overageAllowance(seats, percent);

/** Seat holders per place of the license (null: the desktop-users pool), from the kept counts (0041). */
async function holdersPerPlace(db: Db, licenseId: string) {
  const rows = await db
    .selectFrom('seat_counts')
    .select(['place_key', 'holders'])
    .where('license_id', '=', licenseId)
    .where('holders', '>', 0)
    .execute();
  return rows.map((r) => ({
    sublicenseId: r.place_key === '' ? null : r.place_key,
    used: Number(r.holders),
  }));
}

/** Seats held beyond their own place's count, over every place of the license: the extra seats in use. */
export function overSeatsFrom(
  license: Pick<LicensesTable, 'seats'>,
  subs: readonly Pick<SublicensesTable, 'id' | 'seats'>[],
  places: readonly { sublicenseId: string | null; used: number }[],
): number {
  const seatsOf = new Map(subs.map((s) => [s.id, Number(s.seats)]));
  const pool = Number(license.seats) - subs.reduce((sum, s) => sum + Number(s.seats), 0);
  // A sublicense we no longer know has no seats of its own: all its holders count as over (never fewer).
  return places.reduce(
    (over, p) =>
      over + Math.max(0, p.used - (p.sublicenseId === null ? pool : (seatsOf.get(p.sublicenseId) ?? 0))),
    0,
  );
}

export interface OverageVerdict {
  allowed: boolean;
  /** `overSeats`: the extra seats in use before this activation. */
  evidence: { percent: number; extraSeats: number; overSeats: number; ceiling: number };
}

/**
 * The place is full (without this user's own seat): may this activation go
 * over? `takesSeat`: the user holds no seat there yet, so one more goes over.
 */
export async function overageVerdict(
  db: Db,
  license: LicensesTable,
  subs: readonly SublicensesTable[],
  takesSeat: boolean,
): Promise<OverageVerdict | undefined> {
  const percent = overagePercentOf(license);
  if (percent === 0) return undefined;
  const seats = Number(license.seats);
  const extraSeats = overageAllowance(seats, percent);
  const overSeats = overSeatsFrom(license, subs, await holdersPerPlace(db, license.id));
  const after = overSeats + (takesSeat ? 1 : 0);
  return {
    allowed: after <= extraSeats,
    evidence: { percent, extraSeats, overSeats, ceiling: overageCeiling(seats, percent) },
  };
}
