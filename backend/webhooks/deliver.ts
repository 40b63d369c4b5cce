// Sending what a node has claimed (claim.ts) and writing down what happened.
// Order per endpoint (docs/webhooks.md "Order"): a node sends one endpoint's
// claimed deliveries one after another in cursor order, different endpoints
// side by side. So with one node, first attempts reach a receiver in the
// order the events happened; a retried delivery arrives after later events
// (retries overtake); with several nodes, two batches of one endpoint may be
// in flight at once, and the receiver orders by `cursor` in the body.
import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Logger } from 'pino';
import { writeAudit } from '../audit/audit-log.ts';
import { systemClock, type Clock } from '../clock.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { writeEvent } from '../events/write-events.ts';
import { ApiError } from '../http/api-error.ts';
import { claimDue, type ClaimedDelivery } from './claim.ts';
import { checkWebhookUrl, shownUrl } from './endpoint-url.ts';
import { nextAttemptAt } from './schedule.ts';
import { unsealWebhookSecret } from './secrets.ts';
import { sendWebhook, type SendOptions, type SendResult } from './send.ts';

export interface DeliverySettings extends SendOptions {
  /** Seconds before each attempt: the first 0, then the retries (schedule.ts). */
  retrySeconds: readonly number[];
  /** An endpoint failing this long without one success is disabled (24 h). */
  disableAfterMs: number;
  /** Rows one claim takes. */
  batch: number;
}

export interface DeliveryContext {
  db: Db;
  /** Decides what is due (tests move it by hand). */
  clock: Clock;
  /** The webhook-timestamp: the receiver compares it with its own clock, so it is the real time. */
  signingClock?: Clock;
  masterKey: Buffer;
  holder: string;
  settings: DeliverySettings;
  logger?: Logger;
}

export interface DeliveryTally {
  sent: number;
  delivered: number;
  failed: number;
}

/** The lease of a claim: every row of the batch sent one after another at the longest time limit, with room. */
export const claimLeaseMs = (s: Pick<DeliverySettings, 'batch' | 'timeoutMs'>): number =>
  s.batch * (s.timeoutMs + 2000);

/** One claim's batch sent; how it went. */
export async function deliverDue(ctx: DeliveryContext): Promise<DeliveryTally> {
  const claimed = await claimDue(ctx.db, ctx.clock, {
    holder: ctx.holder,
    limit: ctx.settings.batch,
    leaseMs: claimLeaseMs(ctx.settings),
  });
  const byEndpoint = new Map<string, ClaimedDelivery[]>();
  for (const d of claimed) byEndpoint.set(d.endpointId, [...(byEndpoint.get(d.endpointId) ?? []), d]);
  const tally: DeliveryTally = { sent: 0, delivered: 0, failed: 0 };
  await Promise.all(
    [...byEndpoint.values()].map(async (rows) => {
      for (const row of rows) {
        const ok = await attempt(ctx, row);
        if (ok === undefined) continue;
        tally.sent++;
        if (ok) tally.delivered++;
        else tally.failed++;
      }
    }),
  );
  return tally;
}

/** One attempt; undefined when the endpoint went away or was disabled meanwhile (the claim is let go). */
async function attempt(ctx: DeliveryContext, row: ClaimedDelivery): Promise<boolean | undefined> {
  const endpoint = await ctx.db
    .selectFrom('webhook_endpoints')
    .select(['url', 'secret_sealed', 'previous_secret_sealed', 'previous_secret_expires_at', 'disabled_at'])
    .where('id', '=', row.endpointId)
    .executeTakeFirst();
  if (!endpoint || endpoint.disabled_at !== null) {
    await release(ctx, row);
    return undefined;
  }
  const startedAt = ctx.clock.now();
  const secrets = [unsealWebhookSecret(ctx.masterKey, row.endpointId, endpoint.secret_sealed)];
  if (
    endpoint.previous_secret_sealed !== null &&
    endpoint.previous_secret_expires_at !== null &&
    endpoint.previous_secret_expires_at > startedAt.toISOString()
  )
    secrets.push(unsealWebhookSecret(ctx.masterKey, row.endpointId, endpoint.previous_secret_sealed));
  const result = await send(ctx, endpoint.url, row, secrets);
  await record(ctx, row, startedAt, result, endpoint.url);
  return result.ok;
}

