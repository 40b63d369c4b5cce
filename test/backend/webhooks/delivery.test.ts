// Issue 24 item 2 and item 5 for webhooks: deliveries to a real HTTPS receiver
// on loopback that checks every signature with the Standard Webhooks
// library's own Webhook.verify; the retry schedule walked with the clock moved
// by hand; disabling after a day; the time and size limits; private addresses.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createAccount } from '../../../backend/accounts/account-service.ts';
import type { Clock } from '../../../backend/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { migrateToLatest } from '../../../backend/db/migrate.ts';
import { writeEvents } from '../../../backend/events/write-events.ts';
import { deliverDue, type DeliveryContext } from '../../../backend/webhooks/deliver.ts';
import {
  createEndpoint,
  rotateEndpointSecret,
  setEndpointEnabled,
} from '../../../backend/webhooks/endpoints.ts';
import { fanOutAll } from '../../../backend/webhooks/fan-out.ts';
import { redeliver, sendTestEvent } from '../../../backend/webhooks/manual.ts';
import { standardRetrySeconds } from '../../../backend/webhooks/schedule.ts';
import type { NewEvent } from '../../../common/event-types.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const provisioned = (i: number): NewEvent => ({
  type: 'user.provisioned',
  data: { userId: `u-${i}`, userName: `user${i}@acme.example`, externalId: null, active: true },
});

class HandClock implements Clock {
  t = new Date('2026-03-01T08:00:00.000Z').getTime();
  now = () => new Date(this.t);
  advance(ms: number) {
    this.t += ms;
  }
}

