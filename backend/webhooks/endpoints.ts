// Webhook endpoints of an account: added with a secret shown once, enabled and
// disabled, their secret rotated, deleted. Every change is in the audit log;
// no entry, log line or event holds the secret.
import { randomUUID } from 'node:crypto';
import type { EventType } from '../../common/event-types.ts';
import type { WebhookEndpoint, WebhookSecretShown } from '../../common/console-webhooks.ts';
import { writeAudit } from '../audit/audit-log.ts';
import type { Clock } from '../clock.ts';
import type { WebhookEndpointsTable } from '../db/schema.ts';
import { inTransaction, type Db } from '../db/types.ts';
import { ApiError } from '../http/api-error.ts';
import { checkWebhookUrl, shownUrl, type UrlPolicy } from './endpoint-url.ts';
import { newWebhookSecret, sealWebhookSecret } from './secrets.ts';

/** Standard Webhooks: after a rotation the old secret keeps signing (beside the new) for a day. */
export const previousSecretGraceMs = 24 * 3600_000;
export const maxEndpointsPerAccount = 20;

export interface EndpointInput {
  url: string;
  description: string;
  eventTypes: EventType[] | null;
}

interface Context {
  db: Db;
  clock: Clock;
  masterKey: Buffer;
  policy: UrlPolicy;
}

const notFound = () =>
  new ApiError(404, 'webhook_endpoint_not_found', 'no webhook endpoint with that id here');

export function endpointView(row: WebhookEndpointsTable, pending: number): WebhookEndpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    eventTypes: row.event_types === null ? null : (JSON.parse(row.event_types) as EventType[]),
    enabled: row.disabled_at === null,
    disabledReason: row.disabled_reason,
    disabledAt: row.disabled_at,
    failingSince: row.failing_since,
    createdAt: row.created_at,
    pending,
  };
}

export async function listEndpoints(db: Db, accountId: string): Promise<WebhookEndpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute();
  const counts = await db
    .selectFrom('webhook_deliveries')
    .select(['endpoint_id', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('account_id', '=', accountId)
    .where('status', '=', 'pending')
    .groupBy('endpoint_id')
    .execute();
  const pending = new Map(counts.map((c) => [c.endpoint_id, Number(c.n)]));
  return rows.map((r) => endpointView(r, pending.get(r.id) ?? 0));
}

export async function getEndpoint(db: Db, accountId: string, id: string): Promise<WebhookEndpointsTable> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (!row) throw notFound();
  return row;
}

export async function createEndpoint(
  ctx: Context,
  accountId: string,
  input: EndpointInput,
  actor: string,
): Promise<WebhookSecretShown> {
  checkWebhookUrl(input.url, ctx.policy);
  const id = randomUUID();
  const secret = newWebhookSecret();
  const now = ctx.clock.now().toISOString();
  const row = await inTransaction(ctx.db, async (tx) => {
    const count = await tx
      .selectFrom('webhook_endpoints')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    if (Number(count.n) >= maxEndpointsPerAccount)
      throw new ApiError(
        409,
        'webhook_endpoint_limit',
        `an account has at most ${maxEndpointsPerAccount} endpoints`,
      );
    // A new endpoint hears what happens from now on: its cursor starts at the account's last event.
    const last = await tx
      .selectFrom('event_sequences')
      .select('last_seq')
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    const values: WebhookEndpointsTable = {
      id,
      account_id: accountId,
      url: input.url,
      description: input.description,
      event_types: input.eventTypes === null ? null : JSON.stringify(input.eventTypes),
      secret_sealed: sealWebhookSecret(ctx.masterKey, id, secret),
      previous_secret_sealed: null,
      previous_secret_expires_at: null,
      cursor: Number(last?.last_seq ?? 0),
      disabled_at: null,
      disabled_reason: null,
      failing_since: null,
      created_at: now,
    };
    await tx.insertInto('webhook_endpoints').values(values).execute();
    await writeAudit(tx, ctx.clock, {
      accountId,
      actor,
      action: 'webhook.endpoint_created',
      target: id,
      detail: { url: shownUrl(input.url), eventTypes: input.eventTypes ?? 'all' },
    });
    return values;
  });
  return { endpoint: endpointView(row, 0), secret };
}

export async function updateEndpoint(
  ctx: Context,
  accountId: string,
  id: string,
  input: Partial<Pick<EndpointInput, 'description' | 'eventTypes'>>,
  actor: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    await getEndpoint(tx, accountId, id);
    await tx
      .updateTable('webhook_endpoints')
      .set({
        ...(input.description !== undefined && { description: input.description }),
        ...(input.eventTypes !== undefined && {
          event_types: input.eventTypes === null ? null : JSON.stringify(input.eventTypes),
        }),
      })
      .where('id', '=', id)
      .execute();
    await writeAudit(tx, ctx.clock, {
      accountId,
      actor,
      action: 'webhook.endpoint_updated',
      target: id,
      detail: { ...(input.eventTypes !== undefined && { eventTypes: input.eventTypes ?? 'all' }) },
    });
  });
}

export async function setEndpointEnabled(
  ctx: Pick<Context, 'db' | 'clock'>,
  accountId: string,
  id: string,
  enabled: boolean,
  actor: string,
): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await inTransaction(ctx.db, async (tx) => {
    await getEndpoint(tx, accountId, id);
    await tx
      .updateTable('webhook_endpoints')
      .set(
        enabled
          ? { disabled_at: null, disabled_reason: null, failing_since: null }
          : { disabled_at: now, disabled_reason: `disabled by ${actor.replace(/^user:/, '')}` },
      )
      .where('id', '=', id)
      .execute();
    // Enabled again: what waited is tried now, from the start of the schedule.
    if (enabled)
      await tx
        .updateTable('webhook_deliveries')
        .set({ next_attempt_at: now, schedule_step: 0 })
        .where('endpoint_id', '=', id)
        .where('status', '=', 'pending')
        .execute();
    await writeAudit(tx, ctx.clock, {
      accountId,
      actor,
      action: enabled ? 'webhook.endpoint_enabled' : 'webhook.endpoint_disabled',
      target: id,
    });
  });
}

/** A new secret (shown once); the old one keeps signing beside it for a day, so receivers can switch. */
export async function rotateEndpointSecret(
  ctx: Context,
  accountId: string,
  id: string,
  actor: string,
): Promise<WebhookSecretShown> {
  const secret = newWebhookSecret();
  const now = ctx.clock.now();
  const row = await inTransaction(ctx.db, async (tx) => {
    const old = await getEndpoint(tx, accountId, id);
    const set = {
      secret_sealed: sealWebhookSecret(ctx.masterKey, id, secret),
      previous_secret_sealed: old.secret_sealed,
      previous_secret_expires_at: new Date(now.getTime() + previousSecretGraceMs).toISOString(),
    };
    await tx.updateTable('webhook_endpoints').set(set).where('id', '=', id).execute();
    await writeAudit(tx, ctx.clock, { accountId, actor, action: 'webhook.secret_rotated', target: id });
    return { ...old, ...set };
  });
  return { endpoint: endpointView(row, 0), secret };
}

export async function deleteEndpoint(
  ctx: Pick<Context, 'db' | 'clock'>,
  accountId: string,
  id: string,
  actor: string,
): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const row = await getEndpoint(tx, accountId, id);
    await tx.deleteFrom('webhook_endpoints').where('id', '=', id).execute();
    await writeAudit(tx, ctx.clock, {
      accountId,
      actor,
      action: 'webhook.endpoint_deleted',
      target: id,
      detail: { url: shownUrl(row.url) },
    });
  });
}
