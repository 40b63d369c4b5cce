// The Licenses page's overage numbers (issue 23 item 3): per license, the
// seats held above their place's count, and the ceiling its overage allows —
// counted by the database as the seats rule counts them (access/overage.ts).
import { sql } from 'kysely';
import type { LicenseOverageUsage } from '../../common/console-directory.ts';
import { overageCeiling, overagePercentOf, overSeatsFrom } from '../access/overage.ts';
import type { Db } from '../db/types.ts';

export async function overageUsage(db: Db, accountId: string): Promise<Map<string, LicenseOverageUsage>> {
  const licenses = await db
    .selectFrom('licenses')
    .select(['id', 'seats', 'overage_percent'])
    .where('account_id', '=', accountId)
    .execute();
  const subs = await db
    .selectFrom('sublicenses as s')
    .innerJoin('licenses as l', 'l.id', 's.license_id')
    .select(['s.id', 's.license_id', 's.seats'])
    .where('l.account_id', '=', accountId)
    .execute();
  const places = await db
    .selectFrom('activations')
    .select(['license_id', 'sublicense_id', sql<number | string>`count(distinct user_id)`.as('used')])
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .groupBy(['license_id', 'sublicense_id'])
    .execute();
  return new Map(
    licenses.map((l) => {
      const percent = overagePercentOf(l);
      const overSeats = overSeatsFrom(
        l,
        subs.filter((s) => s.license_id === l.id),
        places
          .filter((p) => p.license_id === l.id)
          .map((p) => ({ sublicenseId: p.sublicense_id, used: Number(p.used) })),
      );
      return [
        l.id,
        { overagePercent: percent, overSeats, ceiling: overageCeiling(Number(l.seats), percent) },
      ];
    }),
  );
}
