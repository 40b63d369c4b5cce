// The 100,000-user tenant of issue 23 items 8–9, written directly in the
// database (multi-row inserts in transactions, SQLite or PostgreSQL), not over
// SCIM: the users as an IdP provisions them, a 60,000-member desktop group,
// 200,000 activations, 2,000,000 activation-log rows over 90 days, audit rows,
// and a few key-activated devices whose check-ins a benchmark can send.
// `buildScaleTenant` is what bench/scale-bench.ts calls; run alone:
//   node bench/scale-tenant.ts [--database-url postgres://…] [--users N] …
// builds it in a fresh data folder (or database) and prints what it made.
import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { createAccount } from '../backend/accounts/account-service.ts';
import type { Database } from '../backend/db/schema.ts';
import { newUserRow } from '../backend/db/user-row.ts';
import { activateByKey } from '../backend/licensing/key-activation.ts';
import { addLicense } from '../backend/licensing/license-registry.ts';
import { licensingContext } from '../backend/licensing/licensing-context.ts';
import { createScimToken } from '../backend/scim/scim-tokens.ts';
import type { ServiceDeps } from '../backend/service-deps.ts';

export interface ScaleSize {
  users: number;
  /** Members of the desktop group: the first users. */
  groupMembers: number;
  activations: number;
  attempts: number;
  audit: number;
  /** Key-activated devices a benchmark checks in with (their secrets are returned). */
  checkInDevices: number;
}

export const fullSize: ScaleSize = {
  users: 100_000,
  groupMembers: 60_000,
  activations: 200_000,
  attempts: 2_000_000,
  audit: 120_000,
  checkInDevices: 20,
};

export interface ScaleTenant {
  accountId: string;
  ownerEmail: string;
  ownerPassword: string;
  scimToken: string;
  desktopLicenseId: string;
  keyLicenseId: string;
  desktopGroupId: string;
  /** A user with three devices, and the email and a failure code to search the log by. */
  sampleUserId: string;
  sampleEmail: string;
  sampleCode: string;
  checkInDevices: { id: string; secret: string }[];
  /** Seconds each part took to write. */
  seconds: Record<string, number>;
}

const given = ['ada', 'alan', 'grace', 'edsger', 'barbara', 'donald', 'frances', 'ken', 'radia', 'linus'];
const family = [
  'lovelace',
  'turing',
  'hopper',
  'dijkstra',
  'liskov',
  'knuth',
  'allen',
  'thompson',
  'perlman',
];
const codes = [
  'USER_NOT_IN_GROUP',
  'NO_SEATS_AVAILABLE',
  'DEVICE_LIMIT_REACHED',
  'USER_DEACTIVATED',
  'LICENSE_EXPIRED',
  'SAML_EXPIRED',
  'ACTIVATION_REVOKED',
];
const stages = ['check-in', 'check-in', 'check-in', 'check-in', 'activation', 'acs', 'discovery'] as const;
const oses = ['macos 15.2', 'windows 11', 'macos 14.7', 'ubuntu 24.04'];
const versions = ['3.4.1', '3.4.2', '3.5.0', '3.5.1'];
const day = 86_400_000;

/** The n-th user's login (an email, as IdPs send the UPN). */
export const emailOf = (n: number) =>
  `${given[n % given.length]}.${family[Math.floor(n / given.length) % family.length]}.${n}@corp.example`;

/** Inserts `count` rows made by `row(i)`, `chunk` per statement, one transaction per `perTx` rows. */
async function insertMany<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  count: number,
  row: (i: number) => Record<string, unknown>,
  chunk = 500,
  perTx = 50_000,
): Promise<void> {
  for (let from = 0; from < count; from += perTx) {
    const to = Math.min(count, from + perTx);
    await db.transaction().execute(async (tx) => {
      for (let start = from; start < to; start += chunk) {
        const rows = Array.from({ length: Math.min(chunk, to - start) }, (_, k) => row(start + k));
        await tx
          .insertInto(table)
          .values(rows as never)
          .execute();
      }
    });
  }
}

async function timed<R>(seconds: Record<string, number>, name: string, work: () => Promise<R>): Promise<R> {
  const started = performance.now();
  const result = await work();
  seconds[name] = +((performance.now() - started) / 1000).toFixed(1);
  return result;
}

