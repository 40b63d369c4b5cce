// The outbox writer (issue 24 item 1): events go in the transaction of the
// change they describe, so a change is never told without having happened
// nor happens without being told.
//
// Numbering: the account's counter row (event_sequences) is incremented by the
// number of events, in the same transaction. The UPDATE holds the row's lock
// until commit (PostgreSQL; SQLite holds the whole write lock from BEGIN
// IMMEDIATE), so the next writer for the account reads the counter only after
// this one has committed or rolled back: `seq` is gap-free and in commit order,
// and a reader that saw seq n never later finds a smaller one (docs/events.md).
// The cost: event-writing transactions of one account queue on that row, so
// callers write their events last, just before they commit.
import { randomUUID } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import { compileOnce, compilableSql } from '../db/compiled-query.ts';
import type { NewEvent } from '../../common/event-types.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';

// Rows per INSERT: 6 parameters each stays far below either database's limit.
const chunk = 1000;

// PostgreSQL, one event (an activation's, a release's: the hot paths): the counter's increment and
// the event's row in one statement, prepared once per connection — the counter row's lock is
// then taken by the transaction's last statement before COMMIT, one round trip instead of two.
// The number is the incremented counter, as below: same order, same gap-free sequence.
const writeOneEvent = compileOnce<
  { id: string; accountId: string; type: string; occurredAt: string; data: string },
  never
>(['id', 'accountId', 'type', 'occurredAt', 'data'], (db, p) =>
  compilableSql(
    db,
    sql<never>`with counter as (
        insert into event_sequences (account_id, last_seq) values (${p.accountId}, 1)
        on conflict (account_id) do update set last_seq = event_sequences.last_seq + 1
        returning last_seq)
      insert into events (id, account_id, seq, type, occurred_at, data)
      select ${p.id}, ${p.accountId}, counter.last_seq, ${p.type}, ${p.occurredAt}, ${p.data} from counter`,
  ),
);

export async function writeEvents(
  db: Db,
  clock: Clock,
  accountId: string,
  events: readonly NewEvent[],
): Promise<void> {
  if (events.length === 0) return;
  const [only] = events;
  if (only && events.length === 1 && db.getExecutor().adapter instanceof PostgresAdapter) {
    await writeOneEvent(db, {
      id: randomUUID(),
      accountId,
      type: only.type,
      occurredAt: clock.now().toISOString(),
      data: JSON.stringify(only.data),
    });
    return;
  }
  await inTransaction(db, async (tx) => {
    const counter = await tx
      .insertInto('event_sequences')
      .values({ account_id: accountId, last_seq: events.length })
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet({ last_seq: sql`event_sequences.last_seq + ${events.length}` }),
      )
      .returning('last_seq')
      .executeTakeFirstOrThrow();
    const first = Number(counter.last_seq) - events.length + 1;
    const occurredAt = clock.now().toISOString();
    const rows = events.map((e, i) => ({
      id: randomUUID(),
      account_id: accountId,
      seq: first + i,
      type: e.type,
      occurred_at: occurredAt,
      data: JSON.stringify(e.data),
    }));
    for (let i = 0; i < rows.length; i += chunk)
      await tx
        .insertInto('events')
        .values(rows.slice(i, i + chunk))
        .execute();
  });
}

export const writeEvent = (db: Db, clock: Clock, accountId: string, event: NewEvent): Promise<void> =>
  writeEvents(db, clock, accountId, [event]);
