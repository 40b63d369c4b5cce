// Which node sends which delivery. A node claims a batch of due rows in one
// transaction: on PostgreSQL the SELECT takes the rows with FOR UPDATE SKIP
// LOCKED (another node claiming at the same moment skips them rather than
// waiting or taking them too), on SQLite the transaction holds the database's
// write lock from BEGIN IMMEDIATE (db/sqlite-immediate.ts). The claim is a
// lease: `claim_expires_at` covers sending the whole batch one by one at the
// longest time limit, so a live node never loses a row it is still sending,
// and a killed node's rows become due again once it has passed — at least once,
// never two nodes on one attempt at the same time.
import type { Clock } from '../clock.ts';
import { takesRowLocks } from '../db/row-locks.ts';
import { inTransaction, type Db } from '../db/types.ts';

export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  accountId: string;
  eventId: string;
  eventSeq: number;
  payload: string;
  attempts: number;
  scheduleStep: number;
}

export async function claimDue(
  db: Db,
  clock: Clock,
  { holder, limit, leaseMs }: { holder: string; limit: number; leaseMs: number },
): Promise<ClaimedDelivery[]> {
  const now = clock.now();
  const nowIso = now.toISOString();
  return inTransaction(db, async (tx) => {
    let due = tx
      .selectFrom('webhook_deliveries')
      .innerJoin('webhook_endpoints', 'webhook_endpoints.id', 'webhook_deliveries.endpoint_id')
      .select([
        'webhook_deliveries.id',
        'webhook_deliveries.endpoint_id',
        'webhook_deliveries.account_id',
        'webhook_deliveries.event_id',
        'webhook_deliveries.event_seq',
        'webhook_deliveries.payload',
        'webhook_deliveries.attempts',
        'webhook_deliveries.schedule_step',
      ])
      .where('webhook_deliveries.status', '=', 'pending')
      .where('webhook_deliveries.next_attempt_at', '<=', nowIso)
      .where((eb) =>
        eb.or([
          eb('webhook_deliveries.claim_expires_at', 'is', null),
          eb('webhook_deliveries.claim_expires_at', '<=', nowIso),
        ]),
      )
      .where('webhook_endpoints.disabled_at', 'is', null)
      // Cursor order within the same due time: first attempts go out in the order events happened.
      .orderBy('webhook_deliveries.next_attempt_at')
      .orderBy('webhook_deliveries.event_seq')
      .limit(limit);
    if (takesRowLocks(tx)) due = due.forUpdate('webhook_deliveries').skipLocked();
    const rows = await due.execute();
    if (rows.length === 0) return [];
    await tx
      .updateTable('webhook_deliveries')
      .set({ claimed_by: holder, claim_expires_at: new Date(now.getTime() + leaseMs).toISOString() })
      .where(
        'id',
        'in',
        rows.map((r) => r.id),
      )
      .execute();
    return rows.map((r) => ({
      id: r.id,
      endpointId: r.endpoint_id,
      accountId: r.account_id,
      eventId: r.event_id,
      eventSeq: Number(r.event_seq),
      payload: r.payload,
      attempts: r.attempts,
      scheduleStep: r.schedule_step,
    }));
  });
}
