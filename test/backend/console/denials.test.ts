// Issue 23 item 4: "who could not activate this week and why" — refusals of
// the activation log counted by code, by day and by the refused user's groups,
// within a bounded window, for the admin's own account only.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import { rollupAccountDays } from '../../../backend/console/attempt-days.ts';
import { newUserRow } from '../../../backend/db/user-row.ts';
import type { DenialsReport } from '../../../common/console-dashboard.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const now = new Date('2026-03-20T12:00:00.000Z');
const clock: Clock = { now: () => new Date(now) };

describeEachDatabase('denials by code, group and day', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let accountId: string;

  beforeAll(async () => {
    service = await startTestService(dialect, { clock });
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Deny Co', 'owner@deny.test', 'correct horse battery');
    await owner.login('owner@deny.test', 'correct horse battery');
    const other = new ConsoleClient(service.baseUrl);
    const otherId = await other.signUp('Other Co', 'owner@other.test', 'correct horse battery');
    const { db } = service.deps.database;
    const at = now.toISOString();
    const [alice, bob] = [
      newUserRow({ accountId, userName: 'alice@deny.test', source: 'scim', now: at }),
      newUserRow({ accountId, userName: 'bob@deny.test', source: 'scim', now: at }),
    ];
    await db.insertInto('account_users').values([alice, bob]).execute();
    const designers = randomUUID();
    await db
      .insertInto('groups')
      .values({
        id: designers,
        account_id: accountId,
        display_name: 'Designers',
        display_name_key: 'designers',
        external_id: null,
        version: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await db
      .insertInto('group_members')
      .values({ account_id: accountId, group_id: designers, user_id: alice.id, display: null, added_at: at })
      .execute();
    const row = (account: string, email: string, code: string | null, when: string, outcome = 'failure') => ({
      account_id: account,
      email,
      stage: 'activation',
      outcome: outcome as 'failure' | 'success',
      code,
      evidence: '{}',
      at: when,
    });
    await db
      .insertInto('activation_attempts')
      .values([
        // This week: alice (a Designer) twice out of seats, once on the 18th; bob (no group) not in group.
        row(accountId, 'alice@deny.test', 'NO_SEATS_AVAILABLE', '2026-03-20T09:00:00.000Z'),
        row(accountId, 'alice@deny.test', 'NO_SEATS_AVAILABLE', '2026-03-18T09:00:00.000Z'),
        row(accountId, 'bob@deny.test', 'USER_NOT_IN_GROUP', '2026-03-19T10:00:00.000Z'),
        // An unknown email, a success, another account's refusal and one from last month: not this week's.
        row(accountId, 'nobody@deny.test', 'USER_NOT_PROVISIONED', '2026-03-14T00:00:00.000Z'),
        row(accountId, 'alice@deny.test', null, '2026-03-20T09:01:00.000Z', 'success'),
        row(otherId, 'eve@other.test', 'NO_SEATS_AVAILABLE', '2026-03-20T09:00:00.000Z'),
        row(accountId, 'carol@deny.test', 'LICENSE_EXPIRED', '2026-02-01T09:00:00.000Z'),
      ])
      .execute();
  }, 60_000);
  afterAll(async () => service?.close());

  test('this week: refusals by code, day and group, and who could not activate, latest first', async () => {
    const res = await owner.get<DenialsReport>('/api/console/denials?days=7');
    expect(res.status).toBe(200);
    expect(res.body.window).toEqual({ from: '2026-03-14', to: '2026-03-20' });
    expect(res.body.total).toBe(4);
    expect(res.body.sampled).toBe(4);
    expect(res.body.byCode).toEqual([
      { code: 'NO_SEATS_AVAILABLE', count: 2 },
      { code: 'USER_NOT_IN_GROUP', count: 1 },
      { code: 'USER_NOT_PROVISIONED', count: 1 },
    ]);
    expect(res.body.byDay).toEqual([
      { day: '2026-03-14', code: 'USER_NOT_PROVISIONED', count: 1 },
      { day: '2026-03-18', code: 'NO_SEATS_AVAILABLE', count: 1 },
      { day: '2026-03-19', code: 'USER_NOT_IN_GROUP', count: 1 },
      { day: '2026-03-20', code: 'NO_SEATS_AVAILABLE', count: 1 },
    ]);
    expect(res.body.byGroup).toEqual([{ groupId: expect.any(String), group: 'Designers', count: 2 }]);
    expect(res.body.inNoGroup).toBe(2);
    expect(res.body.users).toEqual([
      { email: 'alice@deny.test', code: 'NO_SEATS_AVAILABLE', count: 2, lastAt: '2026-03-20T09:00:00.000Z' },
      { email: 'bob@deny.test', code: 'USER_NOT_IN_GROUP', count: 1, lastAt: '2026-03-19T10:00:00.000Z' },
      {
        email: 'nobody@deny.test',
        code: 'USER_NOT_PROVISIONED',
        count: 1,
        lastAt: '2026-03-14T00:00:00.000Z',
      },
    ]);
  });

  test('finished days rolled up (once, however often the job runs) count the same; their log rows are no longer read', async () => {
    const before = (await owner.get<DenialsReport>('/api/console/denials?days=90')).body;
    const { db } = service.deps.database;
    expect(await rollupAccountDays(db, clock, accountId)).toBe(89);
    expect(await rollupAccountDays(db, clock, accountId)).toBe(0);
    const after = (await owner.get<DenialsReport>('/api/console/denials?days=90')).body;
    expect(after).toEqual(before);
    // The 18th's refusal now comes from its rolled-up day: with its log row gone, the counts stay.
    await db.deleteFrom('activation_attempts').where('at', '=', '2026-03-18T09:00:00.000Z').execute();
    const pruned = (await owner.get<DenialsReport>('/api/console/denials?days=90')).body;
    expect(pruned.byDay).toEqual(before.byDay);
    expect(pruned.total).toBe(before.total);
  });

  test('a 90-day window reaches last month; a longer or odd window is a 400, not a scan of the whole log', async () => {
    const wide = await owner.get<DenialsReport>('/api/console/denials?days=90');
    expect(wide.body.byCode).toContainEqual({ code: 'LICENSE_EXPIRED', count: 1 });
    for (const days of ['91', '0', 'week', '7&from=2020-01-01']) {
      const res = await owner.get<{ error: { code: string } }>(`/api/console/denials?days=${days}`);
      expect(res.status, days).toBe(400);
      expect(res.body.error.code).toBe('invalid_input');
    }
  });

  test('without a session: 401', async () => {
    const res = await new ConsoleClient(service.baseUrl).get('/api/console/denials');
    expect(res.status).toBe(401);
  });
});
