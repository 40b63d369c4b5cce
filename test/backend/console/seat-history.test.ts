// Issue 23 item 5: seats used / total per license and sublicense over time.
// Each day's first snapshot stays, whoever takes it and however often (two
// database connections at once stand for two nodes); today is the live count;
// the same Dashboard says how many devices are idle (no check-in for 30 days)
// and how many activations each day had.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import type { Db } from '../../../backend/db/types.ts';
import { snapshotAccountSeats, snapshotAllSeats } from '../../../backend/console/seat-history.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import type { Dashboard } from '../../../common/console-dashboard.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const start = new Date('2026-03-01T08:00:00.000Z');
let now = start;
const clock: Clock = { now: () => new Date(now) };
const days = (n: number) => n * 86_400_000;

describeEachDatabase('seat history, idle devices and activations per day on the Dashboard', (dialect) => {
  let service: TestService;
  let otherNode: DatabaseHandle;
  let owner: ConsoleClient;
  let accountId: string;
  let licenseId: string;
  let sublicenseId: string;
  let db: Db;

  async function activate(userName: string, options: { sublicense?: boolean; lastCheckInAt?: string } = {}) {
    const at = clock.now().toISOString();
    const user = newUserRow({ accountId, userName, source: 'scim', now: at });
    await db.insertInto('account_users').values(user).execute();
    const id = randomUUID();
    await db
      .insertInto('activations')
      .values({
        id,
        account_id: accountId,
        user_id: user.id,
        license_id: licenseId,
        sublicense_id: options.sublicense ? sublicenseId : null,
        device_id: `device-${userName}`,
        device_name: 'Mac',
        os: 'macOS 15',
        app_version: '1.0.0',
        created_at: at,
        last_checkin_at: options.lastCheckInAt ?? at,
        lease_expires_at: '2099-01-01T00:00:00.000Z',
        revoked_at: null,
        revoked_reason: null,
        revoked_code: null,
        via: 'sso',
        secret_hash: null,
      })
      .execute();
    return id;
  }

  beforeAll(async () => {
    now = start;
    service = await startTestService(dialect, { clock });
    db = service.deps.database.db;
    otherNode = openDatabase(service.deps.config.databaseUrl, { poolSize: 2 });
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Seat Co', 'owner@seat.test', 'correct horse battery');
    await owner.login('owner@seat.test', 'correct horse battery');
    licenseId = (
      await addLicense(
        db,
        clock,
        { accountId, edition: 'business', seats: 10, deviceLimit: 3, expiresAt: '2099-01-01' },
        'test',
      )
    ).id;
    const at = clock.now().toISOString();
    const groupId = randomUUID();
    await db
      .insertInto('groups')
      .values({
        id: groupId,
        account_id: accountId,
        display_name: 'Designers',
        display_name_key: 'designers',
        external_id: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    sublicenseId = randomUUID();
    await db
      .insertInto('sublicenses')
      .values({ id: sublicenseId, license_id: licenseId, group_id: groupId, seats: 3, created_at: at })
      .execute();
  }, 60_000);
  afterAll(async () => {
    await otherNode?.db.destroy();
    await service?.close();
  });

  test('each day keeps its first snapshot, once across two nodes; today is live; idle and per-day counts', async () => {
    // 1 March: two holders, one of them in the Designers sublicense.
    await activate('a@seat.test', { sublicense: true });
    await activate('b@seat.test');
    expect(await snapshotAllSeats(db, clock)).toEqual({ accounts: 1, rows: 2 });
    // Later that day a third holder: the day's snapshot is taken, nothing more is written.
    now = new Date(now.getTime() + 3600_000);
    await activate('c@seat.test');
    expect(await snapshotAccountSeats(db, clock, accountId)).toBe(0);

    // 2 March: two "nodes" take the day's snapshot at once; one row per scope stays.
    now = new Date('2026-03-02T00:05:00.000Z');
    const written = await Promise.all([
      snapshotAccountSeats(db, clock, accountId),
      snapshotAccountSeats(otherNode.db, clock, accountId),
    ]);
    expect(written[0] + written[1]).toBe(2);
    const rows = await db
      .selectFrom('seat_snapshots')
      .select('day')
      .where('day', '=', '2026-03-02')
      .execute();
    expect(rows).toHaveLength(2);

    // 3 March (no snapshot yet): a device that last checked in 40 days ago, added today.
    now = new Date('2026-03-03T10:00:00.000Z');
    await activate('d@seat.test', { lastCheckInAt: new Date(now.getTime() - days(40)).toISOString() });

    await owner.login('owner@seat.test', 'correct horse battery'); // two days on: a fresh session
    const res = await owner.get<Dashboard>('/api/console/dashboard?days=7');
    expect(res.status).toBe(200);
    expect(res.body.window).toEqual({ from: '2026-02-25', to: '2026-03-03' });
    const license = res.body.seats.find((s) => s.sublicenseId === null);
    expect(license?.points).toEqual([
      { day: '2026-03-01', used: 2, total: 10 },
      { day: '2026-03-02', used: 3, total: 10 },
      { day: '2026-03-03', used: 4, total: 10 },
    ]);
    const designers = res.body.seats.find((s) => s.sublicenseId === sublicenseId);
    expect(designers?.label).toContain('Designers');
    expect(designers?.points.map((p) => p.used)).toEqual([1, 1, 1]);
    expect(designers?.points.every((p) => p.total === 3)).toBe(true);
    expect(res.body.idle).toEqual({ days: 30, devices: 1, liveDevices: 4 });
    expect(res.body.attempts).toHaveLength(7);
    expect(res.body.attempts.map((d) => d.activations)).toEqual([0, 0, 0, 0, 3, 0, 1]);
  });

  test("idle devices follow the account's own Idle after (days), as the Usage page counts them", async () => {
    await activate('e@seat.test', { lastCheckInAt: new Date(now.getTime() - days(10)).toISOString() });
    const before = await owner.get<Dashboard>('/api/console/dashboard?days=7');
    expect(before.body.idle).toMatchObject({ days: 30, devices: 1 });
    const set = await owner.put('/api/console/usage/settings', { idleDays: 7 });
    expect(set.status, JSON.stringify(set.body)).toBe(200);
    const after = await owner.get<Dashboard>('/api/console/dashboard?days=7');
    // d (40 days) and e (10 days) are silent past 7 days
    expect(after.body.idle).toMatchObject({ days: 7, devices: 2 });
  });

  test("the Users card's counts come from the database: 620 provisioned users, past any list page", async () => {
    const at = clock.now().toISOString();
    const rows = Array.from({ length: 620 }, (_, i) =>
      newUserRow({ accountId, userName: `bulk${i}@seat.test`, source: 'scim', now: at }),
    );
    for (let i = 0; i < rows.length; i += 100)
      await db
        .insertInto('account_users')
        .values(rows.slice(i, i + 100))
        .execute();
    await db
      .updateTable('account_users')
      .set({ active: 0 })
      .where('user_name', '=', 'bulk0@seat.test')
      .execute();
    const res = await owner.get<Dashboard>('/api/console/dashboard?days=7');
    // a..e activated above are SCIM users too; the owner is the one local user.
    expect(res.body.users).toEqual({ active: 625, provisioned: 624 });
  });

  test('a window past 90 days is a 400', async () => {
    const res = await owner.get('/api/console/dashboard?days=365');
    expect(res.status).toBe(400);
  });
});
