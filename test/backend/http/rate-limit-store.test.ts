// Issue 27 item 4: once a node knows a key's window is over its limit, it
// refuses further attempts of that key without asking the database, so a
// flood of refused requests costs what /healthz costs and takes no pool
// connection from the check-ins. Queries are counted with a Kysely plugin on
// the real database (both dialects).
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  RootOperationNode,
} from 'kysely';
import { beforeAll, expect, test } from 'vitest';
import type { Clock } from '../../../backend/clock.ts';
import { migrateToLatest } from '../../../backend/db/migrate.ts';
import type { Db } from '../../../backend/db/types.ts';
import { countAttempt, forgetAttempts, type RateLimit } from '../../../backend/http/rate-limit-store.ts';
import { useEmptyDatabase } from '../../support/empty-database.ts';
import { describeEachDatabase } from '../../support/suites.ts';

class QueryCounter implements KyselyPlugin {
  count = 0;
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.count++;
    return args.node;
  }
  transformResult(args: PluginTransformResultArgs) {
    return Promise.resolve(args.result);
  }
}

const limit = (key: string, max = 3): RateLimit => ({ bucket: 'test:ip', key, max, windowMs: 60_000 });

describeEachDatabase('rate limits: a window known to be exceeded is refused from memory', (dialect) => {
  const database = useEmptyDatabase(dialect);
  let now = Date.parse('2026-12-07T10:00:05Z');
  const clock: Clock = { now: () => new Date(now) };
  const counter = new QueryCounter();
  let db: Db;
  beforeAll(async () => {
    await migrateToLatest(database().db, database().dialect);
    db = database().db.withPlugin(counter);
  });

  test('after the first refusal, a flood of the same key makes no database query until the window ends', async () => {
    const flood = limit('203.0.113.7');
    for (let i = 0; i < 3; i++) expect((await countAttempt(db, clock, flood)).allowed).toBe(true);
    const first = await countAttempt(db, clock, flood);
    expect(first).toMatchObject({ allowed: false, lockStarted: true });
    const before = counter.count;
    for (let i = 0; i < 1000; i++) {
      const verdict = await countAttempt(db, clock, flood);
      expect(verdict.allowed).toBe(false);
      expect(verdict.lockStarted).toBe(false);
    }
    expect(counter.count - before).toBe(0);
    // Retry-After still counts down to the window's end.
    now += 30_000;
    expect((await countAttempt(db, clock, flood)).retryAfterSeconds).toBe(25);
    // The next window asks the database again and counts from one.
    now += 30_000;
    expect(await countAttempt(db, clock, flood)).toMatchObject({ allowed: true, count: 1 });
  });

  test('other keys are still counted exactly in the database while one key is refused from memory', async () => {
    const flood = limit('198.51.100.1', 1);
    await countAttempt(db, clock, flood);
    await countAttempt(db, clock, flood);
    const neighbour = limit('198.51.100.2', 1);
    expect(await countAttempt(db, clock, neighbour)).toMatchObject({ allowed: true, count: 1 });
    expect(await countAttempt(db, clock, neighbour)).toMatchObject({ allowed: false, lockStarted: true });
  });

  test('a second node (another connection to the same database) refuses from the shared count, not from this memory', async () => {
    const flood = limit('192.0.2.9', 2);
    for (let i = 0; i < 3; i++) await countAttempt(db, clock, flood);
    // A Kysely of its own: nothing this node remembers is visible there.
    const otherNode = database().db.withPlugin(new QueryCounter());
    expect(await countAttempt(otherNode, clock, flood)).toMatchObject({ allowed: false, lockStarted: false });
  });

  test('forgetting a key (a success that clears its failures) clears the memory too', async () => {
    const device = limit('device-nonce-1', 1);
    await countAttempt(db, clock, device);
    expect((await countAttempt(db, clock, device)).allowed).toBe(false);
    await forgetAttempts(db, clock, device);
    expect(await countAttempt(db, clock, device)).toMatchObject({ allowed: true, count: 1 });
  });

  test('the memory is bounded: 20,000 refused keys keep at most 10,000 remembered and all stay refused', async () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => limit(`10.0.${i >> 8}.${i & 255}`, 0));
    for (const k of keys) expect((await countAttempt(db, clock, k)).allowed).toBe(false);
    const before = counter.count;
    // The oldest were forgotten by this node: they are refused again from the database.
    expect((await countAttempt(db, clock, keys[0] as RateLimit)).allowed).toBe(false);
    expect(counter.count - before).toBeGreaterThan(0);
    const recent = counter.count;
    expect((await countAttempt(db, clock, keys[19_999] as RateLimit)).allowed).toBe(false);
    expect(counter.count - recent).toBe(0);
    // 20,000 counted writes: at the suite's load on two cores this has taken over 60 s on PostgreSQL.
  }, 180_000);
});
