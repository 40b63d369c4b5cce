// Seats and device limits hold when activations arrive at the same moment on
// two service nodes (two processes on one database): the count and the insert
// must be one step in the database itself, not in one process's memory.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { desktopClientId, oidcProvider } from '../../../backend/oidc/provider.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { clientAddress, requestJson, type JsonReply } from '../../support/loopback-client.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startSecondNode, type SecondNode } from '../../support/second-node.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type Reply = JsonReply<{ activationId?: string; error?: { code: string } }>;
const device = (n: number) => ({
  deviceId: `race-device-${n}-0123456789`,
  deviceName: `PC ${n}`,
  os: 'Windows 11',
  appVersion: '1.0.0',
});

/** How many replies had each outcome: the status for successes and 5xx, else the error code. */
function tally(replies: Reply[]): Record<string, number> {
  const out: Record<string, number> = Object.create(null) as Record<string, number>;
  for (const r of replies) {
    const key =
      r.status === 201 ? '201' : r.status >= 500 ? `${r.status}` : (r.body.error?.code ?? `${r.status}`);
    out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}

describeEachDatabase('seats and device limits hold across two nodes at once', (dialect) => {
  let service: TestService;
  let second: SecondNode;
  let nodes: string[];
  let accountId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    second = await startSecondNode(service);
    nodes = [service.baseUrl, second.baseUrl];
    const owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Race Shop', 'owner@race.example', 'correct horse battery');
  }, 60_000);
  afterAll(async () => {
    await second?.stop();
    await service?.close();
  });

  const newKey = async (seats: number, deviceLimit: number) =>
    (
      await addLicense(
        service.deps.database.db,
        service.deps.clock,
        { accountId, edition: 'business', seats, deviceLimit, expiresAt: '2099-01-01' },
        'test',
      )
    ).key;
  /** All at once, alternating between the nodes, each from its own client address. */
  const byKeyAtOnce = (bodies: object[]) =>
    Promise.all(
      bodies.map((body, i) =>
        requestJson<Reply['body']>(`${nodes[i % 2]}/api/v1/activations/by-key`, {
          body,
          from: clientAddress(i),
        }),
      ),
    );
  const activeUsers = async (key: string) =>
    service.deps.database.db
      .selectFrom('activations as a')
      .innerJoin('licenses as l', 'l.id', 'a.license_id')
      .select(['a.user_id', 'a.device_id'])
      .where('l.license_key', '=', key)
      .where('a.revoked_at', 'is', null)
      .execute();

  test('12 users at once on a 1-seat license: exactly one holds it, 11 get NO_SEATS_AVAILABLE', async () => {
    const key = await newKey(1, 3);
    const replies = await byKeyAtOnce(
      Array.from({ length: 12 }, (_, i) => ({
        licenseKey: key,
        email: `seat${i}@race.example`,
        ...device(i),
      })),
    );
    expect(tally(replies)).toEqual({ '201': 1, NO_SEATS_AVAILABLE: 11 });
    expect(new Set((await activeUsers(key)).map((a) => a.user_id)).size).toBe(1);
  });

  test('6 users at once on a 5-seat license, then the same 6 again (each device re-activated): exactly 5 hold, the kept count equals a recount', async () => {
    const key = await newKey(5, 3);
    const bodies = Array.from({ length: 6 }, (_, i) => ({
      licenseKey: key,
      email: `five${i}@race.example`,
      ...device(300 + i),
    }));
    expect(tally(await byKeyAtOnce(bodies))).toEqual({ '201': 5, NO_SEATS_AVAILABLE: 1 });
    // A holder's re-activation revokes its previous row and writes the new one (one statement on
    // PostgreSQL): the seat stays theirs, and the one without a seat is still refused.
    expect(tally(await byKeyAtOnce(bodies.reverse()))).toEqual({ '201': 5, NO_SEATS_AVAILABLE: 1 });
    const live = await activeUsers(key);
    expect(live).toHaveLength(5);
    expect(new Set(live.map((a) => a.user_id)).size).toBe(5);
    const kept = await service.deps.database.db
      .selectFrom('seat_counts as c')
      .innerJoin('licenses as l', 'l.id', 'c.license_id')
      .select('c.holders')
      .where('l.license_key', '=', key)
      .execute();
    expect(kept.map((c) => Number(c.holders))).toEqual([5]);
  });

  test('one user, device limit 3, 10 new devices at once: exactly 3 devices in all', async () => {
    const key = await newKey(5, 3);
    const email = 'devices@race.example';
    const first = await requestJson<Reply['body']>(`${nodes[0]}/api/v1/activations/by-key`, {
      body: { licenseKey: key, email, ...device(100) },
      from: clientAddress(200),
    });
    expect(first.status).toBe(201);
    const replies = await byKeyAtOnce(
      Array.from({ length: 10 }, (_, i) => ({ licenseKey: key, email, ...device(i) })),
    );
    expect(tally(replies)).toEqual({ '201': 2, DEVICE_LIMIT_REACHED: 8 });
    expect(await activeUsers(key)).toHaveLength(3);
  });

  test('the first activation of a new email sent 11 times at once: no 5xx, one user', async () => {
    const key = await newKey(5, 20);
    const email = 'fresh@race.example';
    const replies = await byKeyAtOnce(
      Array.from({ length: 11 }, (_, i) => ({ licenseKey: key, email, ...device(i) })),
    );
    expect(tally(replies)).toEqual({ '201': 11 });
    const users = await service.deps.database.db
      .selectFrom('account_users')
      .select('id')
      .where('user_name_key', '=', email)
      .execute();
    expect(users).toHaveLength(1);
  });

  test('SSO: 12 entitled users at once on a 1-seat license, then 10 devices of the holder with limit 3', async () => {
    const a = await createScimAccount(service.baseUrl, 'race');
    const scim = scimClient(a.scimUrl, a.token);
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await scim<{ id: string }>('POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: `sso${i}@race-sso.example`,
      });
      ids.push(res.body.id);
    }
    await scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Desktop',
      externalId: 'grp-desktop',
      members: ids.map((value) => ({ value })),
    });
    await a.console.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Desktop', id: 'grp-desktop' },
    });
    await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId: a.accountId, edition: 'business', seats: 1, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    // The access tokens the sign-in would give each user (the sign-in itself is tested in test/backend/oidc).
    const provider = await oidcProvider(service.deps);
    const client = await provider.Client.find(desktopClientId);
    if (!client) throw new Error('the desktop client is not configured');
    const tokens = await Promise.all(
      ids.map(async (accountId) => {
        const grant = new provider.Grant({ accountId, clientId: desktopClientId });
        grant.addOIDCScope('openid');
        const grantId = await grant.save();
        return new provider.AccessToken({
          accountId,
          client,
          grantId,
          gty: 'authorization_code',
          scope: 'openid',
        }).save();
      }),
    );
    const activateAtOnce = (calls: { token: string; n: number }[]) =>
      Promise.all(
        calls.map(({ token, n }, i) =>
          requestJson<Reply['body']>(`${nodes[i % 2]}/api/v1/activations`, { body: device(n), token }),
        ),
      );
    const seats = await activateAtOnce(tokens.map((token, n) => ({ token, n })));
    expect(tally(seats)).toEqual({ '201': 1, NO_SEATS_AVAILABLE: 11 });
    const holder = seats.findIndex((r) => r.status === 201);
    const holderToken = tokens[holder] ?? '';
    const devices = await activateAtOnce(
      Array.from({ length: 10 }, (_, i) => ({ token: holderToken, n: 1000 + i })),
    );
    expect(tally(devices)).toEqual({ '201': 2, DEVICE_LIMIT_REACHED: 8 });
    const active = await service.deps.database.db
      .selectFrom('activations')
      .select('user_id')
      .where('account_id', '=', a.accountId)
      .where('revoked_at', 'is', null)
      .execute();
    expect(active.map((r) => r.user_id)).toEqual([ids[holder], ids[holder], ids[holder]]);
  }, 60_000); // several sign-ins and a second process: slow on a busy machine, not timed
});