describeEachDatabase('webhook delivery', (dialect) => {
  let testDb: TestDatabase;
  let database: DatabaseHandle;
  let receiver: WebhookReceiver;
  let clock: HandClock;
  let accountId: string;
  const masterKey = randomBytes(32);

  beforeAll(async () => {
    testDb = await dialect.create();
    database = openDatabase(testDb.url);
    await migrateToLatest(database.db, database.dialect);
    receiver = await startWebhookReceiver();
  });
  afterAll(async () => {
    await receiver?.close();
    await database?.close();
    await testDb?.drop();
  });
  beforeEach(async () => {
    clock = new HandClock();
    receiver.received.length = 0;
    receiver.overlaps = 0;
    receiver.answer = () => ({ status: 200 });
    // Each test's endpoints alone: those of earlier tests (other accounts) would be due again.
    await database.db.deleteFrom('webhook_endpoints').execute();
    const account = await createAccount(
      database.db,
      clock,
      {
        name: 'Acme',
        ownerEmail: `owner-${randomBytes(4).toString('hex')}@acme.example`,
        ownerPassword: 'correct horse battery',
      },
      'test',
    );
    accountId = account.id;
  });
  afterEach(() => {
    receiver.answer = () => ({ status: 200 });
  });

  const settings = (over: Partial<DeliveryContext['settings']> = {}): DeliveryContext['settings'] => ({
    timeoutMs: 2000,
    ca: receiver.ca,
    allowInternal: true,
    retrySeconds: standardRetrySeconds,
    disableAfterMs: 24 * 3600_000,
    batch: 50,
    ...over,
  });
  const ctx = (over: Partial<DeliveryContext['settings']> = {}): DeliveryContext => ({
    db: database.db,
    clock,
    masterKey,
    holder: 'node-a',
    settings: settings(over),
  });
  const endpointCtx = (allowInternal = true) => ({
    db: database.db,
    clock,
    masterKey,
    policy: { allowInternal },
  });
  /** The error of the account's first delivery attempt, as the delivery log shows it. */
  const firstAttemptError = async () =>
    (
      await database.db
        .selectFrom('webhook_attempts')
        .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
        .select('webhook_attempts.error')
        .where('webhook_deliveries.account_id', '=', accountId)
        .executeTakeFirstOrThrow()
    ).error;
  /** Fan out and send until nothing is due at the clock's present time. */
  const drain = async (over: Partial<DeliveryContext['settings']> = {}) => {
    await fanOutAll(database.db, clock);
    let sent = 0;
    for (;;) {
      const tally = await deliverDue(ctx(over));
      sent += tally.sent;
      if (tally.sent === 0) return sent;
    }
  };
  const addEndpoint = async (eventTypes: NewEvent['type'][] | null = null) => {
    const shown = await createEndpoint(
      endpointCtx(),
      accountId,
      { url: receiver.url, description: 'SIEM', eventTypes },
      'user:owner@acme.example',
    );
    receiver.secrets = [shown.secret];
    return shown;
  };

  test('every delivery verifies with Standard Webhooks’ Webhook.verify; webhook-id is the event id; the body is {type, timestamp, data, cursor}', async () => {
    await writeEvents(database.db, clock, accountId, [provisioned(0)]);
    const { endpoint } = await addEndpoint();
    await writeEvents(database.db, clock, accountId, [provisioned(1), provisioned(2), provisioned(3)]);
    expect(await drain()).toBe(3);
    const events = await database.db
      .selectFrom('events')
      .select(['id', 'seq', 'occurred_at'])
      .where('account_id', '=', accountId)
      .where('type', '=', 'user.provisioned')
      .orderBy('seq')
      .execute();
    // The event written before the endpoint existed is not sent to it.
    expect(receiver.received.map((r) => r.id)).toEqual(events.slice(1).map((e) => e.id));
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(receiver.received.map((r) => r.cursor)).toEqual(events.slice(1).map((e) => String(Number(e.seq))));
    expect(receiver.received[0]?.data).toEqual(provisioned(1).data);
    const delivered = await database.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts'])
      .where('endpoint_id', '=', endpoint.id)
      .execute();
    expect(delivered.every((d) => d.status === 'delivered' && d.attempts === 1)).toBe(true);
    // A second pass sends nothing again.
    expect(await drain()).toBe(0);
  });

  test('a signature made with another secret fails the receiver’s verification (the check is real)', async () => {
    await addEndpoint();
    receiver.secrets = [`whsec_${randomBytes(32).toString('base64')}`];
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    await drain();
    expect(receiver.received.map((r) => [r.verified, r.status])).toEqual([[false, 401]]);
  });

  test('the event type filter: an endpoint hears only the types it chose', async () => {
    await addEndpoint(['user.deleted']);
    await writeEvents(database.db, clock, accountId, [
      provisioned(1),
      { type: 'user.deleted', data: { userId: 'u-1', userName: 'user1@acme.example' } },
    ]);
    await drain();
    expect(receiver.received.map((r) => r.type)).toEqual(['user.deleted']);
  });

  test('retries follow the schedule (at once, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h), the clock moved by hand; a day of failures disables the endpoint with an audit entry and an event', async () => {
    const { endpoint } = await addEndpoint();
    receiver.answer = () => ({ status: 503 });
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    const start = clock.t;
    const attemptsAt: number[] = [];
    for (const wait of standardRetrySeconds) {
      // One millisecond early: not yet due.
      if (wait > 0) {
        clock.advance(wait * 1000 - 1);
        expect(await drain()).toBe(0);
        clock.advance(1);
      }
      expect(await drain()).toBe(1);
      attemptsAt.push((clock.t - start) / 1000);
    }
    expect(attemptsAt).toEqual([0, 5, 305, 2105, 9305, 27305, 63305, 99305]);
    const delivery = await database.db
      .selectFrom('webhook_deliveries')
      .select(['status', 'attempts', 'next_attempt_at'])
      .where('endpoint_id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    // The eighth attempt was the last: the schedule has run out.
    expect(delivery).toEqual({ status: 'failed', attempts: 8, next_attempt_at: null });
    const attempts = await database.db
      .selectFrom('webhook_attempts')
      .select(['status_code', 'error'])
      .orderBy('attempt')
      .execute();
    expect(attempts.at(-1)).toEqual({ status_code: 503, error: 'the endpoint answered HTTP 503' });
    // Failing since the first attempt, over 24 hours by the eighth (27.6 h): disabled once.
    const row = await database.db
      .selectFrom('webhook_endpoints')
      .select(['disabled_at', 'disabled_reason', 'failing_since'])
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(row.disabled_at).toBe(new Date(start + 99305_000).toISOString());
    expect(row.disabled_reason).toContain('every delivery failed since');
    const audit = await database.db
      .selectFrom('audit_log')
      .select(['actor', 'target'])
      .where('action', '=', 'webhook.endpoint_disabled')
      .where('account_id', '=', accountId)
      .execute();
    expect(audit).toEqual([{ actor: 'system', target: endpoint.id }]);
    const event = await database.db
      .selectFrom('events')
      .select('data')
      .where('account_id', '=', accountId)
      .where('type', '=', 'webhook.endpoint_disabled')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.data)).toEqual({
      endpointId: endpoint.id,
      url: receiver.url,
      failingSince: new Date(start).toISOString(),
    });
    // Disabled: nothing more is sent to it, not even new events.
    receiver.answer = () => ({ status: 200 });
    await writeEvents(database.db, clock, accountId, [provisioned(2)]);
    const before = receiver.received.length;
    expect(await drain()).toBe(0);
    expect(receiver.received.length).toBe(before);
    // Enabled again: what happened meanwhile goes out.
    await setEndpointEnabled(endpointCtx(), accountId, endpoint.id, true, 'user:owner@acme.example');
    expect(await drain()).toBeGreaterThanOrEqual(1);
    expect(receiver.received.at(-1)?.data).toEqual(provisioned(2).data);
  });

  test('one success within the day ends the failing period: the endpoint stays enabled', async () => {
    const { endpoint } = await addEndpoint();
    receiver.answer = () => ({ status: 500 });
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    await drain();
    clock.advance(20 * 3600_000);
    receiver.answer = () => ({ status: 204 });
    await writeEvents(database.db, clock, accountId, [provisioned(2)]);
    await drain();
    clock.advance(10 * 3600_000);
    receiver.answer = () => ({ status: 500 });
    await writeEvents(database.db, clock, accountId, [provisioned(3)]);
    await drain();
    const row = await database.db
      .selectFrom('webhook_endpoints')
      .select(['disabled_at', 'failing_since'])
      .where('id', '=', endpoint.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ disabled_at: null, failing_since: clock.now().toISOString() });
  });

  test('order per endpoint: first attempts go out in cursor order; a retried event arrives after later ones', async () => {
    await addEndpoint();
    await writeEvents(database.db, clock, accountId, [1, 2, 3, 4, 5, 6].map(provisioned));
    // The third event's first attempt fails.
    let calls = 0;
    receiver.answer = () => ({ status: calls++ === 2 ? 500 : 200 });
    await drain();
    clock.advance(5000);
    await drain();
    const cursors = receiver.received.map((r) => Number(r.cursor));
    const first = [...cursors.slice(0, 6)];
    expect(first).toEqual([...first].sort((a, b) => a - b));
    // The retry of the third event came after the sixth.
    expect(cursors.length).toBe(7);
    expect(cursors[6]).toBe(cursors[2]);
  });

  test('a receiver answering after 30 s is cut off at the time limit; the attempt says so and is retried', async () => {
    await addEndpoint();
    receiver.answer = () => ({ status: 200, delayMs: 30_000 });
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    const started = performance.now();
    await drain({ timeoutMs: 1000 });
    expect(performance.now() - started).toBeLessThan(5000);
    const attempt = await database.db
      .selectFrom('webhook_attempts')
      .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
      .select([
        'webhook_attempts.status_code',
        'webhook_attempts.error',
        'webhook_attempts.latency_ms',
        'webhook_deliveries.status',
      ])
      .where('webhook_deliveries.account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(attempt.status_code).toBeNull();
    expect(attempt.error).toBe('no answer within 1 s');
    expect(attempt.latency_ms).toBeLessThan(3000);
    expect(attempt.status).toBe('pending');
  });

  test('a receiver sending an endless body is cut off after 1 KiB: the status decides, the excerpt is 1 KiB', async () => {
    await addEndpoint();
    receiver.answer = () => ({ status: 200, body: 'endless' });
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    const started = performance.now();
    await drain();
    expect(performance.now() - started).toBeLessThan(5000);
    const attempt = await database.db
      .selectFrom('webhook_attempts')
      .innerJoin('webhook_deliveries', 'webhook_deliveries.id', 'webhook_attempts.delivery_id')
      .select(['webhook_attempts.response_excerpt', 'webhook_deliveries.status'])
      .where('webhook_deliveries.account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    expect(attempt.status).toBe('delivered');
    expect(attempt.response_excerpt).toHaveLength(1024);
  });

  describe('addresses inside the service network', () => {
    test.each([
      'https://127.0.0.1/hooks',
      'https://10.1.2.3/hooks',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hooks',
      'https://localhost/hooks',
      'http://hooks.example.com/in',
    ])('%s is refused on a production service', async (url) => {
      await expect(
        createEndpoint(endpointCtx(false), accountId, { url, description: '', eventTypes: null }, 'test'),
      ).rejects.toMatchObject({ status: 400, code: 'webhook_url_invalid' });
    });

    test('an endpoint whose address is private is not called at send time either', async () => {
      await addEndpoint();
      await writeEvents(database.db, clock, accountId, [provisioned(1)]);
      await drain({ allowInternal: false });
      expect(receiver.received).toEqual([]);
      expect(await firstAttemptError()).toContain("inside the service's network");
    });
  });

  test('a receiver’s certificate that the sender does not trust fails the attempt (verification stays on)', async () => {
    await addEndpoint();
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    await drain({ ca: undefined });
    expect(receiver.received).toEqual([]);
    expect(await firstAttemptError()).toContain('TLS certificate is not trusted');
  });

  test('after "rotate secret" both the new and the old secret verify for a day; then only the new', async () => {
    const { endpoint, secret: old } = await addEndpoint();
    const { secret: fresh } = await rotateEndpointSecret(endpointCtx(), accountId, endpoint.id, 'test');
    expect(fresh).not.toBe(old);
    for (const [secrets, wait] of [
      [[old], 0],
      [[fresh], 0],
      [[old], 24 * 3600_000 + 1000],
    ] as const) {
      clock.advance(wait);
      receiver.secrets = [...secrets];
      receiver.received.length = 0;
      await writeEvents(database.db, clock, accountId, [provisioned(1)]);
      await drain();
      expect(receiver.received.map((r) => r.verified)).toEqual([wait === 0]);
    }
  });

  test('"Send test event" reaches that endpoint only and is not an account event; "Redeliver" sends a delivery again', async () => {
    const { endpoint } = await addEndpoint();
    const other = await createEndpoint(
      endpointCtx(),
      accountId,
      { url: `${receiver.url}/other`, description: '', eventTypes: null },
      'test',
    );
    const deliveryId = await sendTestEvent(database.db, clock, accountId, endpoint.id);
    await drain();
    expect(receiver.received.map((r) => [r.type, r.data])).toEqual([
      ['webhook.test', { endpointId: endpoint.id }],
    ]);
    expect(other.endpoint.id).not.toBe(endpoint.id);
    const events = await database.db
      .selectFrom('events')
      .select('type')
      .where('account_id', '=', accountId)
      .execute();
    expect(events.map((e) => e.type)).not.toContain('webhook.test');
    await redeliver(database.db, clock, { accountId, endpointId: endpoint.id, deliveryId });
    await drain();
    expect(receiver.received.map((r) => r.id)).toEqual([receiver.received[0]?.id, receiver.received[0]?.id]);
  });

  test('the secret is sealed at rest and appears in no audit entry, event, delivery body or attempt', async () => {
    const { secret } = await addEndpoint();
    await writeEvents(database.db, clock, accountId, [provisioned(1)]);
    await drain();
    const dump = JSON.stringify([
      await database.db.selectFrom('webhook_endpoints').selectAll().execute(),
      await database.db.selectFrom('audit_log').selectAll().execute(),
      await database.db.selectFrom('events').selectAll().execute(),
      await database.db.selectFrom('webhook_deliveries').selectAll().execute(),
      await database.db.selectFrom('webhook_attempts').selectAll().execute(),
      receiver.received,
    ]);
    expect(dump).not.toContain(secret.slice(6, 30));
  });
});