export async function buildScaleTenant(
  deps: ServiceDeps,
  size: ScaleSize = fullSize,
  say: (line: string) => void = () => {},
): Promise<ScaleTenant> {
  const { db } = deps.database;
  const clock = deps.clock;
  const seconds: Record<string, number> = Object.create(null) as Record<string, number>;
  const now = clock.now().getTime();
  const start = now - 90 * day;
  const ownerEmail = `owner-${randomUUID().slice(0, 8)}@corp.example`;
  const ownerPassword = 'scale benchmark password';
  const account = await createAccount(db, clock, { name: 'Scale Corp', ownerEmail, ownerPassword }, 'bench');
  const accountId = account.id;
  const { token: scimToken } = await createScimToken(db, clock, accountId, 'bench', 'bench');
  const desktop = await addLicense(
    db,
    clock,
    { accountId, edition: 'business', seats: size.users, deviceLimit: 5, expiresAt: '2099-01-01' },
    'bench',
  );
  const keyed = await addLicense(
    db,
    clock,
    { accountId, edition: 'business', seats: size.users, deviceLimit: 5, expiresAt: '2099-01-01' },
    'bench',
  );

  // Key-activated devices first, through the service's own path: their secrets are the bearers of a check-in.
  const ctx = licensingContext(deps);
  const checkInDevices: { id: string; secret: string }[] = [];
  for (let i = 0; i < size.checkInDevices; i++) {
    const issued = await activateByKey(ctx, {
      licenseKey: keyed.key,
      email: `checkin-${i}@corp.example`,
      deviceId: `checkin-device-${i}`,
      deviceName: `Check-in Mac ${i}`,
      os: 'macos 15.2',
      appVersion: '3.5.1',
    });
    checkInDevices.push({ id: issued.activationId, secret: issued.activationSecret });
  }

  const userIds: string[] = new Array<string>(size.users);
  const createdAt = (i: number, count: number) =>
    new Date(start + Math.floor((i * 90 * day) / count)).toISOString();
  await timed(seconds, 'users', () =>
    insertMany(db, 'account_users', size.users, (i) => {
      const email = emailOf(i);
      const [givenName = '', familyName = ''] = email.split('.');
      const resource = {
        userName: email,
        externalId: `00u${i.toString(36).padStart(8, '0')}`,
        name: { givenName, familyName },
        displayName: `${givenName} ${familyName} ${i}`,
        emails: [{ value: email, primary: true, type: 'work' }],
        active: true,
      };
      const row = newUserRow(
        { accountId, userName: email, source: 'scim', now: createdAt(i, size.users) },
        {
          display_name: resource.displayName,
          given_name: givenName,
          family_name: familyName,
          external_id: resource.externalId,
          scim_resource: JSON.stringify(resource),
        },
      );
      userIds[i] = row.id;
      return { ...row };
    }),
  );
  say(`users: ${size.users} in ${seconds.users} s`);
  await timed(seconds, 'userEmails', () =>
    insertMany(db, 'user_emails', size.users, (i) => ({
      user_id: userIds[i],
      account_id: accountId,
      value: emailOf(i),
      type: 'work',
      is_primary: 1,
    })),
  );

  const desktopGroupId = randomUUID();
  await timed(seconds, 'groups', async () => {
    const groups = [{ id: desktopGroupId, name: 'Latchkey Desktop' }];
    for (let g = 0; g < 20; g++) groups.push({ id: randomUUID(), name: `Team ${g}` });
    await db
      .insertInto('groups')
      .values(
        groups.map((g, k) => ({
          id: g.id,
          account_id: accountId,
          display_name: g.name,
          display_name_key: g.name.toLowerCase(),
          external_id: `00g${k}`,
          version: 1,
          created_at: new Date(start + k * 1000).toISOString(),
          updated_at: new Date(start + k * 1000).toISOString(),
        })),
      )
      .execute();
    const members = (i: number) => ({
      group_id: desktopGroupId,
      user_id: userIds[i],
      account_id: accountId,
      display: null,
      added_at: createdAt(i, size.users),
    });
    await insertMany(db, 'group_members', Math.min(size.groupMembers, size.users), members);
    // Teams of 500, so /Groups has more than one group to list.
    for (const [g, team] of groups.slice(1).entries())
      await insertMany(db, 'group_members', Math.min(500, size.users), (i) => ({
        ...members((g * 500 + i) % size.users),
        group_id: team.id,
      }));
    await db
      .updateTable('idp_configs')
      .set({ desktop_group_id: desktopGroupId, desktop_group_name: 'Latchkey Desktop' })
      .where('account_id', '=', accountId)
      .execute();
  });
  say(`groups: ${size.groupMembers} desktop members in ${seconds.groups} s`);

  // Three devices for each of the group's members on the desktop license, the rest on the key
  // license to the users after them; one in twenty revoked.
  const holders = Math.max(1, Math.min(size.groupMembers, size.users));
  await timed(seconds, 'activations', () =>
    insertMany(db, 'activations', size.activations, (j) => {
      const onDesktop = j < holders * 3;
      const user = onDesktop ? j % holders : (holders + (j - holders * 3)) % size.users;
      const created = start + ((j * 7919) % (60 * day));
      const checkIn = Math.min(now, created + ((j * 104_729) % (30 * day)));
      const revoked = j % 20 === 19;
      return {
        id: randomUUID(),
        account_id: accountId,
        user_id: userIds[user],
        license_id: onDesktop ? desktop.id : keyed.id,
        sublicense_id: null,
        device_id: `device-${j}`,
        device_name: `${given[j % given.length]}'s ${j % 3 === 0 ? 'MacBook Pro' : j % 3 === 1 ? 'ThinkPad' : 'iMac'}`,
        os: oses[j % oses.length],
        app_version: versions[j % versions.length],
        created_at: new Date(created).toISOString(),
        last_checkin_at: new Date(checkIn).toISOString(),
        lease_expires_at: new Date(checkIn + 7 * day).toISOString(),
        revoked_at: revoked ? new Date(checkIn).toISOString() : null,
        revoked_reason: revoked ? 'removed from the group' : null,
        revoked_code: revoked ? 'USER_NOT_IN_GROUP' : null,
        via: onDesktop ? 'sso' : 'key',
        secret_hash: null,
      };
    }),
  );
  say(`activations: ${size.activations} in ${seconds.activations} s`);

  // The log, oldest first (ids grow with time, as written): mostly check-ins, one in eight refused.
  await timed(seconds, 'attempts', () =>
    insertMany(
      db,
      'activation_attempts',
      size.attempts,
      (i) => {
        const failed = i % 8 === 7;
        const stage = stages[i % stages.length] ?? 'check-in';
        const user = (i * 7919) % size.users;
        return {
          account_id: accountId,
          email: emailOf(user),
          stage,
          outcome: failed ? 'failure' : 'success',
          code: failed ? (codes[(i >> 3) % codes.length] ?? null) : null,
          evidence: JSON.stringify(
            failed
              ? { licenseId: desktop.id, deviceId: `device-${user * 3}`, group: 'Latchkey Desktop' }
              : { licenseId: desktop.id, deviceId: `device-${user * 3}` },
          ),
          at: new Date(start + Math.floor((i * 90 * day) / size.attempts)).toISOString(),
        };
      },
      500,
      100_000,
    ),
  );
  say(`activation log: ${size.attempts} rows in ${seconds.attempts} s`);

  await timed(seconds, 'audit', () =>
    insertMany(db, 'audit_log', size.audit, (i) => {
      const user = i % size.users;
      const created = i < size.users;
      return {
        account_id: accountId,
        actor: 'scim:okta',
        action: created ? 'scim.user_created' : 'scim.group_patched',
        target: created ? userIds[user] : desktopGroupId,
        detail: JSON.stringify(created ? { userName: emailOf(user), active: true } : { operations: 1 }),
        at: new Date(start + Math.floor((i * 90 * day) / size.audit)).toISOString(),
      };
    }),
  );
  say(`audit: ${size.audit} rows in ${seconds.audit} s`);

  // What a long-running database has: statistics (and on PostgreSQL a visibility map) for the planner.
  await timed(seconds, 'analyze', async () => {
    const { sql } = await import('kysely');
    if (deps.database.dialect === 'postgres') await sql`vacuum analyze`.execute(db);
    else await sql`analyze`.execute(db);
  });

  const sampleUser = Math.min(holders - 1, 4242);
  return {
    accountId,
    ownerEmail,
    ownerPassword,
    scimToken,
    desktopLicenseId: desktop.id,
    keyLicenseId: keyed.id,
    desktopGroupId,
    sampleUserId: userIds[sampleUser] ?? '',
    sampleEmail: emailOf((4242 * 7919) % size.users),
    sampleCode: 'NO_SEATS_AVAILABLE',
    checkInDevices,
    seconds,
  };
}

