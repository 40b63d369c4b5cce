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
  const holders = sql<number | string>`count(distinct user_id)`;
  // A user in two places of one license holds one seat of it: the per-license count is its own query.
  const perLicense = await db
    .selectFrom('activations')
    .select(['license_id', holders.as('n')])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .groupBy('license_id')
    .execute();
  const perPlace = await db
    .selectFrom('activations')
    .select(['license_id', 'sublicense_id', holders.as('n')])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .groupBy(['license_id', 'sublicense_id'])
    .execute();
  return {
    perLicense: new Map(perLicense.map((r) => [r.license_id, Number(r.n)])),
    perSublicense: new Map(
      perPlace.flatMap((r) => (r.sublicense_id === null ? [] : [[r.sublicense_id, Number(r.n)] as const])),
    ),
    perPlace: perPlace.map((r) => ({
      licenseId: r.license_id,
      sublicenseId: r.sublicense_id,
      used: Number(r.n),
    })),
  };
}
