// The world the console's Playwright walk drives (playwright.console.config.ts
// starts it): the real service in development mode with the dev IdP and an
// EMPTY database, the console bundle freshly built, and a DNS server on
// loopback. A control endpoint on 127.0.0.1 stands in for the parties outside
// the console: the admin's DNS provider (publish a TXT record), the IdP's
// SCIM client (push the directory the way Okta does) and the vendor (register
// a license for the new account). Nothing here changes the account's setup.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoDirectory } from '../../backend/devidp/demo-directory.ts';
import type { Directory } from '../../backend/devidp/directory.ts';
import { pushDirectory } from '../../backend/devidp/scim-push.ts';
import { issueLicenseKey } from '../../backend/licensing/license-registration.ts';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import { activateDevice } from '../../backend/licensing/activations.ts';
import { checkIn } from '../../backend/licensing/check-in.ts';
import { licensingContext } from '../../backend/licensing/licensing-context.ts';
import { startDnsServer } from '../../devtools/dns-server.ts';
import { buildConsole } from '../../scripts/build-console.ts';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { testDialects } from '../support/databases.ts';
import { clientAddress, requestJson } from '../support/loopback-client.ts';
import { seedUsage } from './usage-world.ts';
import { startTestService } from '../support/service.ts';
import { buildListTenant } from '../support/list-tenant.ts';
import { startSmtpCatcher } from '../support/smtp-catcher.ts';
import { writeEvent } from '../../backend/events/write-events.ts';
import type { NewEvent } from '../../common/event-types.ts';
import { requestApproval } from '../../backend/devices/approval-requests.ts';

const controlPort = Number(process.env.E2E_CONTROL_PORT ?? 47401);
const sqlite = testDialects[0];
if (!sqlite) throw new Error('no sqlite dialect');

// The guide walks (guide-okta / guide-entra specs) each set up an account of their own, with a
// domain and IdP users of their own beside the walk's acme.test: one directory per company.
function companyDirectory(domain: string, prefix: string): Directory {
  const user = (name: string, id: string) => ({
    userName: `${name}@${domain}`,
    externalId: `${prefix}-${id}`,
    givenName: name[0]?.toUpperCase() + name.slice(1),
    familyName: 'Guide',
    email: `${name}@${domain}`,
    active: true,
  });
  return {
    users: [user('ann', 'ann'), user('ben', 'ben')],
    groups: [
      { displayName: 'Latchkey Admins', externalId: `${prefix}-admins`, members: [`ann@${domain}`] },
      {
        displayName: 'Latchkey Desktop Users',
        externalId: `${prefix}-desktop`,
        members: [`ann@${domain}`, `ben@${domain}`],
      },
    ],
  };
}
const directories: Record<string, Directory> = {
  acme: demoDirectory,
  okta: companyDirectory('okta-guide.test', 'okta'),
  entra: companyDirectory('entra-guide.test', 'entra'),
};
const idpUsers = join(mkdtempSync(join(tmpdir(), 'latchkey-e2e-idp-')), 'directory.json');
const all = Object.values(directories);
writeFileSync(
  idpUsers,
  JSON.stringify({ users: all.flatMap((d) => d.users), groups: all.flatMap((d) => d.groups) }),
);

await Promise.all([buildConsole(), buildRenderer()]);
const dns = await startDnsServer();
// The service's outgoing email (notifications) goes to a real SMTP server on loopback.
const smtp = await startSmtpCatcher();
const service = await startTestService(sqlite, {
  mode: 'development',
  dnsServer: dns.address,
  env: {
    LATCHKEY_DEV_IDP: 'on',
    LATCHKEY_DEV_IDP_USERS: idpUsers,
    LATCHKEY_SMTP_URL: smtp.url,
    LATCHKEY_NOTIFY_CHECK_SECONDS: '1',
    // Every spec signs in from 127.0.0.1 within minutes: the per-address sign-in limit (30 in a
    // fixed 15-minute window) is the backend tests' subject (test/backend/http/rate-limits.test.ts),
    // not the walk's; a fast run could put more sign-ins than that in one window.
    LATCHKEY_LOGIN_ATTEMPTS_PER_15_MIN: '1000',
  },
});
const { db } = service.deps.database;

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  let raw = '';
  for await (const chunk of req) raw += String(chunk);
  return raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
}

