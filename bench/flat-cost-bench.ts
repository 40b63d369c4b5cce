// Cost grows as it should (issue 27 item 8, and item 5's second half):
// - check-in p50 with 1,000 and with 1,000,000 activations in the table (the
//   rows beyond the measured devices belong to another tenant, written with one
//   INSERT … SELECT per database, not through the API); goal ≤ 1.2×. The 1,000
//   is a second service's database, and its rounds alternate with the big one's;
// - SCIM provisioning (POST /Users, 4 at once) in a tenant of 1,000 and of
//   100,000 users (written directly in batches); goal flat;
// - the service's RSS after 1,000 and after 100,000 check-ins (SQLite); goal ≤ 1.2×.
// Each latency and rate is measured in 3 rounds and printed as
// { median, min, max, runs } (bench/figures.ts reads those). The tables are
// built once, so report.ts runs this benchmark once. SQLite always; PostgreSQL
// when BENCH_PG_URL or LATCHKEY_TEST_PG_URL is set.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createAccount } from '../backend/accounts/account-service.ts';
import { newUserRow } from '../backend/db/user-row.ts';
import type { Db } from '../backend/db/types.ts';
import { activateByKey } from '../backend/licensing/key-activation.ts';
import { addLicense } from '../backend/licensing/license-registry.ts';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { createScimToken } from '../backend/scim/scim-tokens.ts';
import { freshPostgresDatabase, startBenchService } from './bench-service.ts';

type Bench = Awaited<ReturnType<typeof startBenchService>>;
type Dialect = 'sqlite' | 'postgres';

const bigActivations = Number(process.env.BENCH_FLAT_ACTIVATIONS ?? 1_000_000);
const bigUsers = Number(process.env.BENCH_FLAT_USERS ?? 100_000);
const rssCheckIns = Number(process.env.BENCH_FLAT_RSS_CHECKINS ?? 100_000);
const measuredDevices = 200;
const rounds = 3;
const checkInsPerRound = 300;
const scimUsersPerRound = 150;
const fillerUsers = 1000;

interface Rounds {
  median: number;
  min: number;
  max: number;
  runs: number;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? NaN) : ((s[mid - 1] ?? NaN) + (s[mid] ?? NaN)) / 2;
};
const summary = (values: number[]): Rounds => ({
  median: +median(values).toFixed(3),
  min: +Math.min(...values).toFixed(3),
  max: +Math.max(...values).toFixed(3),
  runs: values.length,
});
/**
 * fetch, tried once more when the connection was reset: a kept-alive socket the service closed
 * while the client was idle (building the tables takes minutes) fails on its next use.
 */
async function send(url: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
    return fetch(url, init);
  }
}

const rssMiB = () => Math.round(process.memoryUsage().rss / 2 ** 20);

