// Issue 23 item 8: "The Licenses page shows a wrong number" — seats used must
// be the database's own count of seat holders, never counted from a capped
// list of devices. A tenant past the list's size is built directly in the
// database (5,050 users holding a seat, 60 of them in a sublicense).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newUserRow } from '../../../backend/db/user-row.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import type { LicenseUsage } from '../../../common/console-directory.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const holders = 5_050;
const inSublicense = 60;

describeEachDatabase('seats used are counted by the database, whatever the tenant size', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let licenseId: string;
  let sublicenseId: string;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('Big Co', 'owner@big.test', 'correct horse battery');
    await owner.login('owner@big.test', 'correct horse battery');
    const { db } = service.deps.database;
    const { clock } = service.deps;
    const license = await addLicense(
      db,
      clock,
      { accountId, edition: 'business', seats: 10_000, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    licenseId = license.id;
    const now = clock.now().toISOString();
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
        created_at: now,
        updated_at: now,
      })
      .execute();
    sublicenseId = randomUUID();
    await db
      .insertInto('sublicenses')
      .values({ id: sublicenseId, license_id: licenseId, group_id: groupId, seats: 100, created_at: now })
      .execute();
    for (let start = 0; start < holders; start += 500) {
      const users = Array.from({ length: Math.min(500, holders - start) }, (_, i) =>
        newUserRow({ accountId, userName: `user${start + i}@big.test`, source: 'scim', now }),
      );
      await db.insertInto('account_users').values(users).execute();
      // Each holder's one device; the first `inSublicense` hold their seat in the sublicense.
      await db
        .insertInto('activations')
        .values(
          users.map((u, i) => ({
            id: randomUUID(),
            account_id: accountId,
            user_id: u.id,
            license_id: licenseId,
            sublicense_id: start + i < inSublicense ? sublicenseId : null,
            device_id: `device-${start + i}`,
            device_name: 'Mac',
            os: 'macOS 15',
            app_version: '1.0.0',
            created_at: now,
            last_checkin_at: now,
            lease_expires_at: '2099-01-01T00:00:00.000Z',
            revoked_at: null,
            revoked_reason: null,
            revoked_code: null,
            via: 'sso' as const,
            secret_hash: null,
          })),
        )
        .execute();
    }
  }, 120_000);
  afterAll(async () => service?.close());

  test('5,050 holders: the license says 5,050 seats used, its sublicense 60', async () => {
    const res = await owner.get<{ usage: LicenseUsage[] }>('/api/console/license-usage');
    expect(res.status).toBe(200);
    const usage = res.body.usage.find((u) => u.licenseId === licenseId);
    expect(usage?.seatsUsed).toBe(holders);
    expect(usage?.sublicenses).toEqual([{ id: sublicenseId, seatsUsed: inSublicense }]);
  });
});
