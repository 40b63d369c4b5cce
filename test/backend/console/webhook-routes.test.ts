// The console's webhook API over HTTP (issue 24 item 2): the secret in the
// creating and rotating answers only, bad input refused per field with a 4xx,
// one workspace never reaching another's endpoints, every change audited, and
// the delivery log paged without losing rows that share a creation time.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type {
  WebhookDeliveryPage,
  WebhookEndpoint,
  WebhookSecretShown,
} from '../../../common/console-webhooks.ts';
import { writeEvents } from '../../../backend/events/write-events.ts';
import { fanOutAll } from '../../../backend/webhooks/fan-out.ts';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

describeEachDatabase('console API: webhooks', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    // Production: https only, no address inside the network; nothing is sent (no poll).
    service = await startTestService(dialect, { env: { LATCHKEY_WEBHOOK_POLL_MS: '0' } });
  });
  afterAll(async () => service?.close());

  test('add: the secret is in the answer only; the list, the audit log and the database never show it', async () => {
    const a = await createScimAccount(service.baseUrl, 'hooks');
    const res = await a.console.post<WebhookSecretShown>('/api/console/webhooks', {
      url: 'https://hooks.example.com/latchkey?token=abc',
      description: 'SIEM',
      eventTypes: ['user.provisioned', 'user.deleted'],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(res.body.endpoint).toMatchObject({
      enabled: true,
      eventTypes: ['user.provisioned', 'user.deleted'],
    });
    const list = await a.console.get<{ endpoints: WebhookEndpoint[] }>('/api/console/webhooks');
    expect(list.body.endpoints.map((e) => e.url)).toEqual(['https://hooks.example.com/latchkey?token=abc']);
    const { db } = service.deps.database;
    const dump = JSON.stringify([
      list.body,
      await db.selectFrom('webhook_endpoints').selectAll().execute(),
      await db.selectFrom('audit_log').selectAll().where('account_id', '=', a.accountId).execute(),
    ]);
    expect(dump).not.toContain(res.body.secret.slice(6));
    // The audit entry names the URL without its query (a receiver's token may be there).
    const audit = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('account_id', '=', a.accountId)
      .where('action', '=', 'webhook.endpoint_created')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail)).toMatchObject({ url: 'https://hooks.example.com/latchkey' });
  });

  test.each([
    [{ url: 'https://10.0.0.8/hooks' }, 'url', 'webhook_url_invalid'],
    [{ url: 'https://169.254.169.254/latest' }, 'url', 'webhook_url_invalid'],
    [{ url: 'http://hooks.example.com/' }, 'url', 'webhook_url_invalid'],
    [{ url: 'https://user:pw@hooks.example.com/' }, 'url', 'webhook_url_invalid'],
    [{ url: 'not a url' }, 'url', 'webhook_url_invalid'],
    [{ url: 'https://hooks.example.com/', eventTypes: ['user.exploded'] }, 'eventTypes.0', 'invalid_input'],
    [{ url: 'https://hooks.example.com/', eventTypes: [] }, 'eventTypes', 'invalid_input'],
    [{ url: 'https://hooks.example.com/', secret: 'mine' }, 'secret', 'invalid_input'],
  ])('%j is refused with 400 naming %s', async (body, field, code) => {
    const a = await createScimAccount(service.baseUrl, 'bad');
    const res = await a.console.post<ErrorBody>('/api/console/webhooks', body);
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code, field });
  });

  test('another workspace’s endpoint is not found; rotate, disable, enable and delete are audited', async () => {
    const a = await createScimAccount(service.baseUrl, 'owner');
    const b = await createScimAccount(service.baseUrl, 'stranger');
    const created = await a.console.post<WebhookSecretShown>('/api/console/webhooks', {
      url: 'https://hooks.example.com/a',
    });
    const id = created.body.endpoint.id;
    for (const [method, path] of [
      ['POST', `/api/console/webhooks/${id}/rotate-secret`],
      ['POST', `/api/console/webhooks/${id}/disable`],
      ['POST', `/api/console/webhooks/${id}/test`],
      ['GET', `/api/console/webhooks/${id}/deliveries`],
      ['DELETE', `/api/console/webhooks/${id}`],
    ] as const) {
      const res = await b.console.request<ErrorBody>(method, path);
      expect(res.status, `${method} ${path}`).toBe(404);
    }
    const rotated = await a.console.post<WebhookSecretShown>(`/api/console/webhooks/${id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    expect(rotated.body.secret).not.toBe(created.body.secret);
    expect((await a.console.post(`/api/console/webhooks/${id}/disable`)).status).toBe(204);
    const list = await a.console.get<{ endpoints: WebhookEndpoint[] }>('/api/console/webhooks');
    expect(list.body.endpoints[0]).toMatchObject({
      enabled: false,
      disabledReason: `disabled by ${a.ownerEmail}`,
    });
    expect((await a.console.post<ErrorBody>(`/api/console/webhooks/${id}/test`)).status).toBe(409);
    expect((await a.console.post(`/api/console/webhooks/${id}/enable`)).status).toBe(204);
    expect((await a.console.delete(`/api/console/webhooks/${id}`)).status).toBe(204);
    const actions = await service.deps.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('account_id', '=', a.accountId)
      .where('action', 'like', 'webhook.%')
      .orderBy('id')
      .execute();
    expect(actions.map((x) => x.action)).toEqual([
      'webhook.endpoint_created',
      'webhook.secret_rotated',
      'webhook.endpoint_disabled',
      'webhook.endpoint_enabled',
      'webhook.endpoint_deleted',
    ]);
  });

  test('the delivery log pages through 60 deliveries made in one instant: each once, newest event first', async () => {
    const a = await createScimAccount(service.baseUrl, 'log');
    const created = await a.console.post<WebhookSecretShown>('/api/console/webhooks', {
      url: 'https://hooks.example.com/log',
    });
    const id = created.body.endpoint.id;
    const { db } = service.deps.database;
    await writeEvents(
      db,
      service.deps.clock,
      a.accountId,
      Array.from({ length: 60 }, (_, i) => ({
        type: 'user.deleted' as const,
        data: { userId: `u-${i}`, userName: `u${i}@log.example` },
      })),
    );
    await fanOutAll(db, service.deps.clock);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { status: number; body: WebhookDeliveryPage } = await a.console.get<WebhookDeliveryPage>(
        `/api/console/webhooks/${id}/deliveries?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.status).toBe(200);
      seen.push(...page.body.deliveries.map((d) => d.cursor));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(60);
    expect(new Set(seen).size).toBe(60);
    expect(seen.map(Number)).toEqual(seen.map(Number).sort((x, y) => y - x));
    const bad = await a.console.get<ErrorBody>(`/api/console/webhooks/${id}/deliveries?cursor=nonsense`);
    expect(bad.status).toBe(400);
  });
});
