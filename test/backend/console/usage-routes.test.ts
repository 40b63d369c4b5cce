// Issue 23 item 1, Usage: GET /api/console/usage lists the account's live
// devices with their users — active or idle by the account's own idle days —
// filtered by license, sublicense, group, idle-for and search, in keyset pages
// that return every device exactly once, with a 400 for bad input and never
// another account's devices. Both databases.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import type { UsagePage, UsageRow, UsageSummary } from '../../../common/console-usage.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import { userListCap } from '../../../backend/console/usage-scope.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { tenantBuilder, type TenantBuilder } from '../../support/usage-tenant.ts';
import { parseCsv } from '../../support/parse-csv.ts';

const password = 'correct horse battery';

describeEachDatabase('usage: who holds a seat and who does not use it', (dialect) => {
  const clock: Clock = { now: () => new Date(Date.UTC(2026, 5, 1, 12)) };
  let service: TestService;
  let owner: ConsoleClient;
  let other: ConsoleClient;
  let t: TenantBuilder;
  const id = {
    l1: '',
    l2: '',
    designers: '',
    s1: '',
    a1: '',
    a2: '',
    b1: '',
    c1: '',
    otherLicense: '',
    otherGroup: '',
    eve: '',
  };

  beforeAll(async () => {
    service = await startTestService(dialect, { clock });
    const { db } = service.deps.database;
    owner = new ConsoleClient(service.baseUrl);
    t = tenantBuilder(db, clock, await owner.signUp('Acme', 'owner@acme.test', password));
    await owner.login('owner@acme.test', password);
    const alice = await t.user('alice@acme.test', 'Alice Anders');
    const bob = await t.user('bob@acme.test', 'Bob Brown');
    const carol = await t.user('carol@acme.test', 'Carol Clark');
    const dave = await t.user('dave@acme.test');
    id.l1 = await t.license();
    id.l2 = await t.license();
    id.designers = await t.group('Designers', [alice, carol]);
    id.s1 = await t.sublicense(id.l1, id.designers, 10);
    id.a1 = await t.device(alice, id.l1, { silentDays: 1, sublicenseId: id.s1, name: 'Alice laptop' });
    id.a2 = await t.device(alice, id.l1, { silentDays: 40, name: 'Alice desktop' });
    id.b1 = await t.device(bob, id.l2, { silentDays: 10 });
    id.c1 = await t.device(carol, id.l1, { silentDays: 100 });
    await t.device(dave, id.l1, { silentDays: 200, revoked: true });

    // Another tenant, with a device of its own that Acme must never see.
    other = new ConsoleClient(service.baseUrl);
    const o = tenantBuilder(db, clock, await other.signUp('Other', 'owner@other.test', password));
    await other.login('owner@other.test', password);
    id.otherLicense = await o.license();
    id.otherGroup = await o.group('Designers', []);
    id.eve = await o.device(await o.user('eve@other.test', 'Eve Anders'), id.otherLicense, {
      silentDays: 50,
    });
  }, 60_000);
  afterAll(async () => service?.close());

  const usage = async (client: ConsoleClient, params: Record<string, string | number> = {}) => {
    const qs = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
    return client.get<UsagePage>(`/api/console/usage?${qs}`);
  };
  const summaryOf = async (client: ConsoleClient) =>
    (await client.get<UsageSummary>('/api/console/usage/summary')).body;
  const ids = (rows: UsageRow[]) => rows.map((r) => r.activationId);

  test('a device that took a seat over the count (overage) is flagged in its row; the others are not', async () => {
    // What the seat rule writes when an activation lands above the seat count (access/overage.ts).
    await service.deps.database.db
      .updateTable('activations')
      .set({ over_count: 1 })
      .where('id', '=', id.b1)
      .execute();
    try {
      const res = await usage(owner);
      const flagged = res.body.items.filter((r) => r.overCount).map((r) => r.activationId);
      expect(flagged).toEqual([id.b1]);
    } finally {
      await service.deps.database.db
        .updateTable('activations')
        .set({ over_count: 0 })
        .where('id', '=', id.b1)
        .execute();
    }
  });

  test('Export CSV of usage is the filtered list, every device once; a bad filter is a 400', async () => {
    const listed = await usage(owner, { license: id.l1 });
    const res = await owner.open(`/api/console/export/usage.csv?license=${id.l1}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toMatch(
      /attachment; filename="latchkey-acme-usage-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const [header, ...rows] = parseCsv(await res.text());
    const idColumn = header?.indexOf('Activation id') ?? -1;
    expect(idColumn).toBeGreaterThan(-1);
    expect(rows.map((r) => r[idColumn]).sort()).toEqual(ids(listed.body.items).sort());
    expect(rows.find((r) => r[idColumn] === id.a2)?.[header?.indexOf('State') ?? -1]).toBe('idle');
    expect((await owner.open(`/api/console/export/usage.csv?license=${id.otherLicense}`)).status).toBe(400);
  });

  describe('active or idle by the account own idle days', () => {
    test('default 30 days: devices silent 40 and 100 days are idle, 1 and 10 days active; revoked devices are no seat', async () => {
      const res = await usage(owner);
      expect(res.status).toBe(200);
      expect(res.body.idleDays).toBe(30);
      expect(res.body.order).toBe('first-activation');
      const state = new Map(res.body.items.map((r) => [r.activationId, r.state]));
      expect(Object.fromEntries(state)).toEqual({
        [id.c1]: 'idle',
        [id.a2]: 'idle',
        [id.b1]: 'active',
        [id.a1]: 'active',
      });
      // Alice is active as a user (her laptop checked in yesterday) though her desktop is idle.
      const desktop = res.body.items.find((r) => r.activationId === id.a2);
      expect(desktop?.silentDays).toBe(40);
      expect(desktop?.user).toMatchObject({ userName: 'alice@acme.test', devices: 2, state: 'active' });
      const summary = await summaryOf(owner);
      expect(summary.devices).toEqual({ active: 2, idle: 2 });
      const l1 = summary.licenses.find((l) => l.id === id.l1);
      expect(l1).toMatchObject({
        seatsHeld: 2,
        sublicenses: [{ id: id.s1, group: 'Designers', seatsHeld: 1 }],
      });
      expect(summary.licenses.find((l) => l.id === id.l2)?.seatsHeld).toBe(1);
    });

    test('the admin sets 7 days: the device silent 10 days turns idle; the setting is the account own', async () => {
      const set = await owner.put('/api/console/usage/settings', { idleDays: 7 });
      expect(set.status).toBe(200);
      try {
        const res = await usage(owner);
        expect(res.body.idleDays).toBe(7);
        expect(res.body.items.find((r) => r.activationId === id.b1)?.state).toBe('idle');
        expect((await summaryOf(owner)).devices).toEqual({ active: 1, idle: 3 });
        expect((await other.get('/api/console/usage/settings')).body).toEqual({ idleDays: 30 });
      } finally {
        await owner.put('/api/console/usage/settings', { idleDays: 30 });
      }
    });

    test.each([0, 366, 1.5, '30', null])(
      'idle days %j is refused with a 400 that names the field',
      async (idleDays) => {
        const res = await owner.put('/api/console/usage/settings', { idleDays });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_input', field: 'idleDays' } });
        expect((await owner.get('/api/console/usage/settings')).body).toEqual({ idleDays: 30 });
      },
    );
  });

  describe('filters', () => {
    test('license: only the devices holding a seat in it', async () => {
      expect(ids((await usage(owner, { license: id.l2 })).body.items)).toEqual([id.b1]);
    });
    test('sublicense: only its devices', async () => {
      expect(ids((await usage(owner, { sublicense: id.s1 })).body.items)).toEqual([id.a1]);
    });
    test('group: the devices of its members', async () => {
      const rows = (await usage(owner, { group: id.designers })).body.items;
      expect(ids(rows).sort()).toEqual([id.a1, id.a2, id.c1].sort());
    });
    test('idle for 35 days: longest silent first', async () => {
      const res = await usage(owner, { idleFor: 35 });
      expect(res.body.order).toBe('longest-silent');
      expect(ids(res.body.items)).toEqual([id.c1, id.a2]);
    });
    test('search: display name, email or user name begins with it, case-insensitive, as on the Users page', async () => {
      expect(ids((await usage(owner, { q: 'ALICE A' })).body.items).sort()).toEqual([id.a1, id.a2].sort());
      expect(ids((await usage(owner, { q: 'bob@' })).body.items)).toEqual([id.b1]);
      // The middle of a name is not a start: one rule for every search box in the console.
      expect(ids((await usage(owner, { q: 'anders' })).body.items)).toEqual([]);
      expect(ids((await usage(owner, { q: '%' })).body.items)).toEqual([]);
    });
    test('filters combine: license and idle for 30 days', async () => {
      expect(ids((await usage(owner, { license: id.l1, idleFor: 30 })).body.items)).toEqual([id.c1, id.a2]);
    });
  });

  describe('cursor pages', () => {
    async function walk(params: Record<string, string | number>, between?: () => Promise<void>) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const res = await usage(owner, { ...params, limit: 1, ...(cursor && { cursor }) });
        expect(res.status).toBe(200);
        expect(res.body.items.length).toBeLessThanOrEqual(1);
        seen.push(...ids(res.body.items));
        cursor = res.body.nextCursor;
        if (!cursor) return seen;
        if (page === 0) await between?.();
      }
      throw new Error('the walk did not end');
    }

    test('a walk one row per page returns every device exactly once', async () => {
      const seen = await walk({});
      expect(seen.sort()).toEqual([id.a1, id.a2, id.b1, id.c1].sort());
      expect(new Set(seen).size).toBe(seen.length);
    });

    test('a device activated between pages is returned once, and none twice (both orders)', async () => {
      let added = '';
      const seen = await walk({}, async () => {
        added = await t.device(await t.user('frank@acme.test'), id.l1, {
          silentDays: 0,
          activatedDaysAgo: 0,
        });
      });
      expect(seen.sort()).toEqual([id.a1, id.a2, id.b1, id.c1, added].sort());
      let idle = '';
      const idleSeen = await walk({ idleFor: 30 }, async () => {
        idle = await t.device(await t.user('gina@acme.test'), id.l2, { silentDays: 31 });
      });
      expect(idleSeen.sort()).toEqual([id.a2, id.c1, idle].sort());
      expect(new Set(idleSeen).size).toBe(idleSeen.length);
    });
  });

  test.each([
    ['limit', { limit: 0 }],
    ['limit', { limit: 201 }],
    ['idleFor', { idleFor: 'soon' }],
    ['idleFor', { idleFor: 0 }],
    ['license', { license: 'not-a-uuid' }],
    ['cursor', { cursor: 'not a cursor!' }],
    ['cursor', { cursor: 'WzEsMiwzXQ' }],
    ['q', { q: 'x'.repeat(201) }],
    ['sort', { sort: 'name' }],
  ])('bad %s is a 400 in the console API format', async (field, params) => {
    const res = await usage(owner, params as Record<string, string | number>);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { code: 'invalid_input', field } });
  });

  test('a cursor of the other order is a 400', async () => {
    const first = await usage(owner, { limit: 1 });
    const res = await usage(owner, { idleFor: 30, cursor: first.body.nextCursor ?? '' });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { field: 'cursor' } });
  });

  describe('tenant isolation', () => {
    test("another account's license, sublicense or group as a filter is a 400, not its rows", async () => {
      for (const [field, value] of [
        ['license', id.otherLicense],
        ['group', id.otherGroup],
        ['sublicense', id.otherLicense],
      ] as const) {
        const res = await usage(owner, { [field]: value });
        expect(res.status).toBe(400);
        expect(res.body).toMatchObject({ error: { code: 'invalid_input', field } });
      }
    });

    test("another account's devices never appear, and it sees only its own", async () => {
      expect(ids((await usage(owner, { q: 'eve' })).body.items)).toEqual([]);
      expect(ids((await usage(owner, { idleFor: 1, limit: 200 })).body.items)).not.toContain(id.eve);
      const theirs = await usage(other);
      expect(ids(theirs.body.items)).toEqual([id.eve]);
      expect((await summaryOf(other)).devices).toEqual({ active: 0, idle: 1 });
    });
  });

  test('a group and a search of more than 1,000 users (checked row by row) page every device exactly once', async () => {
    const { db } = service.deps.database;
    const now = clock.now().toISOString();
    const fleet = Array.from({ length: userListCap + 5 }, (_, i) =>
      newUserRow({ accountId: t.accountId, userName: `fleet${i}@acme.test`, source: 'scim', now }),
    );
    const everyone = await t.group('Everyone', []);
    for (let k = 0; k < fleet.length; k += 200) {
      const chunk = fleet.slice(k, k + 200);
      await db.insertInto('account_users').values(chunk).execute();
      await db
        .insertInto('group_members')
        .values(
          chunk.map((u) => ({
            group_id: everyone,
            user_id: u.id,
            account_id: t.accountId,
            display: null,
            added_at: now,
          })),
        )
        .execute();
    }
    const devices = new Set<string>();
    for (const u of fleet) devices.add(await t.device(u.id, id.l1, { silentDays: 3 }));
    const walks: Record<string, string>[] = [
      { group: everyone },
      { q: 'FLEET' },
      { group: everyone, q: 'fleet1' },
    ];
    for (const params of walks) {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const res: { status: number; body: UsagePage } = await usage(owner, {
          ...params,
          limit: 200,
          ...(cursor && { cursor }),
        });
        expect(res.status).toBe(200);
        seen.push(...ids(res.body.items));
        cursor = res.body.nextCursor;
      } while (cursor);
      const expected =
        params.q === 'fleet1' ? fleet.filter((u) => u.user_name.startsWith('fleet1')).length : fleet.length;
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(expected);
      expect(seen.every((d) => devices.has(d))).toBe(true);
    }
  }, 60_000);
});
