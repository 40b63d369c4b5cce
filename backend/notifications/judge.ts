// Reading the outbox for notifications (docs/notifications.md). Per account,
// a batch of events after the notifier's cursor is judged in ONE transaction:
// the facts' states change, the emails to send are queued
// (notification_messages) and the cursor advances, all or nothing. An event
// is therefore judged once, and what it decided is never lost: the queue is
// sent afterwards, and retried while SMTP is down.
import { randomUUID } from 'node:crypto';
import { ConflictError } from './conflict.ts';
import type { Clock } from '../clock.ts';
import { takesRowLocks } from '../db/row-locks.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { listConsoleAdmins } from './admins.ts';
import { changeFactState } from './fact-state.ts';
import { factOfEvent, type Fact, type StoredEvent } from './facts.ts';
import { readRules } from './rules.ts';
import { endQuietSpikes, spikesOfBatch } from './spike.ts';

const batchSize = 500;

/** Accounts whose events the notifier has not read to the end (only accounts that saved a rule have a cursor). */
async function accountsBehind(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('notification_cursors as c')
    .innerJoin('event_sequences as s', 's.account_id', 'c.account_id')
    .select('c.account_id')
    .whereRef('s.last_seq', '>', 'c.last_seq')
    .orderBy('c.account_id')
    .execute();
  return rows.map((r) => r.account_id);
}

/** Judges one batch of the account's events; false when there was none. `queue`: false when no email can be sent. */
async function judgeBatch(db: Db, clock: Clock, accountId: string, queue: boolean): Promise<boolean> {
  return inTransaction(db, async (tx) => {
    // PostgreSQL: the cursor row is locked to the end of the transaction, so a second runner (a node
    // whose lease was taken over) waits and then reads the moved cursor; SQLite's write lock, taken
    // at BEGIN, does the same.
    let read = tx.selectFrom('notification_cursors').select('last_seq').where('account_id', '=', accountId);
    if (takesRowLocks(tx)) read = read.forUpdate();
    const cursor = await read.executeTakeFirstOrThrow();
    const after = Number(cursor.last_seq);
    const rows = await tx
      .selectFrom('events')
      .select(['seq', 'type', 'occurred_at', 'data'])
      .where('account_id', '=', accountId)
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(batchSize)
      .execute();
    const last = rows.at(-1);
    if (!last) return false;
    const events: StoredEvent[] = rows.map((r) => ({
      seq: Number(r.seq),
      type: r.type,
      occurredAt: r.occurred_at,
      data: JSON.parse(r.data) as Record<string, unknown>,
    }));
    const rules = await readRules(tx, accountId);
    const facts: Fact[] = [];
    for (const event of events) {
      const fact = factOfEvent(event);
      if (fact && (await changeFactState(tx, accountId, fact.key, 'told', fact.occurredAt, fact.rearmMs)))
        facts.push(fact);
    }
    const spike = rules.get('refusal_spike');
    if (spike) facts.push(...(await spikesOfBatch(tx, accountId, events, spike.spike)));
    if (queue && facts.length > 0) await enqueue(tx, clock, accountId, facts, rules);
    // Only the transaction that read `after` may move it (two runners never both judge a batch).
    const moved = await tx
      .updateTable('notification_cursors')
      .set({ last_seq: last.seq })
      .where('account_id', '=', accountId)
      .where('last_seq', '=', after)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) throw new ConflictError('the notification cursor moved');
    return rows.length === batchSize;
  });
}

async function enqueue(
  db: Db,
  clock: Clock,
  accountId: string,
  facts: Fact[],
  rules: Awaited<ReturnType<typeof readRules>>,
): Promise<void> {
  const admins = new Set((await listConsoleAdmins(db, accountId)).map((a) => a.userId));
  const now = clock.now().toISOString();
  for (const fact of facts) {
    const rule = rules.get(fact.kind);
    if (!rule?.enabled) continue;
    const key =
      fact.rearmMs === undefined || fact.key.includes('@') ? fact.key : `${fact.key}@${fact.occurredAt}`;
    for (const userId of rule.recipients.filter((id) => admins.has(id)))
      await db
        .insertInto('notification_messages')
        .values({
          id: randomUUID(),
          account_id: accountId,
          kind: fact.kind,
          user_id: userId,
          fact_key: key,
          fact: JSON.stringify(fact),
          created_at: now,
          attempts: 0,
          next_attempt_at: now,
          claimed_until: null,
          settled_at: null,
          outcome: null,
          last_error: null,
        })
        .onConflict((oc) => oc.columns(['account_id', 'fact_key', 'user_id']).doNothing())
        .execute();
  }
}

/** Judges every account's new events; returns how many batches were judged. */
export async function judgeNewEvents(db: Db, clock: Clock, queue: boolean): Promise<number> {
  let batches = 0;
  for (const accountId of await accountsBehind(db)) {
    while (await judgeBatch(db, clock, accountId, queue)) batches++;
    batches++;
    const spike = (await readRules(db, accountId)).get('refusal_spike');
    if (spike) await endQuietSpikes(db, accountId, clock.now().getTime(), spike.spike);
  }
  return batches;
}
