// Licensing benchmark (npm run bench): check-ins per second through the
// domain path (entitlement re-check, one signature, one write) on SQLite and,
// when LATCHKEY_TEST_PG_URL or BENCH_PG_URL is set, PostgreSQL (a fresh database in that server) — unloaded and
// during a flood of password sign-ins over HTTP (ratio vs unloaded); and the cost of
// one license signature and one offline verification — bare, and as the app
// does it (the signing key's certificate checked against the root first). No HTTP: the licensing
// API needs the authorization server (licensing issue), so this measures what
// a check-in costs inside the service.
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { createAccount } from '../backend/accounts/account-service.ts';
import { newUserRow } from '../backend/db/user-row.ts';
import { activateDevice } from '../backend/licensing/activations.ts';
import { checkIn } from '../backend/licensing/check-in.ts';
import { addLicense } from '../backend/licensing/license-registry.ts';
import { signLicense } from '../backend/licensing/license-token.ts';
import { licenseJwks } from '../backend/licensing/signing-keys.ts';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { desktopClientId, desktopScopes, oidcProvider } from '../backend/oidc/provider.ts';
import { publishedKeyCertificates } from '../backend/licensing/key-certificates.ts';
import { createRoot, exportAnchor } from '../backend/licensing/trust-roots.ts';
import { verifyLicense } from '../main/core/license-verifier.ts';
import { freshPostgresDatabase, startBenchService } from './bench-service.ts';
import { startLoginFlood } from './login-flood.ts';
import { tokenVsSecret } from './token-vs-secret.ts';

const users = Number(process.env.BENCH_CHECKIN_USERS ?? 500);
const seconds = Number(process.env.BENCH_CHECKIN_SECONDS ?? 5);
const concurrency = 16;
/** `token-vs-secret`: only that comparison (issue 27 item 2), for a quick A/B while working on it. */
const only = process.env.BENCH_LICENSING_PART;

type Service = Awaited<ReturnType<typeof startBenchService>>['service'];

/**
 * Check-ins over HTTP as the app sends them (its SSO access token as the bearer) beside GET
 * /healthz, both from 16 concurrent loops in this process: check-ins as a fraction of the
 * framework floor measured the same way. Also what the caller lookup costs on its own: finding
 * the access token (oidc-provider unseals its payload) beside a whole check-in.
 */
