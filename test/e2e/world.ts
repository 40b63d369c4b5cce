// The world the Playwright tests drive (Playwright's webServer starts it):
// the real service in development mode with the dev IdP, a DNS server, Acme
// with an active SSO integration and SCIM-pushed users, plus three accounts
// for the discovery failures and one for key activation. A small control
// endpoint on 127.0.0.1 puts the world into the state a failure scenario needs.
import { createServer } from 'node:http';
import { createAccount } from '../../backend/accounts/account-service.ts';
import { addDomain } from '../../backend/domains/domain-service.ts';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import { revokeActivations } from '../../backend/access/revoke.ts';
import { activateDevice } from '../../backend/licensing/activations.ts';
import { licensingContext } from '../../backend/licensing/licensing-context.ts';
import { testDialects } from '../support/databases.ts';
import { startSsoWorld } from '../support/sso-world.ts';

const controlPort = Number(process.env.E2E_CONTROL_PORT ?? 47123);
const sqlite = testDialects[0];
if (!sqlite) throw new Error('no sqlite dialect');
const world = await startSsoWorld(sqlite);
const { db } = world.service.deps.database;
const { clock } = world.service.deps;

async function accountWithDomain(name: string, domain: string, verified: boolean): Promise<string> {
  const account = await createAccount(
    db,
    clock,
    { name, ownerEmail: `owner@${domain}`, ownerPassword: 'correct horse battery', ownerName: 'Owner' },
    'e2e',
  );
  await addDomain(db, clock, account.id, domain, 'e2e');
  if (verified)
    await db
      .updateTable('domains')
      .set({ verified_at: clock.now().toISOString() })
      .where('name', '=', domain)
      .execute();
  return account.id;
}

await accountWithDomain('Pending Inc', 'pending.test', false);
await accountWithDomain('Initech', 'initech.test', true);
const globex = await accountWithDomain('Globex (key activation)', 'globex.test', false);
const globexLicense = await addLicense(
  db,
  clock,
  { accountId: globex, edition: 'business', seats: 3, deviceLimit: 3, expiresAt: '2099-01-01' },
  'e2e',
);

// The dev IdP publishes its key in a certificate that expired in 2021 (its "expired-cert" fault signs with it).
const expiredCert = await (await fetch(`${world.service.baseUrl}/dev-idp/expired-certificate.pem`)).text();
const acmeIdp = () => db.updateTable('idp_configs').where('account_id', '=', world.accountId);
const seededCertificates = (
  await db
    .selectFrom('idp_configs')
    .select('certificates')
    .where('account_id', '=', world.accountId)
    .executeTakeFirstOrThrow()
).certificates;

const acmeKey = await db
  .selectFrom('licenses')
  .select('license_key')
  .where('account_id', '=', world.accountId)
  .executeTakeFirstOrThrow();
const acmeLicense = () => db.updateTable('licenses').where('account_id', '=', world.accountId);
const acmeUser = (name: string) =>
  db.updateTable('account_users').where('account_id', '=', world.accountId).where('user_name', '=', name);

/** Each scenario starts from `reset`: every Acme activation revoked, the license and users as seeded. */
const scenarios: Record<string, () => Promise<unknown>> = {
  reset: async () => {
    await revokeActivations(
      db,
      clock,
      { accountId: world.accountId, userIds: await acmeUserIds() },
      'ACTIVATION_REVOKED',
      'e2e reset',
    );
    await acmeLicense()
      .set({ seats: 5, device_limit: 3, expires_at: '2099-01-01T00:00:00.000Z', device_approval: 0 })
      .execute();
    await db
      .updateTable('accounts')
      .set({ device_code_sign_in: 0 })
      .where('id', '=', world.accountId)
      .execute();
    await db.deleteFrom('device_approval_requests').where('account_id', '=', world.accountId).execute();
    await acmeUser('bob@acme.test').set({ active: 1 }).execute();
    await acmeIdp().set({ certificates: seededCertificates }).execute();
    await acmeUser('carol@acme.test').set({ deleted_at: null, user_name_key: 'carol@acme.test' }).execute();
  },
  'idp-cert-expired': () =>
    acmeIdp()
      .set({ certificates: JSON.stringify([expiredCert]) })
      .execute(),
  'no-seats': () => acmeLicense().set({ seats: 0 }).execute(),
  'license-expired': () => acmeLicense().set({ expires_at: '2020-01-01T00:00:00.000Z' }).execute(),
  'device-limit': () => acmeLicense().set({ device_limit: 0 }).execute(),
  // Issue 26: Alice's two other computers hold her 2 device slots (My devices lists them).
  'alice-other-devices': async () => {
    await acmeLicense().set({ device_limit: 2 }).execute();
    const alice = await db
      .selectFrom('account_users')
      .select('id')
      .where('account_id', '=', world.accountId)
      .where('user_name', '=', 'alice@acme.test')
      .executeTakeFirstOrThrow();
    for (const [name, os] of [
      ['Work MacBook Pro', 'macOS 15.2'],
      ['Home Windows PC', 'Windows 11'],
    ] as const)
      await activateDevice(licensingContext(world.service.deps), world.accountId, alice.id, {
        deviceId: `e2e-${name.replace(/\W/g, '')}-0123456789`,
        deviceName: name,
        os,
        appVersion: '1.4.0',
      });
  },
  // Issue 26: the license asks IT to approve new devices.
  'device-approval': () => acmeLicense().set({ device_approval: 1 }).execute(),
  // Issue 26 item 2: Acme lets its users finish the sign-in on a second device (the console's switch).
  'device-code-on': () =>
    db.updateTable('accounts').set({ device_code_sign_in: 1 }).where('id', '=', world.accountId).execute(),
  'bob-deactivated': () => acmeUser('bob@acme.test').set({ active: 0 }).execute(),
  // As SCIM deletes: the row stays, its name is freed.
  'carol-deleted': () =>
    acmeUser('carol@acme.test').set({ deleted_at: clock.now().toISOString(), user_name_key: null }).execute(),
  'revoke-all': async () =>
    revokeActivations(
      db,
      clock,
      { accountId: world.accountId, userIds: await acmeUserIds() },
      'ACTIVATION_REVOKED',
      'revoked by the admin',
    ),
};

async function acmeUserIds(): Promise<string[]> {
  const rows = await db
    .selectFrom('account_users')
    .select('id')
    .where('account_id', '=', world.accountId)
    .execute();
  return rows.map((r) => r.id);
}

const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const reply = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'GET' && url.pathname === '/world')
    return reply(200, {
      serviceUrl: world.service.baseUrl,
      trustAnchorFile: world.trustAnchorFile,
      globexKey: globexLicense.key,
      acmeKey: acmeKey.license_key,
    });
  const name = /^\/scenario\/([a-z-]+)$/.exec(url.pathname)?.[1];
  const scenario = name ? scenarios[name] : undefined;
  if (req.method !== 'POST' || !scenario) return reply(404, { error: 'no such scenario' });
  scenario().then(
    () => reply(200, { scenario: name }),
    (err: unknown) => reply(500, { error: String(err) }),
  );
});
control.listen(controlPort, '127.0.0.1', () =>
  console.log(`e2e world: service ${world.service.baseUrl}, control http://127.0.0.1:${controlPort}`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    control.close();
    void world.close().then(() => process.exit(0));
  });