async function send(ctx: DeliveryContext, url: string, row: ClaimedDelivery, secrets: string[]) {
  try {
    // Checked again at each send: a URL saved on a development service, or a literal address.
    checkWebhookUrl(url, ctx.settings);
  } catch (err) {
    const error = err instanceof ApiError ? err.message : 'the endpoint URL is not valid';
    return { ok: false, statusCode: null, latencyMs: 0, responseExcerpt: null, error } satisfies SendResult;
  }
  const timestamp = (ctx.signingClock ?? systemClock).now();
  // Standard Webhooks "Signature scheme": one `v1,<base64>` per secret, space-separated (rotation).
  const signature = secrets.map((s) => new Webhook(s).sign(row.eventId, timestamp, row.payload)).join(' ');
  return sendWebhook(
    url,
    {
      'webhook-id': row.eventId,
      'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
      'webhook-signature': signature,
      'user-agent': 'Latchkey-Webhooks/1',
    },
    row.payload,
    ctx.settings,
  );
}

async function release(ctx: DeliveryContext, row: ClaimedDelivery): Promise<void> {
  await ctx.db
    .updateTable('webhook_deliveries')
    .set({ claimed_by: null, claim_expires_at: null })
    .where('id', '=', row.id)
    .where('claimed_by', '=', ctx.holder)
    .execute();
}

async function record(
  ctx: DeliveryContext,
  row: ClaimedDelivery,
  startedAt: Date,
  result: SendResult,
  url: string,
): Promise<void> {
  const now = ctx.clock.now();
  const nowIso = now.toISOString();
  const next = result.ok ? null : nextAttemptAt(ctx.settings.retrySeconds, row.scheduleStep, now);
  await inTransaction(ctx.db, async (tx) => {
    await tx
      .insertInto('webhook_attempts')
      .values({
        id: randomUUID(),
        delivery_id: row.id,
        attempt: row.attempts + 1,
        started_at: startedAt.toISOString(),
        status_code: result.statusCode,
        latency_ms: result.latencyMs,
        response_excerpt: result.responseExcerpt,
        error: result.error,
      })
      .execute();
    await tx
      .updateTable('webhook_deliveries')
      .set({
        attempts: row.attempts + 1,
        last_attempt_at: nowIso,
        status: result.ok ? 'delivered' : next === null ? 'failed' : 'pending',
        delivered_at: result.ok ? nowIso : null,
        next_attempt_at: next?.toISOString() ?? null,
        schedule_step: row.scheduleStep + 1,
        claimed_by: null,
        claim_expires_at: null,
      })
      .where('id', '=', row.id)
      .where('claimed_by', '=', ctx.holder)
      .execute();
    if (result.ok)
      await tx
        .updateTable('webhook_endpoints')
        .set({ failing_since: null })
        .where('id', '=', row.endpointId)
        .execute();
    else await noteFailure(ctx, tx, row, now, url);
  });
}

/** A failure starts (or continues) the endpoint's failing period; 24 hours of it disable the endpoint. */
async function noteFailure(ctx: DeliveryContext, tx: Db, row: ClaimedDelivery, now: Date, url: string) {
  const nowIso = now.toISOString();
  await tx
    .updateTable('webhook_endpoints')
    .set({ failing_since: nowIso })
    .where('id', '=', row.endpointId)
    .where('failing_since', 'is', null)
    .execute();
  const cutoff = new Date(now.getTime() - ctx.settings.disableAfterMs).toISOString();
  const endpoint = await tx
    .selectFrom('webhook_endpoints')
    .select('failing_since')
    .where('id', '=', row.endpointId)
    .executeTakeFirst();
  const since = endpoint?.failing_since;
  if (!since || since > cutoff) return;
  // One node disables it: the conditional UPDATE changes the row once.
  const disabled = await tx
    .updateTable('webhook_endpoints')
    .set({
      disabled_at: nowIso,
      disabled_reason: `every delivery failed since ${since} (${Math.round(ctx.settings.disableAfterMs / 3600_000)} hours)`,
    })
    .where('id', '=', row.endpointId)
    .where('disabled_at', 'is', null)
    .executeTakeFirst();
  if (Number(disabled.numUpdatedRows) !== 1) return;
  await writeAudit(tx, ctx.clock, {
    accountId: row.accountId,
    actor: 'system',
    action: 'webhook.endpoint_disabled',
    target: row.endpointId,
    detail: { reason: 'failing', failingSince: since },
  });
  await writeEvent(tx, ctx.clock, row.accountId, {
    type: 'webhook.endpoint_disabled',
    data: { endpointId: row.endpointId, url: shownUrl(url), failingSince: since },
  });
  ctx.logger?.warn(
    { endpointId: row.endpointId, failingSince: since },
    'webhook endpoint disabled after failing',
  );
}