async function checkInsBesideHealthz(service: Service, activations: { id: string; user: string }[]) {
  const provider = await oidcProvider(service.deps);
  const client = await provider.Client.find(desktopClientId);
  if (!client) throw new Error('no desktop client');
  const tokens = new Map<string, string>();
  for (const a of activations) {
    const grant = new provider.Grant({ accountId: a.user, clientId: desktopClientId });
    grant.addOIDCScope(desktopScopes);
    const grantId = await grant.save();
    const token = new provider.AccessToken({
      accountId: a.user,
      client,
      grantId,
      scope: desktopScopes,
      gty: 'authorization_code',
    });
    tokens.set(a.id, await token.save());
  }
  const loop = async (send: (i: number) => Promise<Response>) => {
    let done = 0;
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = w; performance.now() < end; i += concurrency) {
          const res = await send(i);
          await res.arrayBuffer();
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          done += 1;
        }
      }),
    );
    return Math.round(done / ((performance.now() - started) / 1000));
  };
  const healthzPerSecond = await loop(() => fetch(`${service.url}/healthz`));
  const checkInsPerSecond = await loop((i) => {
    const a = activations[i % activations.length] as { id: string };
    return fetch(`${service.url}/api/v1/activations/${a.id}/check-in`, {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.get(a.id) ?? ''}` },
    });
  });
  const ctx = licensingContext(service.deps);
  const each = async (n: number, f: (i: number) => Promise<unknown>) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) await f(i);
    return +((performance.now() - t) / n).toFixed(3);
  };
  const values = [...tokens.values()];
  const accessTokenFindMs = await each(2000, (i) =>
    provider.AccessToken.find(values[i % values.length] ?? ''),
  );
  const checkInMs = await each(2000, (i) => {
    const a = activations[i % activations.length] as { id: string; user: string };
    return checkIn(ctx, a.id, a.user);
  });
  return {
    healthzPerSecond,
    checkInsPerSecond,
    checkInsToHealthz: +(checkInsPerSecond / healthzPerSecond).toFixed(3),
    accessTokenFindMs,
    checkInMs,
    accessTokenFindToCheckIn: +(accessTokenFindMs / checkInMs).toFixed(3),
  };
}

async function run(databaseUrl?: string) {
  // The bench's flood client stands behind a proxy at 127.0.0.1 (see login-flood.ts).
  const bench = await startBenchService('licensing-bench', {
    LATCHKEY_TRUST_PROXY: '127.0.0.1',
    ...(databaseUrl && { DATABASE_URL: databaseUrl }),
  });
  const { service, db, clock } = bench;
  const ctx = licensingContext(service.deps);
  const account = await createAccount(
    db,
    clock,
    { name: 'bench', ownerEmail: `owner-${randomUUID()}@bench.example`, ownerPassword: 'benchmark password' },
    'bench',
  );
  const now = new Date().toISOString();
  const groupId = randomUUID();
  await db
    .insertInto('groups')
    .values({
      id: groupId,
      account_id: account.id,
      display_name: 'Desk',
      display_name_key: 'desk',
      external_id: 'grp-desk',
      version: 1,
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db
    .updateTable('idp_configs')
    .set({ desktop_group_id: 'grp-desk', desktop_group_name: 'Desk' })
    .where('account_id', '=', account.id)
    .execute();
  const license = await addLicense(
    db,
    clock,
    { accountId: account.id, edition: 'business', seats: users, deviceLimit: 3, expiresAt: '2099-01-01' },
    'bench',
  );
  const activations: { id: string; user: string; email: string }[] = [];
  for (let i = 0; i < users; i++) {
    const email = `u${i}@bench.example`;
    const row = newUserRow(
      { accountId: account.id, userName: email, source: 'scim', now },
      { scim_resource: '{}' },
    );
    const user = row.id;
    await db.insertInto('account_users').values(row).execute();
    await db
      .insertInto('group_members')
      .values({ group_id: groupId, user_id: user, account_id: account.id, display: null, added_at: now })
      .execute();
    const issued = await activateDevice(ctx, account.id, user, {
      deviceId: `device-${i}-0123456789abcdef`,
      deviceName: 'Mac',
      os: 'macOS',
      appVersion: '1.0.0',
    });
    activations.push({ id: issued.activationId, user, email });
  }
  const { license_key: licenseKey } = await db
    .selectFrom('licenses')
    .select('license_key')
    .where('id', '=', license.id)
    .executeTakeFirstOrThrow();
  if (only === 'token-vs-secret') {
    const compared = await tokenVsSecret(bench.service, activations, licenseKey);
    await bench.stop();
    return { dialect: bench.service.deps.database.dialect, users, tokenVsSecret: compared };
  }
  const measure = async () => {
    let done = 0;
    const end = performance.now() + seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async (_, w) => {
        for (let i = w; performance.now() < end; i += concurrency) {
          const a = activations[i % activations.length] as { id: string; user: string };
          await checkIn(ctx, a.id, a.user);
          done += 1;
        }
      }),
    );
    return { checkIns: done, perSecond: Math.round(done / ((performance.now() - started) / 1000)) };
  };
  // The same check-ins while 16 clients flood the password sign-in (issue 10 item 5). Unloaded
  // runs before and after each flood: the ratio is against their mean, so a machine whose other
  // load drifts during the run skews it less.
  const unloadedRuns = [await measure()];
  const underFlood = async (from: 'one-ip' | 'many-ips', phase: 'start' | 'limited') => {
    const flood = await startLoginFlood(service.url, { concurrency, from });
    // 'limited': measured once the per-IP limit refuses the flood (at most 60 s of flood first).
    if (phase === 'limited')
      await Promise.race([flood.limited, new Promise((resolve) => setTimeout(resolve, 60_000))]);
    const checkIns = await measure();
    const logins = await flood.stop();
    const before = unloadedRuns.at(-1) as { perSecond: number };
    // Let the flood's queued hashes drain before the next unloaded run.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const after = await measure();
    unloadedRuns.push(after);
    const peer = (before.perSecond + after.perSecond) / 2;
    return { ...checkIns, ratio: +(checkIns.perSecond / peer).toFixed(2), logins };
  };
  // One client: its first seconds (only the hash gate bounds it), then once its limit engaged.
  const floodOneIp = await underFlood('one-ip', 'start');
  const floodOneIpLimited = await underFlood('one-ip', 'limited');
  // A new client address on every request (behind the trusted proxy): only the hash gate bounds it.
  const floodManyIps = await underFlood('many-ips', 'start');
  const unloaded = {
    checkIns: unloadedRuns.reduce((n, r) => n + r.checkIns, 0),
    perSecond: Math.round(unloadedRuns.reduce((n, r) => n + r.perSecond, 0) / unloadedRuns.length),
    runs: unloadedRuns.map((r) => r.perSecond),
  };
  const overHttp = await checkInsBesideHealthz(service, activations);
  // Issue 27 item 2: the app's SSO access token vs an activation secret, same database, same run.
  const tokenVsSecretFigures = await tokenVsSecret(service, activations, licenseKey);
  const dialect = service.deps.database.dialect;
  await bench.stop();
  return {
    dialect,
    users,
    ...unloaded,
    overHttp,
    tokenVsSecret: tokenVsSecretFigures,
    loginFlood: { oneIp: floodOneIp, oneIpLimited: floodOneIpLimited, manyIps: floodManyIps },
  };
}

const sqlite = await run();
const pgUrl = process.env.BENCH_PG_URL ?? process.env.LATCHKEY_TEST_PG_URL;
const postgres = pgUrl
  ? await (async () => {
      const database = await freshPostgresDatabase(pgUrl);
      try {
        return await run(database.url);
      } finally {
        await database.drop();
      }
    })()
  : { skipped: 'set BENCH_PG_URL (a database the benchmark may fill) to measure PostgreSQL' };

if (only) {
  console.log(JSON.stringify({ checkIns: { sqlite, postgres } }, null, 2));
  process.exit(0);
}

// One signature and one offline verification.
const bench = await startBenchService('licensing-sign');
const terms = {
  userId: 'u',
  holder: { email: 'bench@example.test', name: 'Bench User' },
  accountId: 'a',
  licenseId: 'l',
  sublicenseId: null,
  edition: 'business',
  deviceId: 'd',
  activationId: 'x',
  subscriptionEnd: new Date('2099-01-01'),
  leaseEnd: new Date(Date.now() + 14 * 86400_000),
  renewAfter: new Date(Date.now() + 86400_000),
};
const sign = () =>
  signLicense(
    bench.db,
    bench.clock,
    bench.service.deps.masterKey,
    bench.service.deps.config.publicUrl,
    terms,
  );
for (let i = 0; i < 200; i++) await sign();
let t = performance.now();
const tokens: string[] = [];
for (let i = 0; i < 2000; i++) tokens.push(await sign());
const signMs = +((performance.now() - t) / 2000).toFixed(3);
const jwks = createLocalJWKSet(await licenseJwks(bench.db, bench.clock));
for (const token of tokens.slice(0, 200)) await jwtVerify(token, jwks);
t = performance.now();
for (const token of tokens) await jwtVerify(token, jwks);
const verifyMs = +((performance.now() - t) / 2000).toFixed(3);
// The app's verification: the key certificate under the built-in root, then the license.
await createRoot(bench.db, bench.clock, bench.service.deps.masterKey);
const anchorFile = await exportAnchor(bench.db, bench.service.deps.config.publicUrl);
const underRoot = {
  anchor: { serviceUrl: anchorFile.serviceUrl, roots: anchorFile.roots, source: 'built-in' as const },
  certificates: (await publishedKeyCertificates(bench.db, bench.clock)).certificates,
  issuer: `${bench.service.deps.config.publicUrl}/api/v1`,
  deviceId: 'd',
  now: new Date(),
};
for (const token of tokens.slice(0, 200)) await verifyLicense(token, underRoot);
t = performance.now();
for (const token of tokens) await verifyLicense(token, underRoot);
const appVerifyMs = +((performance.now() - t) / 2000).toFixed(3);
await bench.stop();

console.log(
  JSON.stringify(
    {
      checkIns: { sqlite, postgres },
      licenseSignMs: signMs,
      offlineVerifyMs: verifyMs,
      offlineVerifyUnderRootMs: appVerifyMs,
    },
    null,
    2,
  ),
);
