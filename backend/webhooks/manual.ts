// What an admin starts by hand: "Send test event" (a `webhook.test` to one
// endpoint only — it is not an account event, so the events API and other
// endpoints never see it) and "Redeliver" (a delivery tried again now, its
// schedule started afresh).
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { getEndpoint } from './endpoints.ts';
import { webhookPayload } from './payload.ts';

export async function sendTestEvent(
  db: Db,
  clock: Clock,
  accountId: string,
  endpointId: string,
): Promise<string> {
  const endpoint = await getEndpoint(db, accountId, endpointId);
  if (endpoint.disabled_at !== null)
    throw new ApiError(
      409,
      'webhook_endpoint_disabled',
      'enable the endpoint before sending it a test event',
    );
  const now = clock.now().toISOString();
  const id = randomUUID();
  await db
    .insertInto('webhook_deliveries')
    .values({
      id,
      endpoint_id: endpointId,
      account_id: accountId,
      event_id: randomUUID(),
      event_seq: 0,
      event_type: 'webhook.test',
      payload: webhookPayload({ type: 'webhook.test', timestamp: now, data: { endpointId }, cursor: '0' }),
      status: 'pending',
      attempts: 0,
      schedule_step: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
  return id;
}

export async function redeliver(
  db: Db,
  clock: Clock,
  input: { accountId: string; endpointId: string; deliveryId: string },
): Promise<void> {
  await inTransaction(db, async (tx) => {
    await getEndpoint(tx, input.accountId, input.endpointId);
    // A row a node is sending right now is left to it (its claim): never two sends of one delivery at once.
    const now = clock.now().toISOString();
    const result = await tx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', next_attempt_at: now, schedule_step: 0 })
      .where('id', '=', input.deliveryId)
      .where('endpoint_id', '=', input.endpointId)
      .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '<=', now)]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0)
      throw new ApiError(409, 'webhook_delivery_busy', 'no such delivery, or it is being sent right now');
  });
}
