// The decision meets its rules in the order common/access-check.ts lists them
// (and the access check shows them): where two rules fail at once, the
// earlier one answers. The two ways in share the user rule.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { decideEntitlement, keyEntitlement } from '../../../backend/access/entitlement.ts';
import { LatchkeyError } from '../../../common/latchkey-error.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';

describeEachDatabase('the access decision: rule order', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  const codeOf = (p: Promise<unknown>) =>
    p.then(
      () => 'OK',
      (err: unknown) => (err instanceof LatchkeyError ? err.code : Promise.reject(err)),
    );

  async function accountWithUser() {
    const a = await createScimAccount(service.baseUrl, 'order');
    const scim = scimClient(a.scimUrl, a.token);
    const user = (
      await scim<{ id: string }>('POST', '/Users', { schemas: [USER], userName: 'dora@order.example' })
    ).body.id;
    await a.console.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Desktop', id: 'grp-desktop' },
    });
    const { db } = service.deps.database;
    const license = await addLicense(
      db,
      service.deps.clock,
      { accountId: a.accountId, edition: 'business', seats: 5, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    return { ...a, scim, user, license, db };
  }

  test('in no qualifying group and every license expired: USER_NOT_IN_GROUP (group comes before license)', async () => {
    const s = await accountWithUser();
    await s.db
      .updateTable('licenses')
      .set({ expires_at: '2020-01-01T00:00:00.000Z' })
      .where('id', '=', s.license.id)
      .execute();
    expect(await codeOf(decideEntitlement(s.db, service.deps.clock, s.accountId, s.user))).toBe(
      'USER_NOT_IN_GROUP',
    );
  });

  test('a deleted user on the key way: USER_NOT_PROVISIONED, as on the SSO way', async () => {
    const s = await accountWithUser();
    expect((await s.scim('DELETE', `/Users/${s.user}`)).status).toBe(204);
    const row = await s.db
      .selectFrom('licenses')
      .selectAll()
      .where('id', '=', s.license.id)
      .executeTakeFirstOrThrow();
    expect(await codeOf(keyEntitlement(s.db, service.deps.clock, row, s.user))).toBe('USER_NOT_PROVISIONED');
    expect(await codeOf(decideEntitlement(s.db, service.deps.clock, s.accountId, s.user))).toBe(
      'USER_NOT_PROVISIONED',
    );
  });
});