const calls: Record<string, (body: Record<string, unknown>) => Promise<unknown>> = {
  // The admin's DNS provider publishes the record the console showed.
  '/dns': async (b) => {
    dns.setTxt(String(b.host), [String(b.value)]);
    return {};
  },
  // The IdP's SCIM client, configured with the Bearer Token the console showed once:
  // a company's directory (acme by default; okta / entra for the guide walks), as Okta or Entra pushes.
  '/scim-push': async (b) => {
    const directory = directories[String(b.directory ?? 'acme')];
    if (!directory) throw new Error(`no directory ${String(b.directory)}`);
    const pushed = await pushDirectory(directory, {
      scimUrl: `${service.baseUrl}/scim/v2`,
      token: String(b.token),
      vendor: b.vendor === 'entra' ? 'entra' : 'okta',
    });
    if (pushed.failures.length) throw new Error(JSON.stringify(pushed.failures));
    return {};
  },
  // The IdP's SCIM client configured with an OAuth client (Entra's client credentials):
  // asks the Token URL for an access token, then reads the directory with it.
  '/scim-oauth': async (b) => {
    const token = await fetch(`${service.baseUrl}/scim/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: String(b.clientId),
        client_secret: String(b.clientSecret),
      }),
    });
    const answer = (await token.json()) as { access_token?: string; error?: string };
    if (!answer.access_token) return { status: token.status, error: answer.error };
    const users = await fetch(`${service.baseUrl}/scim/v2/Users?count=1`, {
      headers: { authorization: `Bearer ${answer.access_token}` },
    });
    return { status: token.status, scimStatus: users.status };
  },
  // The vendor registers the license the company bought (the CLI's add-license):
  // for the account named, else the one its owner's email finds.
  '/license': async (b) => {
    const accountId =
      typeof b.accountId === 'string'
        ? b.accountId
        : (
            await db
              .selectFrom('account_users')
              .select('account_id')
              .where('user_name', '=', String(b.ownerEmail))
              .executeTakeFirstOrThrow()
          ).account_id;
    return addLicense(
      db,
      service.deps.clock,
      {
        accountId,
        edition: 'business',
        seats: typeof b.seats === 'number' ? b.seats : 10,
        deviceLimit: 3,
        expiresAt: '2099-01-01',
      },
      'cli',
    );
  },
  // Devices that stopped checking in (issue 23 item 2): activated with the key, then days pass for
  // them, where only the database can show it.
  '/silent-devices': async (b) => {
    const devices = b.devices as { email: string; device: string; days: number }[];
    for (const [i, d] of devices.entries()) {
      const issued = await requestJson<{ activationId: string }>(
        `${service.baseUrl}/api/v1/activations/by-key`,
        {
          body: {
            licenseKey: String(b.key),
            email: d.email,
            deviceId: `silent-${d.device.replaceAll(' ', '-').toLowerCase()}-0123456789`,
            deviceName: d.device,
            os: 'macOS 15',
            appVersion: '1.0.0',
          },
          from: clientAddress(i),
        },
      );
      if (issued.status !== 201) throw new Error(`activation ${d.device}: ${issued.status}`);
      const at = new Date(service.deps.clock.now().getTime() - d.days * 86_400_000).toISOString();
      await db
        .updateTable('activations')
        .set({ last_checkin_at: at })
        .where('id', '=', issued.body.activationId)
        .execute();
    }
    return {};
  },
  // Time gone by: the Dashboard's daily seat snapshots of the past `days` days, seats used growing
  // toward today's (what the hourly job would have written; the Dashboard spec, issue 23 item 5).
  '/seat-history': async (b) => {
    const accountId = String(b.accountId);
    const days = Number(b.days ?? 30);
    const licenses = await db
      .selectFrom('licenses')
      .select(['id', 'seats'])
      .where('account_id', '=', accountId)
      .execute();
    const today = Date.parse(new Date().toISOString().slice(0, 10));
    const rows = licenses.flatMap((l) =>
      Array.from({ length: days }, (_, i) => ({
        license_id: l.id,
        sublicense_id: '',
        day: new Date(today - (days - i) * 86_400_000).toISOString().slice(0, 10),
        account_id: accountId,
        seats_used: Math.round((l.seats * 0.9 * i) / days),
        seats_total: l.seats,
        taken_at: new Date().toISOString(),
      })),
    );
    if (rows.length) await db.insertInto('seat_snapshots').values(rows).execute();
    return { rows: rows.length };
  },
  // Devices used and left unused over months (the Usage spec), written as the service would have.
  '/usage-devices': async (b) => seedUsage(db, service.deps.clock, String(b.accountId)),
  // The vendor issues a key to no account (add-license without --account), for the customer to register.
  '/issue-key': async () =>
    issueLicenseKey(
      db,
      service.deps.clock,
      { edition: 'enterprise', seats: 20, deviceLimit: 3, expiresAt: '2099-01-01' },
      'cli',
    ),
  // A user's app activates by SSO (the browser step stands in: the same access decision and seat)
  // and checks in a few times (issue 23 item 6, the timeline spec).
  '/sso-device': async (b) => {
    const ctx = licensingContext(service.deps);
    const user = await db
      .selectFrom('account_users')
      .select('id')
      .where('account_id', '=', String(b.accountId))
      .where('email', '=', String(b.email))
      .executeTakeFirstOrThrow();
    const name = String(b.device);
    const issued = await activateDevice(ctx, String(b.accountId), user.id, {
      deviceId: `sso-${name.replace(/\W/g, '')}-0123456789`,
      deviceName: name,
      os: 'macOS 15',
      appVersion: '1.0.0',
    });
    for (let i = 0; i < Number(b.checkIns ?? 0); i += 1) await checkIn(ctx, issued.activationId, user.id);
    return { activationId: issued.activationId };
  },
  // A new device of a user asks for approval under a license that requires it (issue 26 item 4).
  '/approval-request': async (b) => {
    const user = await db
      .selectFrom('account_users')
      .select(['id', 'account_id'])
      .where('user_name', '=', String(b.email))
      .executeTakeFirstOrThrow();
    const name = String(b.device);
    const ticket = await requestApproval(db, service.deps.clock, {
      accountId: user.account_id,
      userId: user.id,
      licenseId: String(b.licenseId),
      device: {
        deviceId: `ask-${name.replace(/\W/g, '')}-0123456789`,
        deviceName: name,
        os: 'macOS 15.2',
        appVersion: '1.4.0',
      },
    });
    return { requestId: ticket.requestId };
  },
  // A tenant past every list's page size, written directly in the database (lists.spec.ts):
  // 5,100 users, their devices on a license of 10,000 seats, 3,000 log rows, 1,200 audit entries.
  '/list-tenant': async (b) => {
    const { account_id: accountId } = await db
      .selectFrom('account_users')
      .select('account_id')
      .where('user_name', '=', String(b.ownerEmail))
      .executeTakeFirstOrThrow();
    const license = await addLicense(
      db,
      service.deps.clock,
      { accountId, edition: 'business', seats: 10_000, deviceLimit: 3, expiresAt: '2099-01-01' },
      'cli',
    );
    return buildListTenant(db, accountId, license.id);
  },
  // What the service has emailed so far (the notifications spec).
  '/mail': async () => ({
    messages: smtp.messages.map((m) => ({ to: m.to, subject: m.subject, text: m.text, html: m.html })),
  }),
  // A detector's event (e.g. certificate.expiring), as the service would write it (the notifications spec).
  '/event': async (b) => {
    await writeEvent(db, service.deps.clock, String(b.accountId), b.event as NewEvent);
    return {};
  },
};

const control = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const reply = (status: number, body: unknown) =>
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  if (req.method === 'GET' && url.pathname === '/world')
    return reply(200, { serviceUrl: service.baseUrl, trustAnchorFile: service.trustAnchorFile });
  const call = req.method === 'POST' ? calls[url.pathname] : undefined;
  if (!call) return reply(404, { error: 'no such call' });
  jsonBody(req)
    .then(call)
    .then(
      (result) => reply(200, result),
      (err: unknown) => reply(500, { error: String(err) }),
    );
});
control.listen(controlPort, '127.0.0.1', () =>
  console.log(`console e2e world: service ${service.baseUrl}, control http://127.0.0.1:${controlPort}`),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    control.close();
    void Promise.all([service.close(), dns.close()]).then(() => process.exit(0));
  });
