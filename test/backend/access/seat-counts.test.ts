// Issue 27 item 7: the seats a place has in use are kept counted by the
// database (migration 0041's triggers), in the transaction of every write that
// makes an activation live or not — whoever writes it. These tests drive
// activations through every kind of write, sequentially and concurrently, and
// compare the kept counts with a recount over the activations themselves.
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import type { Db } from '../../../backend/db/types.ts';
import { inTransaction } from '../../../backend/db/types.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { tenantBuilder, type TenantBuilder } from '../../support/usage-tenant.ts';

interface PlaceCount {
  license: string;
  place: string;
  holders: number;
}

const sorted = (rows: PlaceCount[]) =>
  rows
    .filter((r) => r.holders > 0)
    .map((r) => `${r.license}/${r.place}=${r.holders}`)
    .sort();

async function keptCounts(db: Db): Promise<string[]> {
  const rows = await db.selectFrom('seat_counts').select(['license_id', 'place_key', 'holders']).execute();
  return sorted(rows.map((r) => ({ license: r.license_id, place: r.place_key, holders: Number(r.holders) })));
}

async function recount(db: Db): Promise<string[]> {
  const rows = await db
    .selectFrom('activations')
    .select(['license_id', sql<string>`coalesce(sublicense_id, '')`.as('place')])
    .select(sql<number | string>`count(distinct user_id)`.as('holders'))
    .where('revoked_at', 'is', null)
    .groupBy(['license_id', sql`coalesce(sublicense_id, '')`])
    .execute();
  return sorted(rows.map((r) => ({ license: r.license_id, place: r.place, holders: Number(r.holders) })));
}

describeEachDatabase('seat counts kept by the database', (dialect) => {
  let service: TestService;
  let db: Db;
  let t: TenantBuilder;
  const clock: Clock = { now: () => new Date('2026-12-07T12:00:00Z') };
  const users: string[] = [];
  let licenses: [string, string];
  let sub: string;

  beforeAll(async () => {
    service = await startTestService(dialect, { clock });
    db = service.deps.database.db;
    t = tenantBuilder(
      db,
      clock,
      await new ConsoleClient(service.baseUrl).signUp('Seats', 'o@seats.test', 'correct horse battery'),
    );
    for (let i = 0; i < 12; i++) users.push(await t.user(`u${i}@seats.test`));
    licenses = [await t.license(50), await t.license(50)];
    sub = await t.sublicense(licenses[0], await t.group('Design', users.slice(0, 6)), 5);
  });
  afterAll(() => service?.close());

  test('activate, revoke, re-activate, move between places and licenses, delete: the kept count equals a recount after every write', async () => {
    // A seeded walk: the same writes each run, every kind of change the service makes.
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const live: string[] = [];
    const revoked: string[] = [];
    for (let step = 0; step < 300; step++) {
      const kind = next(6);
      if (kind <= 1 || live.length === 0) {
        const userId = users[next(users.length)] as string;
        const inSub = next(2) === 0;
        live.push(
          await t.device(userId, inSub ? licenses[0] : (licenses[next(2)] as string), {
            silentDays: 1,
            ...(inSub && { sublicenseId: sub }),
          }),
        );
      } else if (kind === 2) {
        const id = live.splice(next(live.length), 1)[0] as string;
        await db
          .updateTable('activations')
          .set({ revoked_at: clock.now().toISOString() })
          .where('id', '=', id)
          .execute();
        revoked.push(id);
      } else if (kind === 3 && revoked.length > 0) {
        // The same device activated again: its revoked row comes back to life.
        const id = revoked.splice(next(revoked.length), 1)[0] as string;
        await db.updateTable('activations').set({ revoked_at: null }).where('id', '=', id).execute();
        live.push(id);
      } else if (kind === 4) {
        // An SSO activation moving to the other license or into/out of the sublicense.
        const id = live[next(live.length)] as string;
        const toSub = next(2) === 0;
        await db
          .updateTable('activations')
          .set(
            toSub
              ? { license_id: licenses[0], sublicense_id: sub }
              : { license_id: licenses[next(2)] as string, sublicense_id: null },
          )
          .where('id', '=', id)
          .execute();
      } else {
        const id = live.splice(next(live.length), 1)[0] as string;
        await db.deleteFrom('activations').where('id', '=', id).execute();
      }
      // A check-in's own write changes nothing that a seat is made of.
      if (live.length > 0)
        await db
          .updateTable('activations')
          .set({ last_checkin_at: clock.now().toISOString() })
          .where('id', '=', live[0] as string)
          .execute();
      expect(await keptCounts(db), `after step ${step}`).toEqual(await recount(db));
    }
    expect((await recount(db)).length).toBeGreaterThan(0);
  });

  test('concurrent activations and revocations of the same users keep the count exact', async () => {
    const ids = await Promise.all(
      Array.from({ length: 40 }, (_, i) => t.device(users[i % 3] as string, licenses[1], { silentDays: 1 })),
    );
    // Revoke half and add more at once, each in its own transaction, on several pool connections.
    await Promise.all([
      ...ids
        .slice(0, 20)
        .map((id) =>
          inTransaction(db, (tx) =>
            tx
              .updateTable('activations')
              .set({ revoked_at: clock.now().toISOString() })
              .where('id', '=', id)
              .execute(),
          ),
        ),
      ...Array.from({ length: 20 }, (_, i) =>
        t.device(users[(i % 4) + 3] as string, licenses[1], { silentDays: 1 }),
      ),
      ...ids.slice(20).map((id) => db.deleteFrom('activations').where('id', '=', id).execute()),
    ]);
    expect(await keptCounts(db)).toEqual(await recount(db));
  });

  test('a license deleted with its activations leaves no count behind', async () => {
    const license = await t.license(3);
    await t.device(users[0] as string, license, { silentDays: 1 });
    await db.deleteFrom('licenses').where('id', '=', license).execute();
    const left = await db
      .selectFrom('seat_counts')
      .select('holders')
      .where('license_id', '=', license)
      .execute();
    expect(left).toEqual([]);
    expect(await keptCounts(db)).toEqual(await recount(db));
  });
});
