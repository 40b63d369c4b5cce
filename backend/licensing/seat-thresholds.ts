// seats.threshold_reached (issue 24 item 1): told in the activation that takes
// a license's seats in use to 90 % or 100 % of its seats, in that activation's
// transaction. Seats are counted and taken under the account's lock
// (access/decide.ts), so "before < threshold ≤ after" is seen by exactly one
// activation per upward crossing: the count itself is the state, and a license
// that drops below (a release, a reclamation) and climbs back is told again.
// The hot path pays nothing new when no seat is taken (a renewal, a user's
// next device), and nothing when the seat's place is the whole license (no
// sublicenses): the seats rule's own count is the license's. A license split
// into sublicenses costs one read of its places' kept counts, only when a seat is taken.
import { sql } from 'kysely';
import type { Decision } from '../access/decide.ts';
import type { Clock } from '../clock.ts';
import type { ActivationsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { writeEvents } from '../events/write-events.ts';
import type { NewEvent } from '../../common/event-types.ts';

export const seatThresholds = [90, 100] as const;

/** The seats in use at which `percent` is reached: ceil(seats × percent / 100), in integers. */
export const seatsFor = (seats: number, percent: number): number => Math.ceil((seats * percent) / 100);

/** The thresholds a count moving from `before` to `after` crosses upward. */
export function crossed(seats: number, before: number, after: number): (typeof seatThresholds)[number][] {
  return seatThresholds.filter((t) => before < seatsFor(seats, t) && seatsFor(seats, t) <= after);
}

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** License seats in use before and after this activation, or undefined when it took no new seat. */
async function licenseUse(tx: Db, decision: Decision) {
  const seats = decision.evidence.seats;
  const license = decision.place?.license;
  const used = num(seats?.used);
  if (!seats || !license || used === undefined || seats.holdsSeat !== false) return undefined;
  if (seats.pool === 'desktop-users' && num(seats.total) === Number(license.seats))
    return { before: used, after: used + 1 };
  // A sublicense's count is not the license's: the license's is the sum of its places' kept counts
  // (migration 0041: a few rows, whatever the seats), each place counting its own holders as the
  // seats rule does. This activation took a new seat in its place, so one more than before.
  const row = await tx
    .selectFrom('seat_counts')
    .select(sql<number | string>`coalesce(sum(holders), 0)`.as('after'))
    .where('license_id', '=', license.id)
    .executeTakeFirstOrThrow();
  const after = Number(row.after);
  return { before: after - 1, after };
}

/** Written last in the activation's transaction (after the activation row), as its other events. */
export async function writeSeatThresholds(
  tx: Db,
  clock: Clock,
  decision: Decision,
  a: ActivationsTable,
): Promise<void> {
  const license = decision.place?.license;
  const use = await licenseUse(tx, decision);
  if (!license || !use) return;
  const seats = Number(license.seats);
  const events: NewEvent[] = crossed(seats, use.before, use.after).map((threshold) => ({
    type: 'seats.threshold_reached',
    data: {
      licenseId: license.id,
      licenseName: `${license.edition} (${seats} seats)`,
      seatsUsed: use.after,
      seats,
      threshold,
    },
  }));
  await writeEvents(tx, clock, a.account_id, events);
}
