// From the outbox to deliveries: each enabled endpoint reads the account's
// events after its cursor (seq is gap-free and in commit order, so nothing
// that commits later is skipped — write-events.ts) and gets one delivery row
// per event of a type it listens to. Any node may run this at any time: the
// cursor moves by compare-and-set and the (endpoint, event) pair is unique, so
// two nodes fanning out at once neither skip nor double a delivery.
import { randomUUID } from 'node:crypto';
import { isEventType } from '../../common/event-types.ts';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { webhookPayload } from './payload.ts';

const batch = 500;

export async function fanOutAll(db: Db, clock: Clock): Promise<number> {
  const endpoints = await db
    .selectFrom('webhook_endpoints')
    .innerJoin('event_sequences', 'event_sequences.account_id', 'webhook_endpoints.account_id')
    .select(['webhook_endpoints.id', 'webhook_endpoints.cursor'])
    .where('webhook_endpoints.disabled_at', 'is', null)
    .whereRef('event_sequences.last_seq', '>', 'webhook_endpoints.cursor')
    .execute();
  let made = 0;
  for (const e of endpoints) made += await fanOutEndpoint(db, clock, e.id);
  return made;
}

/** One batch for one endpoint; the number of deliveries made. */
export async function fanOutEndpoint(db: Db, clock: Clock, endpointId: string): Promise<number> {
  return inTransaction(db, async (tx) => {
    const endpoint = await tx
      .selectFrom('webhook_endpoints')
      .select(['account_id', 'cursor', 'event_types', 'disabled_at'])
      .where('id', '=', endpointId)
      .executeTakeFirst();
    if (!endpoint || endpoint.disabled_at !== null) return 0;
    const cursor = Number(endpoint.cursor);
    const events = await tx
      .selectFrom('events')
      .select(['id', 'seq', 'type', 'occurred_at', 'data'])
      .where('account_id', '=', endpoint.account_id)
      .where('seq', '>', cursor)
      .orderBy('seq')
      .limit(batch)
      .execute();
    const last = events.at(-1);
    if (!last) return 0;
    // Compare-and-set: a node that read the same cursor and moved it first wins; this one adds nothing.
    const moved = await tx
      .updateTable('webhook_endpoints')
      .set({ cursor: Number(last.seq) })
      .where('id', '=', endpointId)
      .where('cursor', '=', cursor)
      .executeTakeFirst();
    if (Number(moved.numUpdatedRows) !== 1) return 0;
    const wanted =
      endpoint.event_types === null ? null : new Set(JSON.parse(endpoint.event_types) as string[]);
    const now = clock.now().toISOString();
    const rows = events
      .filter((e) => isEventType(e.type) && (wanted === null || wanted.has(e.type)))
      .map((e) => ({
        id: randomUUID(),
        endpoint_id: endpointId,
        account_id: endpoint.account_id,
        event_id: e.id,
        event_seq: Number(e.seq),
        event_type: e.type,
        payload: webhookPayload({
          type: e.type,
          timestamp: e.occurred_at,
          data: JSON.parse(e.data) as unknown,
          cursor: String(Number(e.seq)),
        }),
        status: 'pending' as const,
        attempts: 0,
        schedule_step: 0,
        next_attempt_at: now,
        created_at: now,
      }));
    if (rows.length > 0)
      await tx
        .insertInto('webhook_deliveries')
        .values(rows)
        .onConflict((oc) => oc.columns(['endpoint_id', 'event_id']).doNothing())
        .execute();
    return rows.length;
  });
}
