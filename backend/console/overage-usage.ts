// The Licenses page's overage numbers (issue 23 item 3): per license, the
// seats held above their place's count, and the ceiling its overage allows —
// counted by the database as the seats rule counts them (access/overage.ts).
import type { LicenseOverageUsage } from '../../common/console-directory.ts';
import { overageCeiling, overagePercentOf, overSeatsFrom } from '../access/overage.ts';
import type { Db } from '../db/types.ts';
import type { SeatHolders } from './seat-holders.ts';

export async function overageUsage(
  db: Db,
  accountId: string,
  held: SeatHolders,
): Promise<Map<string, LicenseOverageUsage>> {
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
  return new Map(
    licenses.map((l) => {
      const percent = overagePercentOf(l);
      const overSeats = overSeatsFrom(
        l,
        subs.filter((s) => s.license_id === l.id),
        held.perPlace.filter((p) => p.licenseId === l.id),
      );
      return [
        l.id,
        { overagePercent: percent, overSeats, ceiling: overageCeiling(Number(l.seats), percent) },
      ];
    }),
  );
}
