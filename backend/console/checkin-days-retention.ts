// How long the user timeline's check-in days are kept (issue 23 item 6): a row
// per device and UTC day is 73 million rows a year at 200,000 devices, so the
// service's periodic sweep deletes days older than this, along their index.
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export const checkinDaysKept = 180;

export async function sweepCheckinDays(db: Db, clock: Clock): Promise<number> {
  const oldest = new Date(clock.now().getTime() - checkinDaysKept * 86_400_000).toISOString().slice(0, 10);
  const deleted = await db.deleteFrom('checkin_days').where('day', '<', oldest).executeTakeFirst();
  return Number(deleted.numDeletedRows);
}
