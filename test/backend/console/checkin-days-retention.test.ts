// Check-ins summarised per device and day (the user timeline, issue 23 item 6)
// are kept 180 days: at 200,000 devices a row per device and day is 73 million
// rows a year, so the service's periodic sweep deletes the older days, along an
// index on the day (never a walk of the whole table).
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import { checkinDaysKept, sweepCheckinDays } from '../../../backend/console/checkin-days-retention.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { tenantBuilder } from '../../support/usage-tenant.ts';

const now = new Date('2026-12-07T12:00:00.000Z');
const clock: Clock = { now: () => now };
const daysAgo = (n: number) => new Date(now.getTime() - n * 86_400_000).toISOString();

describeEachDatabase('check-in days are kept 180 days', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect, { clock });
  });
  afterAll(async () => service?.close());

  test('the sweep deletes the days older than 180 and keeps the rest', async () => {
    const { db } = service.deps.database;
    const owner = new ConsoleClient(service.baseUrl);
    const t = tenantBuilder(
      db,
      clock,
      await owner.signUp('Kept', 'owner@kept.test', 'correct horse battery'),
    );
    const device = await t.device(await t.user('ann@kept.test', 'Ann'), await t.license(), { silentDays: 0 });
    // Three check-ins as the lease renewal writes them: 200, 179 and 2 days ago.
    for (const at of [daysAgo(200), daysAgo(179), daysAgo(2)]) {
      await db.updateTable('activations').set({ last_checkin_at: at }).where('id', '=', device).execute();
    }
    const days = async () =>
      (
        await db
          .selectFrom('checkin_days')
          .select('day')
          .where('activation_id', '=', device)
          .orderBy('day')
          .execute()
      ).map((r) => r.day);
    expect(await days()).toEqual([daysAgo(200), daysAgo(179), daysAgo(2)].map((d) => d.slice(0, 10)));

    expect(checkinDaysKept).toBe(180);
    expect(await sweepCheckinDays(db, clock)).toBe(1);
    expect(await days()).toEqual([daysAgo(179), daysAgo(2)].map((d) => d.slice(0, 10)));
    expect(await sweepCheckinDays(db, clock)).toBe(0);
  });
});
