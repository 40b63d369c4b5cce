// A new device's decision when the license is nearly full (issue 27 item 7):
// a tenant whose license holds 1,000 and then 100,000 seats (one live device
// per user, written directly in the database), then
// - the decision alone (decide(), key path, a user with no seat yet; rolled
//   back so the count stays put): median and p95 over 200 decisions;
// - new activations per second for the tenant: key activations of new users,
//   8 at a time (they queue on the account's lock, as on a real Monday morning).
// SQLite always; PostgreSQL when BENCH_PG_URL or LATCHKEY_TEST_PG_URL is set.
// While iterating: BENCH_SEATS_DB=sqlite|postgres runs one database only,
// BENCH_SEATS=<n> fills n seats instead of 100,000 (the rows keep their names),
// BENCH_SEATS_ACTIVATIONS=<n> times n activations instead of 1,000.
import { randomUUID } from 'node:crypto';
import { decide, rulesOf } from '../backend/access/decide.ts';
import { createAccount } from '../backend/accounts/account-service.ts';
import { newUserRow } from '../backend/db/user-row.ts';
import type { Db } from '../backend/db/types.ts';
import { activateByKey } from '../backend/licensing/key-activation.ts';
import { addLicense } from '../backend/licensing/license-registry.ts';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { freshPostgresDatabase, startBenchService } from './bench-service.ts';

type Bench = Awaited<ReturnType<typeof startBenchService>>;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

/** Users with one live device each on the license, in batches (what 100,000 sign-ins would leave). */
async function fillSeats(db: Db, accountId: string, licenseId: string, from: number, to: number) {
  const now = new Date().toISOString();
  for (let i = from; i < to; i += 500) {
    const users = Array.from({ length: Math.min(500, to - i) }, (_, j) =>
      newUserRow({ accountId, userName: `seat${i + j}@seats.bench`, source: 'scim', now }),
    );
    await db.insertInto('account_users').values(users).execute();
    await db
      .insertInto('activations')
      .values(
        users.map((u) => ({
          id: randomUUID(),
          account_id: accountId,
          user_id: u.id,
          license_id: licenseId,
          sublicense_id: null,
          device_id: `device-${u.id}`,
          device_name: 'Mac',
          os: 'macOS 15',
          app_version: '2.1.0',
          created_at: now,
          last_checkin_at: now,
          lease_expires_at: '2099-01-01T00:00:00.000Z',
          revoked_at: null,
          revoked_reason: null,
          revoked_code: null,
          via: 'key' as const,
          secret_hash: null,
        })),
      )
      .execute();
  }
}

async function decisionMs(bench: Bench, accountId: string, license: { id: string }, runs: number) {
  const { db, clock } = bench;
  const full = await db
    .selectFrom('licenses')
    .selectAll()
    .where('id', '=', license.id)
    .executeTakeFirstOrThrow();
  const user = newUserRow({
    accountId,
    userName: `newcomer-${randomUUID()}@seats.bench`,
    source: 'scim',
    now: new Date().toISOString(),
  });
  await db.insertInto('account_users').values(user).execute();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await decide(db, clock, {
      via: 'key',
      email: user.user_name,
      accountId,
      user: { id: user.id },
      license: full,
      deviceId: `bench-device-${i}`,
      rules: rulesOf('key'),
    });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: +percentile(times, 50).toFixed(3), p95Ms: +percentile(times, 95).toFixed(3) };
}

async function activationsPerSecond(bench: Bench, licenseKey: string, count: number, concurrency: number) {
  const ctx = licensingContext(bench.service.deps);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const n = next++;
        await activateByKey(ctx, {
          licenseKey,
          email: `monday${n}-${randomUUID().slice(0, 8)}@seats.bench`,
          deviceId: `monday-device-${n}`,
          deviceName: 'Mac',
          os: 'macOS 15',
          appVersion: '2.1.0',
        });
      }
    }),
  );
  return +(count / ((performance.now() - started) / 1000)).toFixed(0);
}

const positive = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  return value;
};
const seatsFilled = positive('BENCH_SEATS', 100_000);
const activationsTimed = positive('BENCH_SEATS_ACTIVATIONS', 1_000);
const only = process.env.BENCH_SEATS_DB;
if (only !== undefined && only !== 'sqlite' && only !== 'postgres')
  throw new Error('BENCH_SEATS_DB must be sqlite or postgres');

async function measure(env: Record<string, string>, label: string) {
  const bench = await startBenchService(label, env);
  try {
    const { db, clock } = bench;
    const account = await createAccount(
      db,
      clock,
      { name: 'Seats', ownerEmail: 'owner@seats.bench', ownerPassword: 'correct horse battery' },
      'bench',
    );
    const license = await addLicense(
      db,
      clock,
      { accountId: account.id, edition: 'business', seats: 150_000, deviceLimit: 5, expiresAt: '2099-01-01' },
      'bench',
    );
    await fillSeats(db, account.id, license.id, 0, 1_000);
    const at1k = await decisionMs(bench, account.id, license, 200);
    const fillStarted = performance.now();
    await fillSeats(db, account.id, license.id, 1_000, Math.max(1_000, seatsFilled));
    const fillSeconds = +((performance.now() - fillStarted) / 1000).toFixed(1);
    const at100k = await decisionMs(bench, account.id, license, 200);
    process.stderr.write(
      `${label}: decision at 1,000 seats ${at1k.medianMs} ms, at 100,000 ${at100k.medianMs} ms\n`,
    );
    const { license_key: licenseKey } = await db
      .selectFrom('licenses')
      .select('license_key')
      .where('id', '=', license.id)
      .executeTakeFirstOrThrow();
    const perSecond = await activationsPerSecond(bench, licenseKey, activationsTimed, 8);
    return {
      decisionAt1000Seats: at1k,
      decisionAt100000Seats: at100k,
      newActivationsPerSecond: perSecond,
      fillSeconds,
    };
  } finally {
    await bench.stop();
  }
}

const sqlite =
  only === 'postgres' ? { skipped: 'BENCH_SEATS_DB=postgres' } : await measure({}, 'seats-sqlite');
const pgUrl = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
let postgres: unknown = { skipped: 'set BENCH_PG_URL to measure PostgreSQL' };
if (only === 'sqlite') postgres = { skipped: 'BENCH_SEATS_DB=sqlite' };
else if (pgUrl) {
  const database = await freshPostgresDatabase(pgUrl);
  try {
    postgres = await measure({ DATABASE_URL: database.url }, 'seats-pg');
  } finally {
    await database.drop();
  }
}
process.stdout.write(`${JSON.stringify({ sqlite, postgres }, null, 2)}\n`);
