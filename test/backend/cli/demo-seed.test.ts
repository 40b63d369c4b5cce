// The demo's owner password after the first run: LATCHKEY_DEMO_PASSWORD is applied (not
// silently ignored) when it differs from the stored one; without it the password stays.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { verifyPassword } from '../../../backend/accounts/password.ts';
import { seedDemo } from '../../../backend/cli/demo-seed.ts';
import { systemClock } from '../../../backend/clock.ts';
import { openDatabase, type DatabaseHandle } from '../../../backend/db/connect.ts';
import { migrateToLatest } from '../../../backend/db/migrate.ts';
import { licenseKeyPattern } from '../../../common/license-key.ts';
import type { TestDatabase } from '../../support/databases.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('the demo seed and LATCHKEY_DEMO_PASSWORD', (dialect) => {
  let testDb: TestDatabase;
  let database: DatabaseHandle;
  beforeAll(async () => {
    testDb = await dialect.create();
    database = openDatabase(testDb.url, { poolSize: 2 });
    await migrateToLatest(database.db, database.dialect);
  });
  afterAll(async () => {
    await database?.close();
    await testDb?.drop();
  });

  const ownerHash = async () =>
    (
      await database.db
        .selectFrom('account_users')
        .select('password_hash')
        .where('email', '=', 'owner@acme.test')
        .executeTakeFirstOrThrow()
    ).password_hash ?? '';

  test('a second run applies a new LATCHKEY_DEMO_PASSWORD, keeps the password without one, and says which', async () => {
    const first = await seedDemo(database, systemClock, 'first-demo-password');
    expect(first).toMatchObject({ created: true, ownerPassword: 'first-demo-password' });

    const without = await seedDemo(database, systemClock, undefined);
    expect(without).toMatchObject({ created: false, passwordChanged: false });
    expect(without.ownerPassword).toBeUndefined();
    expect(await verifyPassword('first-demo-password', await ownerHash())).toBe(true);

    const changed = await seedDemo(database, systemClock, 'second-demo-password');
    expect(changed).toMatchObject({
      created: false,
      passwordChanged: true,
      ownerPassword: 'second-demo-password',
    });
    expect(await verifyPassword('second-demo-password', await ownerHash())).toBe(true);
    expect(await verifyPassword('first-demo-password', await ownerHash())).toBe(false);

    // The same password again changes nothing (no sessions ended, no audit entry).
    const same = await seedDemo(database, systemClock, 'second-demo-password');
    expect(same).toMatchObject({ passwordChanged: false, ownerPassword: 'second-demo-password' });
    const audits = await database.db
      .selectFrom('audit_log')
      .select('actor')
      .where('action', '=', 'user.password_reset')
      .execute();
    expect(audits).toEqual([{ actor: 'seed-demo' }]);
  });
});

describeEachDatabase('the demo’s enterprise key', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect, { mode: 'development' });
  });
  afterAll(async () => service?.close());

  test('the key the demo prints activates a device with any email, and every run prints the same key', async () => {
    const first = await seedDemo(service.deps.database, systemClock, 'first-demo-password');
    const again = await seedDemo(service.deps.database, systemClock, undefined);
    expect(first.enterpriseKey.licenseKey).toMatch(licenseKeyPattern);
    expect(again.enterpriseKey).toEqual(first.enterpriseKey);
    expect(first.enterpriseKey.accountId).not.toBe(first.accountId);

    const activate = (licenseKey: string) =>
      fetch(`${service.baseUrl}/api/v1/activations/by-key`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          licenseKey,
          email: 'dana@globex.test',
          deviceId: 'demo-key-device-0001',
          deviceName: 'QA laptop',
          os: 'linux',
          appVersion: '0.1.0',
        }),
      });
    const res = await activate(first.enterpriseKey.licenseKey);
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ activationSecret: expect.stringMatching(/^lka_/) as unknown });
  });
});
