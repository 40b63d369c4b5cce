// Issue 23 items 8-9: the console's lists (users, devices, activation log,
// audit log) on a tenant past every old cap, built directly in the database.
// Each list pages with a cursor to its last row, filters as the screens do,
// and never answers with the whole table.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { buildListTenant, tenantSize, type ListTenant } from '../../support/list-tenant.ts';

interface Listed {
  status: number;
  items: Record<string, unknown>[];
}

describeEachDatabase('console lists page with a cursor past every old cap', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let tenant: ListTenant;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Big Co', 'owner@big.test', 'correct horse battery');
    await owner.login('owner@big.test', 'correct horse battery');
    const { db } = service.deps.database;
    const license = await addLicense(
      db,
      service.deps.clock,
      { accountId, edition: 'business', seats: 10_000, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    tenant = await buildListTenant(db, accountId, license.id);
  }, 180_000);
  afterAll(async () => service?.close());

  /** Every row of a list, following its cursor (`key` names the list's items in the answer). */
  async function walk(path: string, key: string, limit = 500): Promise<Listed> {
    const items: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 100; pages++) {
      const sep = path.includes('?') ? '&' : '?';
      const url: string = `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await owner.get<Record<string, unknown>>(url);
      if (res.status !== 200) return { status: res.status, items };
      items.push(...(res.body[key] as Record<string, unknown>[]));
      cursor = (res.body.nextCursor as string | null | undefined) ?? null;
      if (cursor === null) break;
    }
    return { status: 200, items };
  }

  test("a user's devices are found by user, though older than the newest 1,000", async () => {
    const mine = await walk(`/api/console/activations?user=${tenant.target.id}`, 'activations');
    expect(mine.status).toBe(200);
    expect(mine.items.map((a) => a.deviceName)).toEqual(["Zoe's Mac 0", "Zoe's Mac 1", "Zoe's Mac 2"]);
  });

  test("a license's devices page past 5,000: every device once, newest first", async () => {
    const all = await walk(`/api/console/activations?license=${tenant.licenseId}`, 'activations');
    expect(all.status).toBe(200);
    expect(all.items).toHaveLength(tenantSize.users + 3);
    expect(new Set(all.items.map((a) => a.id)).size).toBe(tenantSize.users + 3);
    const created = all.items.map((a) => String(a.createdAt));
    expect(created).toEqual([...created].sort().reverse());
  });

  test('the users list answers one page and a cursor, and the cursor reaches every user once', async () => {
    const first = await owner.get<{ users: unknown[]; nextCursor: string | null }>('/api/console/users');
    expect([first.status, first.body.users.length, typeof first.body.nextCursor]).toEqual([
      200,
      100,
      'string',
    ]);
    const all = await walk('/api/console/users', 'users');
    const names = all.items.map((u) => String(u.userName));
    expect(names).toHaveLength(tenantSize.users + 2); // and the target and the owner
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual([...names].sort());
    // The Users screen's list (with groups and devices) pages the same way.
    const screen = await walk('/api/console/directory/users', 'users');
    expect(screen.items).toHaveLength(tenantSize.users + 2);
  });

  test('users are searched by the start of user name, email or display name, case-insensitively', async () => {
    const names = async (q: string) =>
      (await walk(`/api/console/directory/users?q=${encodeURIComponent(q)}`, 'users')).items.map(
        (u) => u.userName,
      );
    expect(await names('ZOE.T')).toEqual(['zoe.target@big.test']);
    expect(await names('person 004')).toHaveLength(10);
    expect(await names('user00')).toHaveLength(100);
    // The start of a name, not its middle: "Target" is the second word of "Zoe Target".
    expect(await names('target')).toEqual([]);
  });

  test('the users who can sign in with a password are listed apart from 5,100 provisioned ones', async () => {
    const local = await walk('/api/console/directory/users?password=yes', 'users');
    expect([local.status, local.items.map((u) => u.userName)]).toEqual([200, ['owner@big.test']]);
  });

  test("a group's users page by cursor: exactly its 1,000 members", async () => {
    const members = await walk(`/api/console/directory/users?group=${tenant.groupId}`, 'users', 300);
    expect(members.status).toBe(200);
    expect(members.items).toHaveLength(tenantSize.inGroup);
    expect(members.items.every((u) => (u.groups as { name: string }[])[0]?.name === 'Designers')).toBe(true);
  });

  test('the activation log pages by cursor, and filters by the start of the email and a time range', async () => {
    const all = await walk('/api/console/attempts', 'attempts');
    expect(all.items).toHaveLength(tenantSize.attempts);
    const at = all.items.map((a) => String(a.at));
    expect(at).toEqual([...at].sort().reverse());
    const one = await walk('/api/console/attempts?email=USER0042@', 'attempts', 7);
    expect(one.items).toHaveLength(tenantSize.attempts / 100);
    expect(new Set(one.items.map((a) => a.email))).toEqual(new Set(['user0042@big.test']));
    // 100 seconds of the log: the rows written between them, however far from the newest.
    const from = '2026-06-01T11:20:00.000Z';
    const to = '2026-06-01T11:21:39.000Z';
    const window = await walk(`/api/console/attempts?from=${from}&to=${to}`, 'attempts', 30);
    expect(window.items).toHaveLength(100);
    expect(window.items.every((a) => String(a.at) >= from && String(a.at) <= to)).toBe(true);
  });

  test('the audit log pages by cursor and filters by action and actor', async () => {
    const all = await walk('/api/console/audit', 'entries');
    expect(all.items.length).toBeGreaterThanOrEqual(tenantSize.audit);
    const revoked = await walk('/api/console/audit?action=activation.revoked&actor=cli', 'entries', 70);
    expect(revoked.items).toHaveLength(tenantSize.audit / 4);
  });

  test('a cursor the list did not give out is a 400 naming the field, never a 500', async () => {
    const res = await owner.get<{ error: { field: string } }>('/api/console/users?cursor=bm90LWEtY3Vyc29y');
    expect([res.status, res.body.error.field]).toEqual([400, 'cursor']);
    const big = await owner.get<{ error: { field: string } }>('/api/console/attempts?limit=5000');
    expect([big.status, big.body.error.field]).toEqual([400, 'limit']);
  });
});
