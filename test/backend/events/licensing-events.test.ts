// Issue 24 item 1, events written with the change on the licensing side:
// seats.threshold_reached in the activation that crosses 90 % or 100 % (again
// after the count dropped back), device.reclaimed in each reclamation
// release's transaction (a release rolled back tells nothing), and
// user.provisioned for a user made just in time at a first SSO sign-in.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createJitUser } from '../../../backend/access/jit-user.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { runReclamation } from '../../../backend/licensing/reclamation.ts';
import { crossed } from '../../../backend/licensing/seat-thresholds.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { accountEvents } from '../../support/event-schemas.ts';
import { clientAddress, requestJson } from '../../support/loopback-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

type Issued = { activationId: string; activationSecret: string; error?: { code: string } };
const day = 86_400_000;

describe('which thresholds a seat count crosses', () => {
  test('89 → 90 of 100 crosses 90; 99 → 100 crosses 100; 1 seat taken crosses both; a move within a band crosses none', () => {
    expect(crossed(100, 89, 90)).toEqual([90]);
    expect(crossed(100, 90, 91)).toEqual([]);
    expect(crossed(100, 99, 100)).toEqual([100]);
    expect(crossed(100, 100, 101)).toEqual([]);
    expect(crossed(10, 8, 9)).toEqual([90]);
    expect(crossed(1, 0, 1)).toEqual([90, 100]);
    // 90 % of 15 seats is 13.5: the 14th seat holder reaches it.
    expect(crossed(15, 13, 14)).toEqual([90]);
    expect(crossed(15, 12, 13)).toEqual([]);
  });
});

