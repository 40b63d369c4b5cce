// Cost grows as it should (issue 27 item 8, and item 5's second half):
// - check-in p50 with 1,000 and with 1,000,000 activations in the table (the
//   rows beyond the measured devices belong to another tenant, written with one
//   INSERT … SELECT per database, not through the API); goal ≤ 1.2×. The 1,000
//   is a second service's database, and its rounds alternate with the big one's;
// - SCIM provisioning (POST /Users, 4 at once) in a tenant of 1,000 users (the
//   small service) and of 100,000 (the big one), each user with its email row,
//   written by INSERT … SELECT; rounds interleaved as the check-ins'; goal flat;
// - the service's RSS after 1,000 and after 100,000 check-ins (SQLite); goal ≤ 1.2×.
// Each latency and rate is measured in 5 rounds (the two sizes alternate, and
// which goes first alternates too) and printed as { median, min, max, runs },
// with the ratio of each round's pair beside it (bench/figures.ts reads those).
// The tables are built once, so report.ts runs this benchmark once. SQLite
// always; PostgreSQL when BENCH_PG_URL or LATCHKEY_TEST_PG_URL is set.
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { createAccount } from '../backend/accounts/account-service.ts';
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
const rounds = Number(process.env.BENCH_FLAT_ROUNDS ?? 5);
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

/** `n` rows 0..n-1 of one column `i`: PostgreSQL's generate_series, SQLite's recursive CTE. */
const series = (dialect: Dialect, first: number, last: number) =>
  dialect === 'postgres'
    ? sql`generate_series(${first}::int, ${last}::int) AS n(i)`
    : sql`(WITH RECURSIVE s(i) AS (SELECT ${first} UNION ALL SELECT i + 1 FROM s WHERE i < ${last}) SELECT i FROM s) AS n`;
/** A random UUID made by the database (a v4's shape on SQLite). */
const newId = (dialect: Dialect) =>
  dialect === 'postgres'
    ? sql`gen_random_uuid()::text`
    : sql`lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-a' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`;

/**
 * Users `from`..`to - 1` of a tenant as SCIM would have left them (the stored resource, the
 * email row), by INSERT … SELECT in batches of 50,000: seconds where the API would take an
 * hour, and each batch's pages fit in memory.
 */
async function insertUsers(
  db: Db,
  dialect: Dialect,
  accountId: string,
  prefix: string,
  from: number,
  to: number,
) {
  const now = new Date().toISOString();
  for (let first = from; first < to; first += 50_000) {
    const last = Math.min(first + 50_000, to) - 1;
    const userName = sql`CAST(${prefix} AS text) || n.i || '@flat.bench'`;
    await sql`
      INSERT INTO account_users (id, account_id, user_name, user_name_key, email, display_name, given_name,
        family_name, password_hash, source, external_id, active, is_owner, scim_resource, version, last_login_at,
        deleted_at, created_at, updated_at)
      SELECT ${newId(dialect)}, ${accountId}, ${userName}, ${userName}, ${userName}, NULL, NULL, NULL, NULL, 'scim',
        'ext-' || CAST(${prefix} AS text) || n.i, 1, 0,
        '{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"' || ${userName} || '","active":true}',
        1, NULL, NULL, ${now}, ${now}
      FROM ${series(dialect, first, last)}`.execute(db);
  }
  await sql`
    INSERT INTO user_emails (user_id, account_id, value, type, is_primary)
    SELECT u.id, u.account_id, u.email, 'work', 1 FROM account_users AS u
    WHERE u.account_id = ${accountId} AND u.user_name LIKE ${`${prefix}%`}
      AND NOT EXISTS (SELECT 1 FROM user_emails AS e WHERE e.user_id = u.id)`.execute(db);
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
  await sql`
    INSERT INTO activations (id, account_id, user_id, license_id, sublicense_id, device_id, device_name, os,
      app_version, created_at, last_checkin_at, lease_expires_at, revoked_at, revoked_reason, revoked_code, via,
      secret_hash)
    SELECT ${newId(dialect)}, ${filler.accountId}, u.id, ${filler.licenseId}, NULL, 'filler-' || u.id || '-' || n.i, 'Mac',
      'macOS 15', '2.1.0', ${now}, ${now}, '2099-01-01T00:00:00.000Z', NULL, NULL, NULL, 'key', NULL
    FROM (SELECT id FROM account_users WHERE account_id = ${filler.accountId} ORDER BY id LIMIT ${usersLimit}) AS u
    CROSS JOIN ${series(dialect, first, last)}`.execute(db);
}

