// A service-wide fact told to every account (the license signing key is the
// service's, not one account's). Accounts in id order: every writer that takes
// several counters takes them in the same order.
import type { NewEvent } from '../../common/event-types.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';
import { writeEvent } from './write-events.ts';

export async function writeEventToEveryAccount(db: Db, clock: Clock, event: NewEvent): Promise<void> {
  const accounts = await db.selectFrom('accounts').select('id').orderBy('id').execute();
  for (const { id } of accounts) await writeEvent(db, clock, id, event);
}
