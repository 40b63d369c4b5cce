// Reading an account's events in order (issue 24 item 3). The cursor is the
// event's `seq` as a decimal string: numbers are handed out in commit order
// without gaps (write-events.ts), so "everything after n" read now never misses
// an event that commits later.
import type { AccountEvent, EventType, EventsPage } from '../../common/event-types.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/types.ts';

export interface EventsQuery {
  /** The last seq already read; 0 reads from the oldest kept. */
  after: number;
  types: readonly EventType[] | null;
  limit: number;
}

export async function readEvents(db: Db, accountId: string, query: EventsQuery): Promise<EventsPage> {
  let q = db
    .selectFrom('events')
    .select(['id', 'seq', 'type', 'occurred_at', 'data'])
    .where('account_id', '=', accountId)
    .where('seq', '>', query.after);
  if (query.types !== null) q = q.where('type', 'in', query.types);
  const rows = await q.orderBy('seq').limit(query.limit).execute();
  const events: AccountEvent[] = rows.map((r) => ({
    id: r.id,
    cursor: String(Number(r.seq)),
    type: r.type as EventType,
    occurredAt: r.occurred_at,
    data: JSON.parse(r.data) as Record<string, unknown>,
  }));
  return { events, next: events.at(-1)?.cursor ?? String(query.after) };
}

export const eventRetentionDays = 90;

/** The sweep's part: events older than 90 days go. The counters stay, so numbering goes on. */
export async function sweepOldEvents(db: Db, clock: Clock): Promise<number> {
  const cutoff = new Date(clock.now().getTime() - eventRetentionDays * 86_400_000).toISOString();
  const result = await db.deleteFrom('events').where('occurred_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