async function countActivations(db: Db): Promise<number> {
  const row = await db
    .selectFrom('activations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Another tenant's users, in batches of 500 (what SCIM would have left). */
async function insertUsers(db: Db, accountId: string, prefix: string, from: number, to: number) {
  const now = new Date().toISOString();
  for (let i = from; i < to; i += 500) {
    const rows = Array.from({ length: Math.min(500, to - i) }, (_, j) =>
      newUserRow(
        { accountId, userName: `${prefix}${i + j}@flat.bench`, source: 'scim', now },
        { scim_resource: '{}' },
      ),
    );
    await db.insertInto('account_users').values(rows).execute();
  }
}

/**
 * Devices `first`..`last` of every user of the filler tenant, one INSERT … SELECT: a million
 * rows in seconds, where the API would take hours.
 */
async function insertFillerActivations(
  db: Db,
  dialect: Dialect,
  filler: { accountId: string; licenseId: string },
  first: number,
  last: number,
  usersLimit = fillerUsers,
) {
  const now = new Date().toISOString();
  const series =
    dialect === 'postgres'
      ? sql`generate_series(${first}::int, ${last}::int) AS n(i)`
      : sql`(WITH RECURSIVE s(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM s WHERE i < ${last}) SELECT i FROM s) AS n`;
  const newId =
    dialect === 'postgres'
      ? sql`gen_random_uuid()::text`
      : sql`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;
  await sql`
    INSERT INTO activations (id, account_id, user_id, license_id, sublicense_id, device_id, device_name, os,
      app_version, created_at, last_checkin_at, lease_expires_at, revoked_at, revoked_reason, revoked_code, via,
      secret_hash)
    SELECT ${newId}, ${filler.accountId}, u.id, ${filler.licenseId}, NULL, 'filler-' || u.id || '-' || n.i, 'Mac',
      'macOS 15', '2.1.0', ${now}, ${now}, '2099-01-01T00:00:00.000Z', NULL, NULL, NULL, 'key', NULL
    FROM (SELECT id FROM account_users WHERE account_id = ${filler.accountId} ORDER BY id LIMIT ${usersLimit}) AS u
    CROSS JOIN ${series}`.execute(db);
}

/**
 * SQLite's page cache raised while the big tables are written (a million rows with random
 * UUID keys thrash the default 2 MiB), then put back before anything is measured; then
 * ANALYZE, as autovacuum or a periodic ANALYZE would have done on a live service.
 */
async function withBuildCache(db: Db, dialect: Dialect, build: () => Promise<void>) {
  const before =
    dialect === 'sqlite'
      ? (await sql<{ cache_size: number }>`PRAGMA cache_size`.execute(db)).rows[0]?.cache_size
      : undefined;
  if (before !== undefined) await sql.raw('PRAGMA cache_size = -524288').execute(db);
  try {
    await build();
  } finally {
    if (before !== undefined) await sql.raw(`PRAGMA cache_size = ${Number(before)}`).execute(db);
  }
  await sql`ANALYZE`.execute(db);
}

const progress = (line: string) => process.stderr.write(`${new Date().toISOString()} ${line}\n`);

/** One round's check-in p50 (ms): 300 check-ins, one at a time. */
async function checkInRound(
  url: string,
  devices: { id: string; secret: string }[],
  r: number,
): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < checkInsPerRound; i++) {
    const d = devices[(i * 7 + r + 1) % devices.length] as { id: string; secret: string };
    const started = performance.now();
    const res = await send(`${url}/api/v1/activations/${d.id}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${d.secret}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`check-in answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return median(times);
}

/**
 * Check-in p50s of the small and the big table, rounds interleaved (small, big, small, big…):
 * measured one after the other, minutes apart, a change in the machine's load between them
 * read as a change in cost (3.19× once on SQLite, where interleaved rounds give ≈ 1.0×).
 */
async function interleavedP50s(
  small: { url: string; devices: { id: string; secret: string }[] },
  big: { url: string; devices: { id: string; secret: string }[] },
): Promise<{ small: Rounds; big: Rounds }> {
  const smallP50s: number[] = [];
  const bigP50s: number[] = [];
  // Round 0 warms up (JIT, caches) and is not counted.
  for (let r = -1; r < rounds; r++) {
    const a = await checkInRound(small.url, small.devices, r);
    const b = await checkInRound(big.url, big.devices, r);
    if (r < 0) continue;
    smallP50s.push(a);
    bigP50s.push(b);
  }
  return { small: summary(smallP50s), big: summary(bigP50s) };
}

/** New users over SCIM, 4 at once: users per second, one figure per round. */
async function scimRates(url: string, token: string, label: string): Promise<Rounds> {
  const rates: number[] = [];
  // Round 0 warms up and is not counted.
  for (let r = -1; r < rounds; r++) {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < scimUsersPerRound) {
          const n = next++;
          const res = await send(`${url}/scim/v2/Users`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
            body: JSON.stringify({
              schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
              userName: `new-${label}-${r + 1}-${n}@flat.bench`,
              name: { givenName: 'New', familyName: `User ${n}` },
              emails: [{ value: `new-${label}-${r + 1}-${n}@flat.bench`, primary: true }],
              active: true,
            }),
          });
          await res.arrayBuffer();
          if (res.status !== 201) throw new Error(`SCIM POST /Users answered ${res.status}`);
        }
      }),
    );
    if (r >= 0) rates.push(scimUsersPerRound / ((performance.now() - started) / 1000));
  }
  return summary(rates);
}

/** RSS after 1,000 and after `rssCheckIns` check-ins over HTTP, 16 at once. */
async function rssOverCheckIns(url: string, devices: { id: string; secret: string }[]) {
  let done = 0;
  const upTo = async (target: number) => {
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (done < target) {
          const d = devices[done++ % devices.length] as { id: string; secret: string };
          const res = await send(`${url}/api/v1/activations/${d.id}/check-in`, {
            method: 'POST',
            headers: { authorization: `Bearer ${d.secret}` },
          });
          await res.arrayBuffer();
        }
      }),
    );
  };
  await upTo(1000);
  const after1000CheckInsMiB = rssMiB();
  const started = performance.now();
  await upTo(rssCheckIns);
  return {
    after1000CheckInsMiB,
    after100000CheckInsMiB: rssMiB(),
    checkIns: done,
    seconds: +((performance.now() - started) / 1000).toFixed(1),
  };
}

/** A tenant of `measuredDevices` key-activated devices and a filler tenant of 1,000 users (800 activations). */
async function measuredTenant(bench: Bench, dialect: Dialect) {
  const { db, clock, service } = bench;
  const owner = (name: string) => ({
    name,
    ownerEmail: `owner-${randomUUID()}@flat.bench`,
    ownerPassword: 'benchmark password',
  });
  // The measured tenant: key-activated devices (their secret is the check-in's bearer).
  const measured = await createAccount(db, clock, owner('measured'), 'bench');
  const license = await addLicense(
    db,
    clock,
    { accountId: measured.id, edition: 'business', seats: 1000, deviceLimit: 3, expiresAt: '2099-01-01' },
    'bench',
  );
  const ctx = licensingContext(service.deps);
  const devices: { id: string; secret: string }[] = [];
  for (let i = 0; i < measuredDevices; i++) {
    const issued = await activateByKey(ctx, {
      licenseKey: license.key,
      email: `user${i}@flat.bench`,
      deviceId: `flat-device-${i}-0123456789`,
      deviceName: `bench ${i}`,
      os: 'linux',
      appVersion: '0.1.0',
    });
    devices.push({ id: issued.activationId, secret: issued.activationSecret });
  }
  // Everyone else: one tenant holding the rest of the table.
  const fillerAccount = await createAccount(db, clock, owner('filler'), 'bench');
  const fillerLicense = await addLicense(
    db,
    clock,
    {
      accountId: fillerAccount.id,
      edition: 'business',
      seats: 1_000_000,
      deviceLimit: 1000,
      expiresAt: '2099-01-01',
    },
    'bench',
  );
  const filler = { accountId: fillerAccount.id, licenseId: fillerLicense.id };
  await insertUsers(db, filler.accountId, 'filler', 0, fillerUsers);
  await withBuildCache(db, dialect, () =>
    insertFillerActivations(db, dialect, filler, 1, 1, 1000 - measuredDevices),
  );
  return { owner, devices, filler };
}

async function run(databaseUrl?: string, smallDatabaseUrl?: string) {
  const bench: Bench = await startBenchService('flat-cost', {
    LATCHKEY_SCIM_RATE_LIMIT: '0',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  });
  // A second service whose table stays at 1,000 activations: the peer measured beside the big one.
  const small: Bench = await startBenchService('flat-cost-small', {
    ...(smallDatabaseUrl && { DATABASE_URL: smallDatabaseUrl }),
  });
  try {
    const { db, clock, service } = bench;
    const dialect = service.deps.database.dialect as Dialect;
    const { owner, devices, filler } = await measuredTenant(bench, dialect);
    const smallTenant = await measuredTenant(small, dialect);
    const smallActivations = await countActivations(small.db);
    let started = performance.now();
    const perUser = Math.ceil((bigActivations - (await countActivations(db))) / fillerUsers);
    await withBuildCache(db, dialect, async () => {
      // 100 devices per user at a time (100,000 rows per statement): each statement's pages fit in memory.
      for (let first = 2; first <= perUser + 1; first += 100) {
        await insertFillerActivations(db, dialect, filler, first, Math.min(first + 99, perUser + 1));
        progress(`${dialect}: ${await countActivations(db)} activations`);
      }
    });
    const buildActivationsSeconds = +((performance.now() - started) / 1000).toFixed(1);
    const p50s = await interleavedP50s(
      { url: small.service.url, devices: smallTenant.devices },
      { url: service.url, devices },
    );
    const at1000 = { activations: smallActivations, p50Ms: p50s.small };
    const at1000000 = { activations: await countActivations(db), p50Ms: p50s.big };

    // SCIM provisioning in a tenant of 1,000 users, then of 100,000.
    const scimAccount = await createAccount(db, clock, owner('scim'), 'bench');
    const { token } = await createScimToken(db, clock, scimAccount.id, 'bench', 'bench');
    await insertUsers(db, scimAccount.id, 'member', 0, 1000);
    await sql`ANALYZE`.execute(db);
    const scimAt1000 = { users: 1000, usersPerSecond: await scimRates(service.url, token, 'a') };
    started = performance.now();
    await withBuildCache(db, dialect, () => insertUsers(db, scimAccount.id, 'member', 1000, bigUsers));
    progress(`${dialect}: ${bigUsers} users`);
    const buildUsersSeconds = +((performance.now() - started) / 1000).toFixed(1);
    const scimAt100000 = { users: bigUsers, usersPerSecond: await scimRates(service.url, token, 'b') };

    progress(`${dialect}: SCIM measured; RSS over ${rssCheckIns} check-ins`);
    const rss = dialect === 'sqlite' ? await rssOverCheckIns(service.url, devices) : undefined;
    return {
      dialect,
      checkIn: {
        at1000,
        at1000000,
        ratio: +(at1000000.p50Ms.median / at1000.p50Ms.median).toFixed(2),
        buildActivationsSeconds,
      },
      scim: {
        at1000: scimAt1000,
        at100000: scimAt100000,
        ratio: +(scimAt100000.usersPerSecond.median / scimAt1000.usersPerSecond.median).toFixed(2),
        buildUsersSeconds,
      },
      ...(rss && { rss }),
    };
  } finally {
    await small.stop();
    await bench.stop();
  }
}

// BENCH_FLAT_ONLY=postgres measures PostgreSQL alone (a second process beside a SQLite one).
const sqlite =
  process.env.BENCH_FLAT_ONLY === 'postgres' ? { skipped: 'BENCH_FLAT_ONLY=postgres' } : await run();
progress(`sqlite: ${JSON.stringify(sqlite)}`);
const pgUrl = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
const postgres = pgUrl
  ? await (async () => {
      const database = await freshPostgresDatabase(pgUrl);
      const smallDatabase = await freshPostgresDatabase(pgUrl);
      try {
        return await run(database.url, smallDatabase.url);
      } finally {
        await smallDatabase.drop();
        await database.drop();
      }
    })()
  : { skipped: 'set BENCH_PG_URL (a database the benchmark may fill) to measure PostgreSQL' };
console.log(JSON.stringify({ sqlite, postgres }, null, 2));
