// The read-only console API the screens use: the directory searched (users
// with their groups), groups with member counts, seats used per license, and
// the activation log searched by email, code, reference and time.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { demoDirectory } from '../../../backend/devidp/demo-directory.ts';
import { pushDirectory } from '../../../backend/devidp/scim-push.ts';
import { logAttempt } from '../../../backend/access/activation-log.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface User {
  userName: string;
  source: string;
  groups: { name: string }[];
  activeDevices: number;
}

describeEachDatabase('console directory, seat use and log search', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let accountId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
    const { token } = (await owner.post<{ token: string }>('/api/console/scim-tokens', {})).body;
    const pushed = await pushDirectory(demoDirectory, {
      scimUrl: `${service.baseUrl}/scim/v2`,
      token,
      vendor: 'okta',
    });
    expect(pushed.failures).toEqual([]);
  });
  afterAll(async () => service?.close());

  test('users come with their source and groups; the search matches name or email, case-insensitively', async () => {
    const all = (await owner.get<{ users: User[] }>('/api/console/directory/users')).body.users;
    expect(all.map((u) => u.userName)).toEqual([
      'alice@acme.test',
      'bob@acme.test',
      'carol@acme.test',
      'owner@acme.test',
    ]);
    const alice = all.find((u) => u.userName === 'alice@acme.test');
    expect(alice?.source).toBe('scim');
    expect(alice?.groups.map((g) => g.name).sort()).toEqual(['Latchkey Admins', 'Latchkey Desktop Users']);
    expect(all.find((u) => u.userName === 'carol@acme.test')?.groups).toEqual([]);
    const found = (await owner.get<{ users: User[] }>('/api/console/directory/users?q=BOB')).body.users;
    expect(found.map((u) => u.userName)).toEqual(['bob@acme.test']);
  });

  test('a search term’s % and _ match themselves, not anything', async () => {
    const res = await owner.get<{ users: User[] }>(
      `/api/console/directory/users?q=${encodeURIComponent('%')}`,
    );
    expect(res.status).toBe(200);
    expect(res.body.users).toEqual([]);
  });

  test('groups come with their member counts', async () => {
    const { groups } = (
      await owner.get<{ groups: { name: string; externalId: string; members: number }[] }>(
        '/api/console/directory/groups',
      )
    ).body;
    expect(groups).toEqual([
      expect.objectContaining({ name: 'Latchkey Admins', externalId: 'grp-admins', members: 1 }),
      expect.objectContaining({ name: 'Latchkey Desktop Users', externalId: 'grp-desktop', members: 2 }),
    ]);
  });

  test('the activation log is searched by email, code, outcome, reference and time', async () => {
    const { db } = service.deps.database;
    const { clock } = service.deps;
    const refused = await logAttempt(db, clock, {
      accountId,
      email: 'carol@acme.test',
      stage: 'entitlement',
      outcome: 'failure',
      code: 'USER_NOT_IN_GROUP',
      evidence: { groups: [] },
    });
    await logAttempt(db, clock, {
      accountId,
      email: 'alice@acme.test',
      stage: 'entitlement',
      outcome: 'success',
      code: null,
      evidence: {},
    });
    await logAttempt(db, clock, {
      accountId: null,
      email: 'carol@acme.test',
      stage: 'discovery',
      outcome: 'failure',
      code: 'DOMAIN_NOT_REGISTERED',
      evidence: {},
    });
    type Found = { attempts: { id: number; email: string; code: string | null }[] };
    const emails = async (q: string) =>
      (await owner.get<Found>(`/api/console/attempts?${q}`)).body.attempts.map((a) => a.email);
    expect(await emails('email=CAROL')).toEqual(['carol@acme.test']);
    expect(await emails('code=USER_NOT_IN_GROUP')).toEqual(['carol@acme.test']);
    expect(await emails('outcome=success')).toEqual(['alice@acme.test']);
    expect(await emails(`reference=${refused}`)).toEqual(['carol@acme.test']);
    expect(await emails(`from=${encodeURIComponent('2999-01-01T00:00:00Z')}`)).toEqual([]);
    const bad = await owner.get<{ error: { field: string } }>('/api/console/attempts?code=drop%20table');
    expect([bad.status, bad.body.error.field]).toEqual([400, 'code']);
    // The reference as the user reads it off their screen.
    expect(await emails(`reference=${encodeURIComponent(`USER_NOT_IN_GROUP ref:${refused}`)}`)).toEqual([
      'carol@acme.test',
    ]);
    // Not a reference: a field error, never every attempt.
    const banana = await owner.get<{ error: { code: string; field: string } }>(
      '/api/console/attempts?reference=banana',
    );
    expect([banana.status, banana.body.error.code, banana.body.error.field]).toEqual([
      400,
      'invalid_input',
      'reference',
    ]);
  });

  test('seats used per license count users with a live activation', async () => {
    const { db } = service.deps.database;
    await db
      .insertInto('licenses')
      .values({
        id: '00000000-0000-4000-8000-000000000001',
        account_id: accountId,
        license_key: 'LK-TEST0-TEST0-TEST0-TEST0',
        edition: 'business',
        seats: 5,
        device_limit: 3,
        expires_at: '2099-01-01T00:00:00.000Z',
        created_at: new Date().toISOString(),
      })
      .execute();
    const { usage } = (
      await owner.get<{ usage: { licenseId: string; seatsUsed: number }[] }>('/api/console/license-usage')
    ).body;
    expect(usage).toEqual([
      {
        licenseId: '00000000-0000-4000-8000-000000000001',
        seatsUsed: 0,
        sublicenses: [],
        // Overage off by default (issue 23 item 3): the ceiling is the seat count.
        overagePercent: 0,
        overSeats: 0,
        ceiling: 5,
      },
    ]);
  });

  test('none of it without a session', async () => {
    const stranger = new ConsoleClient(service.baseUrl);
    for (const path of ['directory/users', 'directory/groups', 'license-usage', 'attempts'])
      expect((await stranger.get(`/api/console/${path}`)).status).toBe(401);
  });
});
