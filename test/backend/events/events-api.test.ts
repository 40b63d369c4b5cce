// Issue 24 items 1 and 3: changes are told as events written with them, and
// an account reads its events in order with an API key.
import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventTypes, type AccountEvent, type EventsPage } from '../../../common/event-types.ts';
import { createApiKey, revokeApiKey } from '../../../backend/events-api/api-keys.ts';
import { sweepOldEvents } from '../../../backend/events/read-events.ts';
import { writeEvent } from '../../../backend/events/write-events.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { rotateSigningKey } from '../../../backend/licensing/signing-keys.ts';
import { ensureMasterKey } from '../../../backend/crypto/master-key.ts';
import { clientAddress, requestJson } from '../../support/loopback-client.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type ErrorBody = { error: { code: string; message: string; field?: string } };

const ajv = new Ajv({ strict: true, allErrors: true });
const validators = new Map(Object.entries(eventTypes).map(([name, t]) => [name, ajv.compile(t.data)]));

/** Every event's data is valid for its type's schema (common/event-types.ts). */
function expectValid(events: AccountEvent[]): void {
  for (const e of events) {
    const validate = validators.get(e.type);
    expect(validate, `a schema for ${e.type}`).toBeDefined();
    expect(validate?.(e.data), `${e.type} ${JSON.stringify(validate?.errors)}`).toBe(true);
  }
}

describe('the event type list', () => {
  test('every type has a description and a schema that compiles, and names a known shape', () => {
    expect(Object.keys(eventTypes).sort()).toEqual(
      [
        'activation.refused',
        'activation.succeeded',
        'device.released',
        'group.member_added',
        'group.member_removed',
        'integration.activated',
        'integration.deactivated',
        'signing_key.rotated',
        'user.deactivated',
        'user.deleted',
        'user.provisioned',
        'certificate.expiring',
        'certificate.expired',
        'metadata.fetch_failed',
        'scim.silent',
        'seats.threshold_reached',
        'device.reclaimed',
        'webhook.endpoint_disabled',
        'webhook.test',
        'device.approval_requested',
        'device.approved',
        'device.denied',
      ].sort(),
    );
    for (const t of Object.values(eventTypes)) expect(t.description.length).toBeGreaterThan(10);
  });
});

