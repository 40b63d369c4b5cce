// Issue 24 item 2 and item 5: two service nodes on one database deliver to a
// receiver that fails 30 % of requests; every event is delivered, and no
// webhook-id is ever in flight twice at the same time (the receiver counts
// overlapping requests per id). Then a node is killed with SIGKILL while it
// sends: its claimed rows come back when their lease ends and the other node
// delivers them — nothing lost.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { writeEvents } from '../../../backend/events/write-events.ts';
import { createEndpoint } from '../../../backend/webhooks/endpoints.ts';
import type { NewEvent } from '../../../common/event-types.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { startWebhookNode, type WebhookNode } from '../../support/webhook-nodes.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.ts';

const provisioned = (i: number): NewEvent => ({
  type: 'user.provisioned',
  data: { userId: `u-${i}`, userName: `user${i}@acme.example`, externalId: null, active: true },
});

// A schedule in seconds instead of hours, long enough (16 attempts) that 30 % failures always get through.
const fastRetries = '0,0.1,0.2,0.3,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5,0.5';

describeEachDatabase('webhooks delivered by two nodes', (dialect) => {
  let service: TestService;
  let receiver: WebhookReceiver;
  const nodes: WebhookNode[] = [];

  beforeAll(async () => {
    // The test's own node holds the database and writes events; it sends no webhooks itself.
    service = await startTestService(dialect, {
      mode: 'development',
      env: { LATCHKEY_WEBHOOK_POLL_MS: '0' },
    });
    receiver = await startWebhookReceiver();
  }, 60_000);
  afterAll(async () => {
    for (const node of nodes) await node.stop();
    await receiver?.close();
    await service?.close();
  });

  async function setUp(name: string, env: Record<string, string>) {
    const db = service.deps.database.db;
    await db.deleteFrom('webhook_endpoints').execute();
    const account = await db
      .insertInto('accounts')
      .values({ id: crypto.randomUUID(), name, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { secret } = await createEndpoint(
      { db, clock: service.deps.clock, masterKey: service.deps.masterKey, policy: { allowInternal: true } },
      account.id,
      { url: receiver.url, description: name, eventTypes: null },
      'test',
    );
    receiver.secrets = [secret];
    receiver.received.length = 0;
    receiver.overlaps = 0;
    for (const node of nodes.splice(0)) await node.stop();
    for (let i = 0; i < 2; i++) nodes.push(await startWebhookNode(service, receiver.ca, env));
    return account.id;
  }

  const undelivered = async (accountId: string) =>
    Number(
      (
        await service.deps.database.db
          .selectFrom('webhook_deliveries')
          .select((eb) => eb.fn.countAll<number | string>().as('n'))
          .where('account_id', '=', accountId)
          .where('status', '!=', 'delivered')
          .executeTakeFirstOrThrow()
      ).n,
    );

  /** What the receiver saw: ids with a 2xx, how many 2xx each, all requests. */
  const tally = () => {
    const ok = new Map<string, number>();
    for (const r of receiver.received) if (r.status === 200) ok.set(r.id, (ok.get(r.id) ?? 0) + 1);
    return {
      ok,
      requests: receiver.received.length,
      failed: receiver.received.filter((r) => r.status !== 200).length,
    };
  };

  test('1,000 events, a receiver failing 30 % of requests: every event delivered, none twice at the same time', async () => {
    const accountId = await setUp('two nodes', {
      LATCHKEY_WEBHOOK_POLL_MS: '50',
      LATCHKEY_WEBHOOK_RETRY_SECONDS: fastRetries,
      LATCHKEY_WEBHOOK_BATCH: '10',
      LATCHKEY_WEBHOOK_TIMEOUT_MS: '2000',
    });
    receiver.answer = () => ({
      status: Math.random() < 0.3 ? 500 : 200,
      delayMs: Math.floor(Math.random() * 4),
    });
    const db = service.deps.database.db;
    // Written while the nodes deliver, 20 at a time.
    for (let i = 0; i < 1000; i += 20)
      await writeEvents(
        db,
        service.deps.clock,
        accountId,
        Array.from({ length: 20 }, (_, j) => provisioned(i + j)),
      );
    const ids = (
      await db.selectFrom('events').select('id').where('account_id', '=', accountId).execute()
    ).map((e) => e.id);
    expect(ids).toHaveLength(1000);
    await receiver.waitFor(() => tally().ok.size === 1000, 180_000);
    const { ok, requests, failed } = tally();
    const counts = {
      requests,
      failed,
      delivered: ok.size,
      deliveredTwice: [...ok.values()].filter((n) => n > 1).length,
      overlaps: receiver.overlaps,
      perNode: nodes.map((n) => n.sent()),
    };
    console.log('two-node delivery:', JSON.stringify(counts));
    expect(ids.every((id) => ok.has(id))).toBe(true);
    expect(receiver.overlaps).toBe(0);
    expect(receiver.received.every((r) => r.verified)).toBe(true);
    expect(failed / requests).toBeGreaterThan(0.2);
    await expect.poll(() => undelivered(accountId), { timeout: 15_000 }).toBe(0);
    // Both nodes took part.
    expect(nodes.every((n) => n.sent() > 0)).toBe(true);
    const rows = await db
      .selectFrom('webhook_deliveries')
      .select(['status', (eb) => eb.fn.countAll<number | string>().as('n')])
      .where('account_id', '=', accountId)
      .groupBy('status')
      .execute();
    expect(rows.map((r) => [r.status, Number(r.n)])).toEqual([['delivered', 1000]]);
  }, 240_000);

  test('kill -9 of a node mid-delivery loses nothing: its claims expire and the other node delivers them', async () => {
    const accountId = await setUp('kill', {
      LATCHKEY_WEBHOOK_POLL_MS: '50',
      LATCHKEY_WEBHOOK_RETRY_SECONDS: fastRetries,
      LATCHKEY_WEBHOOK_BATCH: '5',
      // Lease: 5 × (1 s + 2 s) = 15 s.
      LATCHKEY_WEBHOOK_TIMEOUT_MS: '1000',
    });
    receiver.answer = () => ({ status: 200, delayMs: 20 });
    const db = service.deps.database.db;
    await writeEvents(
      db,
      service.deps.clock,
      accountId,
      Array.from({ length: 300 }, (_, i) => provisioned(i)),
    );
    await receiver.waitFor(() => receiver.received.length >= 60);
    const [victim, survivor] = nodes;
    if (!victim || !survivor) throw new Error('two nodes');
    await victim.kill();
    const claimedByTheDead = await db
      .selectFrom('webhook_deliveries')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('account_id', '=', accountId)
      .where('status', '=', 'pending')
      .where('claimed_by', 'is not', null)
      .executeTakeFirstOrThrow();
    await receiver.waitFor(() => tally().ok.size === 300, 90_000);
    const ids = (
      await db.selectFrom('events').select('id').where('account_id', '=', accountId).execute()
    ).map((e) => e.id);
    const { ok } = tally();
    console.log(
      'kill -9:',
      JSON.stringify({
        claimedAtKill: Number(claimedByTheDead.n),
        delivered: ok.size,
        deliveredTwice: [...ok.values()].filter((n) => n > 1).length,
        overlaps: receiver.overlaps,
        survivorSent: survivor.sent(),
      }),
    );
    expect(ids.every((id) => ok.has(id))).toBe(true);
    expect(receiver.overlaps).toBe(0);
    // The receiver records its answer before the node has written it down: wait for the rows.
    await expect.poll(() => undelivered(accountId), { timeout: 15_000 }).toBe(0);
  }, 180_000);
});
