// An endpoint's delivery log for the console: newest first, paged by
// creation time, each delivery with its latest attempt; the attempts of one
// delivery on request.
import type { WebhookAttempt, WebhookDelivery, WebhookDeliveryPage } from '../../common/console-webhooks.ts';
import type { WebhookAttemptsTable } from '../db/schema.ts';
import type { Db } from '../db/types.ts';
import { getEndpoint } from './endpoints.ts';

const attemptView = (a: WebhookAttemptsTable): WebhookAttempt => ({
  attempt: a.attempt,
  startedAt: a.started_at,
  statusCode: a.status_code,
  latencyMs: a.latency_ms,
  responseExcerpt: a.response_excerpt,
  error: a.error,
});

export async function listDeliveries(
  db: Db,
  input: { accountId: string; endpointId: string; before: string | null; limit: number },
): Promise<WebhookDeliveryPage> {
  await getEndpoint(db, input.accountId, input.endpointId);
  let q = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('endpoint_id', '=', input.endpointId)
    .orderBy('created_at', 'desc')
    .orderBy('event_seq', 'desc')
    .orderBy('id', 'desc')
    .limit(input.limit + 1);
  const after = input.before === null ? null : parseBefore(input.before);
  // Keyset: strictly after the last row shown in (created_at, event_seq, id) order (a fan-out batch
  // shares one created_at, so the time alone would skip rows).
  if (after)
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('event_seq', '<', after.seq)]),
        eb.and([
          eb('created_at', '=', after.createdAt),
          eb('event_seq', '=', after.seq),
          eb('id', '<', after.id),
        ]),
      ]),
    );
  const rows = await q.execute();
  const page = rows.slice(0, input.limit);
  const ids = page.map((r) => r.id);
  const attempts =
    ids.length === 0
      ? []
      : await db
          .selectFrom('webhook_attempts')
          .selectAll()
          .where('delivery_id', 'in', ids)
          .orderBy('attempt')
          .execute();
  const last = new Map<string, WebhookAttemptsTable>();
  for (const a of attempts) last.set(a.delivery_id, a);
  const deliveries: WebhookDelivery[] = page.map((r) => {
    const a = last.get(r.id);
    return {
      id: r.id,
      eventId: r.event_id,
      eventType: r.event_type,
      cursor: String(Number(r.event_seq)),
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
      deliveredAt: r.delivered_at,
      createdAt: r.created_at,
      last: a ? attemptView(a) : null,
    };
  });
  const end = page.at(-1);
  return {
    deliveries,
    nextCursor:
      rows.length > input.limit && end ? `${end.created_at}_${Number(end.event_seq)}_${end.id}` : null,
  };
}

function parseBefore(raw: string): { createdAt: string; seq: number; id: string } | null {
  const [createdAt, seq, id] = raw.split('_');
  if (!createdAt || !seq || !id || !/^\d+$/.test(seq)) return null;
  return { createdAt, seq: Number(seq), id };
}

export async function listAttempts(
  db: Db,
  input: { accountId: string; endpointId: string; deliveryId: string },
): Promise<WebhookAttempt[]> {
  await getEndpoint(db, input.accountId, input.endpointId);
  const rows = await db
    .selectFrom('webhook_attempts')
    .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
    .selectAll('webhook_attempts')
    .where('webhook_attempts.delivery_id', '=', input.deliveryId)
    .where('webhook_deliveries.endpoint_id', '=', input.endpointId)
    .orderBy('webhook_attempts.attempt')
    .execute();
  return rows.map(attemptView);
}