describeEachDatabase('events: written with the change, read with an API key', (dialect) => {
  let service: TestService;
  let account: Awaited<ReturnType<typeof createScimAccount>>;
  let apiKey: string;
  let apiKeyId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    account = await createScimAccount(service.baseUrl, 'events');
    const created = await createApiKey(service.deps.database.db, service.deps.clock, {
      accountId: account.accountId,
      label: 'SIEM',
      scopes: ['events:read'],
      actor: 'test',
    });
    apiKey = created.key;
    apiKeyId = created.view.id;
  }, 60_000);
  afterAll(async () => service?.close());

  const get = async <T>(query: string, key: string | null = apiKey) => {
    const res = await fetch(`${service.baseUrl}/api/v1/events${query}`, {
      headers: key === null ? {} : { authorization: `Bearer ${key}` },
    });
    return { status: res.status, body: (await res.json()) as T };
  };
  /** Everything after `after`, page by page. */
  const readAll = async (after = '0', limit = 1000): Promise<EventsPage> => {
    const events: AccountEvent[] = [];
    let cursor = after;
    for (;;) {
      const page = await get<EventsPage>(`?after=${cursor}&limit=${limit}`);
      expect(page.status).toBe(200);
      events.push(...page.body.events);
      if (page.body.events.length === 0) return { events, next: cursor };
      cursor = page.body.next;
    }
  };

  test('SCIM provisioning, group changes, deactivation and deletion are read back in order, valid, without secrets', async () => {
    const scim = scimClient(account.scimUrl, account.token);
    const ann = await scim<{ id: string }>('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'ann@events.example',
      externalId: 'ext-ann',
      active: true,
    });
    expect(ann.status).toBe(201);
    const bob = await scim<{ id: string }>('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: 'bob@events.example',
      active: true,
    });
    const group = await scim<{ id: string }>('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Desktop Users',
      members: [{ value: ann.body.id }, { value: bob.body.id }],
    });
    expect(group.status).toBe(201);
    const removed = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'remove', path: `members[value eq "${bob.body.id}"]` }],
    });
    expect(removed.status).toBeLessThan(300);
    const deactivated = await scim('PATCH', `/Users/${ann.body.id}`, {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'replace', path: 'active', value: false }],
    });
    expect(deactivated.status).toBeLessThan(300);
    expect((await scim('DELETE', `/Users/${bob.body.id}`)).status).toBe(204);

    const { events } = await readAll();
    expect(events.map((e) => e.cursor)).toEqual(events.map((_, i) => String(i + 1)));
    const told = events.map((e) => [e.type, e.data.userId ?? null]);
    expect(told).toEqual([
      ['user.provisioned', ann.body.id],
      ['user.provisioned', bob.body.id],
      ['group.member_added', expect.any(String)],
      ['group.member_added', expect.any(String)],
      ['group.member_removed', bob.body.id],
      ['user.deactivated', ann.body.id],
      ['user.deleted', bob.body.id],
    ]);
    expect(new Set(told.slice(2, 4).map((t) => t[1]))).toEqual(new Set([ann.body.id, bob.body.id]));
    expect(events[0]?.data).toEqual({
      userId: ann.body.id,
      userName: 'ann@events.example',
      externalId: 'ext-ann',
      active: true,
    });
    expect(events[4]?.data).toMatchObject({ groupId: group.body.id, groupName: 'Desktop Users' });
    expectValid(events);
    const text = JSON.stringify(events);
    for (const secret of [account.token, apiKey, 'correct horse battery']) expect(text).not.toContain(secret);
  });

  test('a key activation, a refusal (with its code and the reference shown) and a release on the device are events', async () => {
    const { key } = await addLicense(
      service.deps.database.db,
      service.deps.clock,
      {
        accountId: account.accountId,
        edition: 'business',
        seats: 1,
        deviceLimit: 2,
        expiresAt: '2099-01-01',
      },
      'test',
    );
    const { next: start } = await readAll();
    const device = (n: string) => ({
      deviceId: `events-device-${n}-0123456789`,
      deviceName: `PC ${n}`,
      os: 'Windows 11',
      appVersion: '1.0.0',
    });
    const post = async (path: string, body?: unknown, token?: string, method = 'POST') => {
      const res = await fetch(`${service.baseUrl}/api/v1${path}`, {
        method,
        headers: {
          ...(token && { authorization: `Bearer ${token}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      return {
        status: res.status,
        body: (res.status === 204 ? null : await res.json()) as Record<string, string>,
      };
    };
    const ok = await post('/activations/by-key', {
      licenseKey: key,
      email: 'cat@events.example',
      ...device('a'),
    });
    expect(ok.status).toBe(201);
    const refused = await post('/activations/by-key', {
      licenseKey: key,
      email: 'dan@events.example',
      ...device('b'),
    });
    expect(refused.status).toBe(403);
    const refusal = refused.body as unknown as { error: { code: string; reference: number } };
    expect(
      (await post(`/activations/${ok.body.activationId}`, undefined, ok.body.activationSecret, 'DELETE'))
        .status,
    ).toBe(204);

    const { events } = await readAll(start);
    // The one seat taken: 90 % and 100 % of 1 seat are both reached by that activation.
    expect(events.map((e) => e.type)).toEqual([
      'activation.succeeded',
      'seats.threshold_reached',
      'seats.threshold_reached',
      'activation.refused',
      'device.released',
    ]);
    expect(events.slice(1, 3).map((e) => e.data.threshold)).toEqual([90, 100]);
    expect(events[0]?.data).toMatchObject({
      activationId: ok.body.activationId,
      via: 'key',
      deviceName: 'PC a',
    });
    expect(events[3]?.data).toEqual({
      code: 'NO_SEATS_AVAILABLE',
      reference: refusal.error.reference,
      stage: 'activation',
      email: 'dan@events.example',
    });
    expect(events[4]?.data).toEqual({ activationId: ok.body.activationId, by: 'device' });
    expectValid(events);
    const text = JSON.stringify(events);
    expect(text).not.toContain(ok.body.activationSecret);
    expect(text).not.toContain(ok.body.license);
  });

  test('a rotated signing key is told to every account', async () => {
    const { next: start } = await readAll();
    const masterKey = await ensureMasterKey(service.deps.config.masterKeyFile);
    const { kid } = await rotateSigningKey(service.deps.database.db, service.deps.clock, masterKey, 60_000);
    const { events } = await readAll(start);
    expect(events).toMatchObject([{ type: 'signing_key.rotated', data: { kid } }]);
    expectValid(events);
  });

  test('a change that rolls back leaves no event and no gap in the cursor', async () => {
    const db = service.deps.database.db;
    const { next: start } = await readAll();
    await expect(
      db.transaction().execute(async (tx) => {
        await writeEvent(tx, service.deps.clock, account.accountId, {
          type: 'integration.activated',
          data: { actor: 'rolled back' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await writeEvent(db, service.deps.clock, account.accountId, {
      type: 'integration.deactivated',
      data: { actor: 'kept' },
    });
    const { events } = await readAll(start);
    expect(events.map((e) => [e.cursor, e.data.actor])).toEqual([[String(Number(start) + 1), 'kept']]);
  });

  test('paging: limit, after and a type filter; the cursor stays put when nothing is new', async () => {
    const all = (await readAll()).events;
    const page = await get<EventsPage>('?after=2&limit=3');
    expect(page.body.events.map((e) => e.cursor)).toEqual(['3', '4', '5']);
    expect(page.body.next).toBe('5');
    const filtered = await get<EventsPage>('?types=user.deleted,user.deactivated');
    expect(filtered.body.events.map((e) => e.type)).toEqual(['user.deactivated', 'user.deleted']);
    const last = all.at(-1)?.cursor ?? '0';
    expect((await get<EventsPage>(`?after=${last}`)).body).toEqual({ events: [], next: last });
  });

  test('refusals are 4xx in the API error format: no key, an unknown key, a bad cursor, an unknown type, a revoked key', async () => {
    const none = await get<ErrorBody>('', null);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('api_key_missing');
    expect((await get<ErrorBody>('', 'lkk_not-a-key')).body.error.code).toBe('api_key_invalid');
    // A SCIM token is not an API key.
    expect((await get<ErrorBody>('', account.token)).status).toBe(401);
    for (const query of [
      '?after=-1',
      '?after=abc',
      '?after=99999999999999999999',
      '?limit=0',
      '?limit=5000',
      '?types=user.exploded',
      '?types=',
      '?mystery=1',
      '?after=1&after=2',
    ]) {
      const bad = await get<ErrorBody>(query);
      expect(bad.status, query).toBe(400);
      expect(bad.body.error.code, query).toBe('invalid_input');
    }
    const other = await createApiKey(service.deps.database.db, service.deps.clock, {
      accountId: account.accountId,
      label: 'to revoke',
      scopes: ['events:read'],
      actor: 'test',
    });
    expect((await get<EventsPage>('', other.key)).status).toBe(200);
    await revokeApiKey(service.deps.database.db, service.deps.clock, {
      accountId: account.accountId,
      keyId: other.view.id,
      actor: 'test',
    });
    const revoked = await get<ErrorBody>('', other.key);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('api_key_invalid');
    // Stored hashed: the key's text is nowhere in its row.
    const row = await service.deps.database.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', apiKeyId)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(apiKey.slice(4));
    expect(row.last_characters).toBe(apiKey.slice(-4));
  });

  test('one address is held to 300 requests a minute (429 rate_limited), good key or not', async () => {
    const from = clientAddress(177);
    // Counted in fixed one-minute windows of the service's (system) clock: start early in one, so a
    // slow machine's 301 requests are not split across two windows.
    const intoWindow = Date.now() % 60_000;
    if (intoWindow > 30_000) await new Promise((r) => setTimeout(r, 60_000 - intoWindow + 50));
    const replies = [];
    for (let i = 0; i < 301; i++)
      replies.push(
        await requestJson<ErrorBody>(`${service.baseUrl}/api/v1/events?limit=1`, {
          method: 'GET',
          token: i % 2 === 0 ? apiKey : 'lkk_guess',
          from,
        }),
      );
    expect(replies.slice(0, 300).filter((r) => r.status === 429)).toEqual([]);
    expect(replies[300]?.status).toBe(429);
    expect(replies[300]?.body.error.code).toBe('rate_limited');
  }, 120_000);

  test("an account's key reads only that account's events", async () => {
    const other = await createScimAccount(service.baseUrl, 'events-other');
    const { key } = await createApiKey(service.deps.database.db, service.deps.clock, {
      accountId: other.accountId,
      label: 'other',
      scopes: ['events:read'],
      actor: 'test',
    });
    // The other account has had no event yet (the key rotation came before it existed).
    expect((await get<EventsPage>('', key)).body.events).toEqual([]);
  });

  test('the sweep deletes events older than 90 days and keeps the numbering going', async () => {
    const db = service.deps.database.db;
    const before = (await readAll()).events;
    const later = { now: () => new Date(Date.now() + 91 * 86_400_000) };
    expect(await sweepOldEvents(db, later)).toBeGreaterThanOrEqual(before.length);
    expect((await readAll()).events).toEqual([]);
    await writeEvent(db, service.deps.clock, account.accountId, {
      type: 'integration.activated',
      data: { actor: 'after the sweep' },
    });
    const { events } = await readAll();
    expect(events.map((e) => e.cursor)).toEqual([String(Number(before.at(-1)?.cursor) + 1)]);
  });
});