describeEachDatabase('licensing events: seats, reclamation, just-in-time users', (dialect) => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(dialect);
  }, 60_000);
  afterAll(async () => service?.close());

  const db = () => service.deps.database.db;
  const newAccount = async (name: string) => {
    const owner = new ConsoleClient(service.baseUrl);
    const email = `owner@${name}.example`;
    const accountId = await owner.signUp(name, email, 'correct horse battery');
    await owner.login(email, 'correct horse battery');
    return { owner, accountId };
  };
  const newLicense = (accountId: string, seats: number) =>
    addLicense(
      db(),
      service.deps.clock,
      { accountId, edition: 'business', seats, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
  let from = 0;
  const activate = async (key: string, email: string, device: string) => {
    // Each from its own loopback address: the per-address limit of key activations is not under test.
    const res = await requestJson<Issued>(`${service.baseUrl}/api/v1/activations/by-key`, {
      body: {
        licenseKey: key,
        email,
        deviceId: `seat-device-${device}-0123456789`,
        deviceName: `Mac ${device}`,
        os: 'macOS 15',
        appVersion: '1.0.0',
      },
      from: clientAddress(from++),
    });
    expect(res.status, JSON.stringify(res.body.error)).toBe(201);
    return res.body;
  };
  const seatEvents = async (accountId: string) =>
    (await accountEvents(db(), accountId))
      .filter((e) => e.type === 'seats.threshold_reached')
      .map((e) => e.data);
  const silentFor = (activationId: string, days: number) =>
    db()
      .updateTable('activations')
      .set({ last_checkin_at: new Date(Date.now() - days * day).toISOString() })
      .where('id', '=', activationId)
      .execute();

  test('seats 80 % → 90 % is told once at 90, → 100 % once at 100; back below and up again is told again', async () => {
    const { owner, accountId } = await newAccount('seats');
    const license = await newLicense(accountId, 10);
    const issued: Issued[] = [];
    for (let i = 1; i <= 8; i++) issued.push(await activate(license.key, `u${i}@seats.example`, `s${i}`));
    expect(await seatEvents(accountId)).toEqual([]);
    await activate(license.key, 'u9@seats.example', 's9');
    // The same user's second device takes no seat: nothing more.
    await activate(license.key, 'u9@seats.example', 's9b');
    const at90 = { licenseId: license.id, licenseName: 'business (10 seats)', seats: 10 };
    expect(await seatEvents(accountId)).toEqual([{ ...at90, seatsUsed: 9, threshold: 90 }]);
    await activate(license.key, 'u10@seats.example', 's10');
    expect(await seatEvents(accountId)).toEqual([
      { ...at90, seatsUsed: 9, threshold: 90 },
      { ...at90, seatsUsed: 10, threshold: 100 },
    ]);

    // One seat freed by reclamation (9 of 10), then taken by someone else: 100 % again, 90 % not.
    expect(
      (await owner.put(`/api/console/licenses/${license.id}/reclamation`, { silentDays: 7 })).status,
    ).toBe(200);
    await silentFor(issued[0]?.activationId ?? '', 10);
    const run = await runReclamation(db(), service.deps.clock, { accountId }, { actor: 'test' });
    expect(run.released).toBe(1);
    await activate(license.key, 'u11@seats.example', 's11');
    expect((await seatEvents(accountId)).map((e) => e.threshold)).toEqual([90, 100, 100]);
  });

  test('activations racing across the thresholds tell each crossing once (the account lock orders them)', async () => {
    const { accountId } = await newAccount('racing');
    const license = await newLicense(accountId, 10);
    for (let i = 1; i <= 7; i++) await activate(license.key, `r${i}@racing.example`, `r${i}`);
    // Three new users at once: seats 7 → 10, crossing 90 % (9) and 100 % (10) on the way.
    await Promise.all([8, 9, 10].map((i) => activate(license.key, `r${i}@racing.example`, `r${i}`)));
    expect((await seatEvents(accountId)).map((e) => [e.threshold, e.seatsUsed])).toEqual([
      [90, 9],
      [100, 10],
    ]);
  });

  test('a license split into sublicenses counts its holders once: 90 % told when the pool takes the 9th seat', async () => {
    const { accountId } = await newAccount('sublicensed');
    const license = await newLicense(accountId, 10);
    const now = new Date().toISOString();
    const groupId = randomUUID();
    await db()
      .insertInto('groups')
      .values({
        id: groupId,
        account_id: accountId,
        display_name: 'Design',
        display_name_key: 'design',
        external_id: null,
        version: 1,
        created_at: now,
        updated_at: now,
      })
      .execute();
    const sublicenseId = randomUUID();
    await db()
      .insertInto('sublicenses')
      .values({ id: sublicenseId, license_id: license.id, group_id: groupId, seats: 2, created_at: now })
      .execute();
    // One seat of the sublicense held (written as an SSO activation would leave it).
    const designer = newUserRow({
      accountId,
      userName: 'designer@sublicensed.example',
      source: 'local',
      now,
    });
    await db().insertInto('account_users').values(designer).execute();
    await db()
      .insertInto('activations')
      .values({
        id: randomUUID(),
        account_id: accountId,
        user_id: designer.id,
        license_id: license.id,
        sublicense_id: sublicenseId,
        device_id: 'designer-device-0123456789',
        device_name: 'Designer Mac',
        os: 'macOS 15',
        app_version: '1.0.0',
        created_at: now,
        last_checkin_at: now,
        lease_expires_at: new Date(Date.now() + 30 * day).toISOString(),
        revoked_at: null,
        revoked_reason: null,
        revoked_code: null,
        via: 'sso',
        secret_hash: null,
        over_count: 0,
      })
      .execute();
    // The pool (8 seats) fills: 1 + 7 = 8 of 10 seats, then the 9th.
    for (let i = 1; i <= 7; i++) await activate(license.key, `p${i}@sublicensed.example`, `p${i}`);
    expect(await seatEvents(accountId)).toEqual([]);
    await activate(license.key, 'p8@sublicensed.example', 'p8');
    expect(await seatEvents(accountId)).toEqual([
      {
        licenseId: license.id,
        licenseName: 'business (10 seats)',
        seatsUsed: 9,
        seats: 10,
        threshold: 90,
      },
    ]);
  });

  test('a reclamation release writes device.reclaimed in its transaction; a release rolled back writes none', async () => {
    const { owner, accountId } = await newAccount('reclaimed');
    const license = await newLicense(accountId, 5);
    const device = await activate(license.key, 'idle@reclaimed.example', 'idle');
    expect(
      (await owner.put(`/api/console/licenses/${license.id}/reclamation`, { silentDays: 7 })).status,
    ).toBe(200);
    await silentFor(device.activationId, 12);
    const reclaimed = async () =>
      (await accountEvents(db(), accountId)).filter((e) => e.type === 'device.reclaimed');

    // The account's next event number is taken by a stray row: the release's event cannot be
    // written, so its transaction rolls back — the device stays, and nothing is told.
    const { last_seq } = await db()
      .selectFrom('event_sequences')
      .select('last_seq')
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();
    const stray = {
      id: randomUUID(),
      account_id: accountId,
      seq: Number(last_seq) + 1,
      type: 'activation.refused',
      occurred_at: new Date().toISOString(),
      data: '{}',
    };
    await db().insertInto('events').values(stray).execute();
    await expect(
      runReclamation(db(), service.deps.clock, { accountId }, { actor: 'test' }),
    ).rejects.toThrow();
    await db().deleteFrom('events').where('id', '=', stray.id).execute();
    const row = await db()
      .selectFrom('activations')
      .select('revoked_at')
      .where('id', '=', device.activationId)
      .executeTakeFirstOrThrow();
    expect(row.revoked_at).toBeNull();
    expect(await reclaimed()).toEqual([]);

    const run = await runReclamation(db(), service.deps.clock, { accountId }, { actor: 'test' });
    expect(run.released).toBe(1);
    const events = await reclaimed();
    expect(events.map((e) => e.data)).toEqual([
      {
        activationId: device.activationId,
        userId: expect.any(String),
        licenseId: license.id,
        silentDays: 12,
      },
    ]);
    // The event and the audit entry are one transaction's: both there, once.
    const audit = await db()
      .selectFrom('audit_log')
      .select('detail')
      .where('action', '=', 'activation.reclaimed')
      .where('target', '=', device.activationId)
      .execute();
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]?.detail ?? '{}')).toMatchObject({ userId: events[0]?.data.userId });
    await runReclamation(db(), service.deps.clock, { accountId }, { actor: 'test' });
    expect(await reclaimed()).toHaveLength(1);
  });

  test('a user made just in time at a first SSO sign-in is told as user.provisioned, once, however many sign-ins race', async () => {
    const { accountId } = await newAccount('jit');
    const profile = { userName: 'new@jit.example', email: 'new@jit.example', externalId: 'ext-new' };
    const users = await Promise.all(
      Array.from({ length: 4 }, () => createJitUser(db(), service.deps.clock, accountId, profile)),
    );
    const ids = new Set(users.map((u) => u?.id));
    expect(ids.size).toBe(1);
    const told = (await accountEvents(db(), accountId)).filter((e) => e.type === 'user.provisioned');
    expect(told.map((e) => e.data)).toEqual([
      { userId: users[0]?.id, userName: 'new@jit.example', externalId: 'ext-new', active: true },
    ]);
    await createJitUser(db(), service.deps.clock, accountId, profile);
    expect((await accountEvents(db(), accountId)).filter((e) => e.type === 'user.provisioned')).toHaveLength(
      1,
    );
  });
});