/**
 * PostgreSQL: the filler's rows written with the seat triggers off (session_replication_role =
 * replica), then its seat rows set to an exact recount, as the triggers would have left them:
 * row by row, each of a million inserts upserts its holder's row (a holder row updated 100 times
 * per statement), which made the build ~6 minutes. Without the right to set the role (not a
 * superuser), the triggers run. SQLite keeps its triggers (no per-session switch).
 */
async function withoutSeatTriggers(
  db: Db,
  dialect: Dialect,
  licenseId: string,
  build: (conn: Db) => Promise<void>,
): Promise<void> {
  if (dialect !== 'postgres') return build(db);
  await db.connection().execute(async (conn) => {
    const off = await sql`SET session_replication_role = replica`.execute(conn).then(
      () => true,
      () => false,
    );
    try {
      await build(conn);
    } finally {
      if (off) await sql`SET session_replication_role = DEFAULT`.execute(conn);
    }
    if (!off) return;
    await sql`
      INSERT INTO seat_holders (license_id, place_key, user_id, devices)
      SELECT license_id, coalesce(sublicense_id, ''), user_id, count(*) FROM activations
      WHERE license_id = ${licenseId} AND revoked_at IS NULL GROUP BY license_id, coalesce(sublicense_id, ''), user_id
      ON CONFLICT (license_id, place_key, user_id) DO UPDATE SET devices = EXCLUDED.devices`.execute(conn);
    await sql`
      INSERT INTO seat_counts (license_id, place_key, holders)
      SELECT license_id, place_key, count(*) FROM seat_holders WHERE license_id = ${licenseId}
      GROUP BY license_id, place_key
      ON CONFLICT (license_id, place_key) DO UPDATE SET holders = EXCLUDED.holders`.execute(conn);
    const { rows } = await sql<{ kept: number; live: string }>`
      SELECT (SELECT holders FROM seat_counts WHERE license_id = ${licenseId} AND place_key = '') AS kept,
        (SELECT count(DISTINCT user_id) FROM activations WHERE license_id = ${licenseId} AND revoked_at IS NULL) AS live`.execute(
      conn,
    );
    if (Number(rows[0]?.kept) !== Number(rows[0]?.live))
      throw new Error(`seat count ${rows[0]?.kept} after the build, ${rows[0]?.live} users hold seats`);
  });
}

/**
 * SQLite's page cache raised while the big tables are written (a million rows with random
 * UUID keys thrash the default 2 MiB), then put back before anything is measured; then
 * ANALYZE, as autovacuum or a periodic ANALYZE would have done on a live service. On
 * PostgreSQL VACUUM ANALYZE: otherwise autovacuum takes up the million new rows while the
 * rounds run (a second run measured 1.26× (0.87–2.19) that way), and a live table's
 * visibility map is set.
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
  await (dialect === 'postgres' ? sql`VACUUM ANALYZE` : sql`ANALYZE`).execute(db);
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
 * Rounds of the small and the big tenant, interleaved (small, big, big, small, small, big…):
 * measured one after the other, minutes apart, a change in the machine's load between them
 * read as a change in cost (3.19× once on SQLite, where interleaved rounds give ≈ 1.0×; SCIM
 * 0.64× the same way). Which goes first alternates, so a drift within a pair favours neither.
 * Round 0 warms up (JIT, caches) and is not counted. `ratio`: each round's big ÷ small.
 */
async function interleaved(
  measureSmall: (r: number) => Promise<number>,
  measureBig: (r: number) => Promise<number>,
): Promise<{ small: Rounds; big: Rounds; ratio: Rounds }> {
  const small: number[] = [];
  const big: number[] = [];
  for (let r = -1; r < rounds; r++) {
    let a: number;
    let b: number;
    if (r % 2 === 0) {
      a = await measureSmall(r);
      b = await measureBig(r);
    } else {
      b = await measureBig(r);
      a = await measureSmall(r);
    }
    if (r < 0) continue;
    small.push(a);
    big.push(b);
  }
  return {
    small: summary(small),
    big: summary(big),
    ratio: summary(big.map((b, i) => b / (small[i] ?? NaN))),
  };
}

