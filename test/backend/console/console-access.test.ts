// The first console SSO sign-ins of one new admin, at the same moment (two
// tabs, two nodes): both get in, as one user created just in time.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sql } from 'kysely';
import { openDatabase } from '../../../backend/db/connect.ts';
import { decideConsoleAccess } from '../../../backend/console/console-access.ts';
import { accountEvents } from '../../support/event-schemas.ts';
import { createScimAccount } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('console access by SSO', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  test('two first sign-ins of one new admin at once: both in, one user', async () => {
    const a = await createScimAccount(service.baseUrl, 'jit');
    await a.console.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Desktop', id: 'grp-desktop' },
    });
    const profile = {
      externalId: 'ext-new-admin',
      userName: 'new.admin@jit.example',
      email: 'new.admin@jit.example',
      givenName: 'New',
      familyName: 'Admin',
      groups: ['grp-admins'],
      groupsOverage: false,
    };
    const { db } = service.deps.database;
    // one connection each, opened beforehand: ten nodes signing in at the same moment
    const handles = Array.from({ length: 10 }, () =>
      openDatabase(service.deps.config.databaseUrl, { poolSize: 1 }),
    );
    try {
      await Promise.all(handles.map((h) => sql`select 1`.execute(h.db)));
    } catch (err) {
      await Promise.all(handles.map((h) => h.close()));
      throw err;
    }
    const signIns = await Promise.allSettled(
      handles.map((h) => decideConsoleAccess(h.db, service.deps.clock, a.accountId, profile)),
    );
    await Promise.all(handles.map((h) => h.close()));
    expect(signIns.filter((s) => s.status === 'rejected')).toEqual([]);
    const users = await db
      .selectFrom('account_users')
      .select('id')
      .where('account_id', '=', a.accountId)
      .where('user_name_key', '=', 'new.admin@jit.example')
      .execute();
    expect(users).toHaveLength(1);
    expect(new Set(signIns.map((s) => (s.status === 'fulfilled' ? s.value : '')))).toEqual(
      new Set([users[0]?.id]),
    );
    // Told once, by the insert that made the row (issue 24: a change SCIM's outbox never sees).
    const told = (await accountEvents(db, a.accountId)).filter((e) => e.type === 'user.provisioned');
    expect(told.map((e) => e.data)).toEqual([
      { userId: users[0]?.id, userName: 'new.admin@jit.example', externalId: 'ext-new-admin', active: true },
    ]);
  });
});