/** The size from --users N --group-members N --activations N --attempts N --audit N (the rest full size). */
export function sizeFromArgs(argv: string[]): ScaleSize {
  const size = { ...fullSize };
  const names: Record<string, keyof ScaleSize> = {
    '--users': 'users',
    '--group-members': 'groupMembers',
    '--activations': 'activations',
    '--attempts': 'attempts',
    '--audit': 'audit',
  };
  for (let i = 0; i < argv.length; i++) {
    const key = names[argv[i] ?? ''];
    if (key && Object.hasOwn(names, argv[i] ?? '')) size[key] = Number(argv[++i]);
  }
  return size;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { startBenchService, freshPostgresDatabase } = await import('./bench-service.ts');
  const argv = process.argv.slice(2);
  const pgAt = argv.indexOf('--database-url');
  const serverUrl = pgAt >= 0 ? argv[pgAt + 1] : undefined;
  const database = serverUrl ? await freshPostgresDatabase(serverUrl) : undefined;
  const bench = await startBenchService('scale', database ? { DATABASE_URL: database.url } : {});
  const started = performance.now();
  const tenant = await buildScaleTenant(bench.service.deps, sizeFromArgs(argv), (l) =>
    process.stderr.write(`${l}\n`),
  );
  const total = +((performance.now() - started) / 1000).toFixed(1);
  await bench.service.stop();
  // Kept for whoever asked: the folder (SQLite file and master key) or the PostgreSQL database.
  // Secrets (the SCIM token, the devices' activation secrets) are not printed.
  const { scimToken: _token, checkInDevices, ...shown } = tenant;
  console.log(
    JSON.stringify(
      {
        dataDir: bench.dir,
        databaseUrl: database?.url ?? null,
        totalSeconds: total,
        ...shown,
        checkInDevices: checkInDevices.length,
      },
      null,
      2,
    ),
  );
}