/** One round of new users over SCIM, 4 at once: users per second. */
async function scimRound(url: string, token: string, label: string, r: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < scimUsersPerRound) {
        const n = next++;
        const userName = `new-${label}-${r + 1}-${n}@flat.bench`;
        const res = await send(`${url}/scim/v2/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({
            schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
            userName,
            externalId: `ext-${label}-${r + 1}-${n}`,
            name: { givenName: 'New', familyName: `User ${n}` },
            emails: [{ value: userName, type: 'work', primary: true }],
            active: true,
          }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`SCIM POST /Users answered ${res.status}`);
      }
    }),
  );
  return scimUsersPerRound / ((performance.now() - started) / 1000);
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
  await insertUsers(db, dialect, filler.accountId, 'filler', 0, fillerUsers);
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
    LATCHKEY_SCIM_RATE_LIMIT: '0',
    ...(smallDatabaseUrl && { DATABASE_URL: smallDatabaseUrl }),
  });
  try {
    const { db, service } = bench;
    const dialect = service.deps.database.dialect as Dialect;
    const { owner, devices, filler } = await measuredTenant(bench, dialect);
    const smallTenant = await measuredTenant(small, dialect);
    const smallActivations = await countActivations(small.db);
    let started = performance.now();
    const perUser = Math.ceil((bigActivations - (await countActivations(db))) / fillerUsers);
    await withBuildCache(db, dialect, () =>
      withoutSeatTriggers(db, dialect, filler.licenseId, async (conn) => {
        // 100 devices per user at a time (100,000 rows per statement): each statement's pages fit in memory.
        for (let first = 2; first <= perUser + 1; first += 100) {
          await insertFillerActivations(conn, dialect, filler, first, Math.min(first + 99, perUser + 1));
          progress(`${dialect}: ${await countActivations(conn)} activations`);
        }
      }),
    );
    const buildActivationsSeconds = +((performance.now() - started) / 1000).toFixed(1);
    const p50s = await interleaved(
      (r) => checkInRound(small.service.url, smallTenant.devices, r),
      (r) => checkInRound(service.url, devices, r),
    );
    const at1000 = { activations: smallActivations, p50Ms: p50s.small };
    const at1000000 = { activations: await countActivations(db), p50Ms: p50s.big };

    // SCIM provisioning in a tenant of 1,000 users (the small service) and of 100,000 (the big one).
    const scimTenant = async (on: Bench, users: number) => {
      const account = await createAccount(on.db, on.clock, owner('scim'), 'bench');
      const { token } = await createScimToken(on.db, on.clock, account.id, 'bench', 'bench');
      await withBuildCache(on.db, dialect, () => insertUsers(on.db, dialect, account.id, 'member', 0, users));
      return token;
    };
    started = performance.now();
    const bigToken = await scimTenant(bench, bigUsers);
    progress(`${dialect}: ${bigUsers} users`);
    const buildUsersSeconds = +((performance.now() - started) / 1000).toFixed(1);
    const smallToken = await scimTenant(small, 1000);
    const rates = await interleaved(
      (r) => scimRound(small.service.url, smallToken, 'a', r),
      (r) => scimRound(service.url, bigToken, 'b', r),
    );
    const scimAt1000 = { users: 1000, usersPerSecond: rates.small };
    const scimAt100000 = { users: bigUsers, usersPerSecond: rates.big };

    progress(`${dialect}: SCIM measured; RSS over ${rssCheckIns} check-ins`);
    const rss = dialect === 'sqlite' ? await rssOverCheckIns(service.url, devices) : undefined;
    return {
      dialect,
      checkIn: {
        at1000,
        at1000000,
        ratio: p50s.ratio,
        buildActivationsSeconds,
      },
      scim: {
        at1000: scimAt1000,
        at100000: scimAt100000,
        ratio: rates.ratio,
        buildUsersSeconds,
      },
      ...(rss && { rss }),
    };
  } finally {
    await small.stop();
    await bench.stop();
  }
}

// BENCH_FLAT_ONLY=postgres measures PostgreSQL alone (a second process beside a SQLite one);
// BENCH_FLAT_ONLY=sqlite SQLite alone.
const sqlite =
  process.env.BENCH_FLAT_ONLY === 'postgres' ? { skipped: 'BENCH_FLAT_ONLY=postgres' } : await run();
progress(`sqlite: ${JSON.stringify(sqlite)}`);
const pgUrl = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
const postgres =
  pgUrl && process.env.BENCH_FLAT_ONLY !== 'sqlite'
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
