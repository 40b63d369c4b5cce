// One scenario per failure code in the catalog, and the happy path. Each sets
// its cause up for real in a fresh world (a dev IdP fault switch, a SCIM
// change, a DNS record withdrawn and re-checked, seats or devices used up by
// real activations, an admin's revoke, the app without a keychain, a forged
// callback, a dead server) and then activates headless through the CLI.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FailureCode } from '../../common/failure-codes.ts';
import { browse } from '../scripted-browser.ts';
import { createPrivateCa, startCorpProxy, startTlsFront, type CorpProxy } from '../corporate-network.ts';
import type { CliRun } from './cli-run.ts';
import type { AcmeLicense, QaWorld } from './qa-world.ts';
import { scim, scimId } from './qa-world.ts';
import { deviceScenarios } from './device-scenarios.ts';
import { deviceCodeScenarios } from './device-code-scenarios.ts';
import {
  activateWithSso,
  appView,
  browserView,
  cliCommand,
  device,
  type BrowserTab,
  type UserView,
} from './scenario-steps.ts';
import { dpopScenarios } from './dpop-scenarios.ts';

export interface Scenario {
  name: string;
  /** null: the happy path. */
  code: FailureCode | null;
  /** The cause, as QA would set it up by hand. */
  cause: string;
  license?: Partial<AcmeLicense>;
  run(world: QaWorld): Promise<UserView>;
}

const alice = { email: 'alice@acme.test', idp: { user: 'alice@acme.test' } };

/** An anchor whose root never certified the world's keys (x: any 32 bytes; nobody holds its private half). */
const foreignAnchor = JSON.stringify({
  version: 1,
  serviceUrl: 'http://127.0.0.1:9',
  roots: [{ kty: 'OKP', crv: 'Ed25519', x: 'A'.repeat(43), kid: 'another-root' }],
});

/** The world's service under a company-internal name (its port), as a proxy would be asked for it. */
const internalUrl = (world: QaWorld) => `http://latchkey.corp.test:${new URL(world.service.url).port}`;

/** A real proxy for one scenario, resolving latchkey.corp.test to the service (split-horizon DNS). */
async function throughProxy(
  world: QaWorld,
  options: Parameters<typeof startCorpProxy>[0],
  run: (proxy: CorpProxy) => Promise<CliRun>,
): Promise<UserView> {
  const names = new Map([['latchkey.corp.test', Number(new URL(world.service.url).port)]]);
  const proxy = await startCorpProxy({ ...options, names });
  try {
    return appView(await run(proxy));
  } finally {
    await proxy.close();
  }
}

/** Alice at the dev IdP with one of its fault switches. */
const idpFault = (code: FailureCode, fault: string): Scenario => ({
  name: code.toLowerCase().replaceAll('_', '-'),
  code,
  cause: `the dev IdP's "${fault}" fault switch`,
  run: async (world) =>
    appView(await activateWithSso(world, device(world), { ...alice, idp: { ...alice.idp, fault } })),
});

async function activated(world: QaWorld, n: number, email = alice.email): Promise<void> {
  const run = await activateWithSso(world, device(world, n), { email, idp: { user: email } });
  if (run.exitCode !== 0) throw new Error(`setup: ${email} on device ${n} did not activate: ${run.stderr}`);
}

async function domainId(world: QaWorld, name: string): Promise<string> {
  const { domains } = (
    await world.owner.get<{ domains: { id: string; domain: string }[] }>('/api/console/domains')
  ).body;
  const found = domains.find((d) => d.domain === name);
  if (!found) throw new Error(`no domain ${name}`);
  return found.id;
}

const scimPatch = (ops: unknown[]) => ({
  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
  Operations: ops,
});

export const scenarios: Scenario[] = [
  {
    name: 'happy-path',
    code: null,
    cause: 'Alice, in the desktop-users group, signs in at the dev IdP',
    run: async (world) => appView(await activateWithSso(world, device(world), alice)),
  },
  {
    name: 'domain-not-registered',
    code: 'DOMAIN_NOT_REGISTERED',
    cause: 'an email whose domain no account has added',
    run: async (world) =>
      appView(await activateWithSso(world, device(world), { email: 'someone@unregistered.test' })),
  },
  {
    name: 'domain-not-verified',
    code: 'DOMAIN_NOT_VERIFIED',
    cause: "Acme's TXT record is withdrawn from DNS and the domain re-checked",
    run: async (world) => {
      world.dns.removeTxt('_latchkey-challenge.acme.test');
      const check = await world.owner.post(
        `/api/console/domains/${await domainId(world, 'acme.test')}/verify`,
      );
      if (check.status !== 200) throw new Error(`setup: re-check answered ${check.status}`);
      return appView(await activateWithSso(world, device(world), alice));
    },
  },
  {
    name: 'integration-not-active',
    code: 'INTEGRATION_NOT_ACTIVE',
    cause: 'the admin deactivates the IdP integration',
    run: async (world) => {
      const off = await world.owner.post('/api/console/integration/deactivate');
      if (off.status !== 200) throw new Error(`setup: deactivate answered ${off.status}`);
      return appView(await activateWithSso(world, device(world), alice));
    },
  },
  idpFault('SAML_SIGNATURE_INVALID', 'other-key'),
  {
    name: 'saml-cert-expired',
    code: 'SAML_CERT_EXPIRED',
    cause: 'the IdP certificate saved in step 4 has expired since (the dev IdP signs with its expired one)',
    run: async (world) => {
      const expired = await (await fetch(`${world.service.url}/dev-idp/expired-certificate.pem`)).text();
      const { idp } = (
        await world.owner.get<{ idp: { entityId: string; ssoUrl: string } }>('/api/console/integration')
      ).body;
      // Step 4 refuses an expired certificate; a development service judges it "as of" a day it was valid.
      const saved = await world.owner.put('/api/console/integration/idp', {
        entityId: idp.entityId,
        ssoUrl: idp.ssoUrl,
        certificates: [expired],
        asOf: '2020-06-01T00:00:00Z',
      });
      if (saved.status !== 200) throw new Error(`setup: step 4 answered ${saved.status}`);
      return appView(
        await activateWithSso(world, device(world), {
          ...alice,
          idp: { ...alice.idp, fault: 'expired-cert' },
        }),
      );
    },
  },
  idpFault('SAML_WEAK_ALGORITHM', 'sha1-signed'),
  idpFault('SAML_ISSUER_MISMATCH', 'wrong-issuer'),
  idpFault('SAML_AUDIENCE_MISMATCH', 'wrong-audience'),
  idpFault('SAML_DESTINATION_MISMATCH', 'wrong-destination'),
  idpFault('SAML_EXPIRED', 'expired'),
  idpFault('SAML_NOT_YET_VALID', 'not-yet-valid'),
  {
    name: 'saml-replayed',
    code: 'SAML_REPLAYED',
    cause: 'the dev IdP posts the answer of an earlier, finished sign-in once more',
    run: async (world) => {
      await activated(world, 1);
      const tab: BrowserTab = { lastPage: '' };
      const run = await activateWithSso(
        world,
        device(world, 2),
        { ...alice, idp: { ...alice.idp, fault: 'replayed' }, timeout: '3s' },
        tab,
      );
      // The answer names no sign-in the app waits for: the browser tab shows the refusal.
      return browserView(tab, run);
    },
  },
  {
    name: 'saml-unsolicited',
    code: 'SAML_UNSOLICITED',
    cause: 'the dev IdP posts an IdP-initiated answer the account does not allow',
    run: async (world) => {
      const tab: BrowserTab = { lastPage: '' };
      const run = await activateWithSso(
        world,
        device(world),
        { ...alice, idp: { ...alice.idp, fault: 'unsolicited' }, timeout: '3s' },
        tab,
      );
      return browserView(tab, run);
    },
  },
  // A well-formed answer with two assertions (samlify would take the first): still routed to the app.
  idpFault('SAML_MALFORMED', 'two-assertions'),
  {
    name: 'user-not-provisioned',
    code: 'USER_NOT_PROVISIONED',
    cause: 'the IdP deletes Carol over SCIM; she still signs in at the IdP',
    run: async (world) => {
      await scim(world, 'DELETE', `/Users/${await scimId(world, 'Users', 'userName eq "carol@acme.test"')}`);
      const carol = { email: 'carol@acme.test', idp: { user: 'carol@acme.test' } };
      return appView(await activateWithSso(world, device(world), carol));
    },
  },
  {
    name: 'user-deactivated',
    code: 'USER_DEACTIVATED',
    cause: 'the IdP deactivates Alice over SCIM (active false, as Okta sends it)',
    run: async (world) => {
      const id = await scimId(world, 'Users', 'userName eq "alice@acme.test"');
      await scim(world, 'PATCH', `/Users/${id}`, scimPatch([{ op: 'replace', value: { active: false } }]));
      return appView(await activateWithSso(world, device(world), alice));
    },
  },
  {
    name: 'user-not-in-group',
    code: 'USER_NOT_IN_GROUP',
    cause: 'the IdP removes Alice from the desktop-users group over SCIM',
    run: async (world) => {
      const user = await scimId(world, 'Users', 'userName eq "alice@acme.test"');
      const group = await scimId(world, 'Groups', 'displayName eq "Latchkey Desktop Users"');
      await scim(
        world,
        'PATCH',
        `/Groups/${group}`,
        scimPatch([{ op: 'remove', path: `members[value eq "${user}"]` }]),
      );
      return appView(await activateWithSso(world, device(world), alice));
    },
  },
  {
    name: 'groups-overage',
    code: 'GROUPS_OVERAGE',
    cause: 'Entra sends groups.link (over 150 groups) for Carol, and SCIM shows her in no desktop group',
    run: async (world) => {
      const carol = { email: 'carol@acme.test', idp: { user: 'carol@acme.test', fault: 'groups-overage' } };
      return appView(await activateWithSso(world, device(world), carol));
    },
  },
  {
    name: 'no-seats-available',
    code: 'NO_SEATS_AVAILABLE',
    cause: 'a 1-seat license whose seat Bob holds (he activated first)',
    license: { seats: 1 },
    run: async (world) => {
      await activated(world, 1, 'bob@acme.test');
      return appView(await activateWithSso(world, device(world, 2), alice));
    },
  },
  {
    name: 'license-expired',
    code: 'LICENSE_EXPIRED',
    cause: "the account's license ended yesterday",
    run: async (world) => {
      const yesterday = new Date(world.service.deps.clock.now().getTime() - 86_400_000).toISOString();
      // A license cannot be added already expired: this is the state it reaches with time.
      await world.service.deps.database.db
        .updateTable('licenses')
        .set({ expires_at: yesterday })
        .where('account_id', '=', world.accountId)
        .execute();
      return appView(await activateWithSso(world, device(world), alice));
    },
  },
  {
    name: 'device-limit-reached',
    code: 'DEVICE_LIMIT_REACHED',
    cause: 'a license of 1 device per user; Alice activated her first device, then tries a second',
    license: { deviceLimit: 1 },
    run: async (world) => {
      await activated(world, 1);
      return appView(await activateWithSso(world, device(world, 2), alice));
    },
  },
  {
    name: 'activation-revoked',
    code: 'ACTIVATION_REVOKED',
    cause: "the admin revokes Alice's device in the console; the app checks in",
    run: async (world) => {
      await activated(world, 1);
      const { activations } = (
        await world.owner.get<{ activations: { id: string }[] }>('/api/console/activations')
      ).body;
      for (const a of activations) await world.owner.post(`/api/console/activations/${a.id}/revoke`);
      return appView(await cliCommand(world, device(world, 1), 'check-in'));
    },
  },
  {
    name: 'device-reclaimed',
    code: 'DEVICE_RECLAIMED',
    cause:
      "the license releases devices silent for 30 days; Alice's Mac has not checked in for 45, the admin presses Release now; the app checks in",
    run: async (world) => {
      await activated(world, 1);
      const { licenses } = (await world.owner.get<{ licenses: { id: string }[] }>('/api/console/licenses'))
        .body;
      const licenseId = licenses[0]?.id ?? '';
      const policy = await world.owner.put(`/api/console/licenses/${licenseId}/reclamation`, {
        silentDays: 30,
      });
      if (policy.status !== 200) throw new Error(`setup: the policy answered ${policy.status}`);
      // Days passing without a check-in, where only the database can show them.
      const then = new Date(world.service.deps.clock.now().getTime() - 45 * 86_400_000).toISOString();
      await world.service.deps.database.db
        .updateTable('activations')
        .set({ last_checkin_at: then })
        .where('account_id', '=', world.accountId)
        .execute();
      await world.owner.post(`/api/console/licenses/${licenseId}/reclamation/run`);
      return appView(await cliCommand(world, device(world, 1), 'check-in'));
    },
  },
  {
    name: 'sign-in-expired',
    code: 'SIGN_IN_EXPIRED',
    cause:
      'step 5 set to "without SCIM"; Alice activated, and her last SSO sign-in is now 8 days old (the default window is 7); the app checks in',
    run: async (world) => {
      const jit = await world.owner.put('/api/console/integration/provisioning', { mode: 'jit' });
      if (jit.status !== 200) throw new Error(`setup: step 5 answered ${jit.status}`);
      await activated(world, 1);
      // Days passing since the sign-in, where only the database can show them.
      const then = new Date(world.service.deps.clock.now().getTime() - 8 * 86_400_000).toISOString();
      const { db } = world.service.deps.database;
      const alice = await db
        .selectFrom('account_users')
        .select('id')
        .where('account_id', '=', world.accountId)
        .where('user_name_key', '=', 'alice@acme.test')
        .executeTakeFirstOrThrow();
      await db.updateTable('sign_in_claims').set({ seen_at: then }).where('user_id', '=', alice.id).execute();
      await db
        .updateTable('sso_sign_ins')
        .set({ signed_in_at: then })
        .where('user_id', '=', alice.id)
        .execute();
      return appView(await cliCommand(world, device(world, 1), 'check-in'));
    },
  },
  {
    name: 'server-unreachable',
    code: 'SERVER_UNREACHABLE',
    cause: 'the app is pointed at a server address where nothing listens',
    run: async (world) =>
      appView(await activateWithSso(world, device(world), { ...alice, serverUrl: 'http://127.0.0.1:9' })),
  },
  {
    name: 'license-untrusted',
    code: 'LICENSE_UNTRUSTED',
    cause: "the app is a build for another root: the service's signing key is not certified by it",
    run: async (world) =>
      appView(
        await activateWithSso(world, device(world, 1, { LATCHKEY_TRUST_ANCHOR: foreignAnchor }), alice),
      ),
  },
  {
    name: 'keychain-unavailable',
    code: 'KEYCHAIN_UNAVAILABLE',
    cause: 'the app runs without a Secret Service session (no session bus)',
    run: async (world) =>
      appView(await activateWithSso(world, device(world, 1, { DBUS_SESSION_BUS_ADDRESS: undefined }), alice)),
  },
  {
    name: 'data-folder-unwritable',
    code: 'DATA_FOLDER_UNWRITABLE',
    cause:
      "the app's data folder is a path through a file: it cannot be created (checked before the browser opens)",
    run: async (world) => {
      const file = join(world.scratch, 'a-file');
      await writeFile(file, 'not a folder');
      return appView(
        await activateWithSso(world, { ...device(world), dataDir: join(file, 'latchkey') }, alice),
      );
    },
  },
  {
    name: 'browser-cancelled',
    code: 'BROWSER_CANCELLED',
    cause: 'nobody finishes the sign-in in the browser before the timeout',
    run: async (world) =>
      appView(await activateWithSso(world, device(world), { email: alice.email, timeout: '2s' })),
  },
  {
    name: 'state-mismatch',
    code: 'STATE_MISMATCH',
    cause: "a callback to the app's loopback address with a state the app did not issue",
    run: async (world) =>
      appView(
        await activateWithSso(world, device(world), {
          email: alice.email,
          onLink: async (link) => {
            const redirectUri = new URL(link).searchParams.get('redirect_uri') ?? '';
            await fetch(`${redirectUri}?code=forged&state=not-the-apps`);
          },
        }),
      ),
  },
  {
    name: 'internal-error',
    code: 'INTERNAL_ERROR',
    cause:
      "a defect in the app's check-in (LATCHKEY_QA_FAULT=check-in-defect throws a TypeError there): failed with its own code, not offline",
    run: async (world) => {
      await activated(world, 1);
      return appView(
        await cliCommand(world, device(world, 1, { LATCHKEY_QA_FAULT: 'check-in-defect' }), 'check-in'),
      );
    },
  },
  {
    name: 'sign-in-response-invalid',
    code: 'SIGN_IN_RESPONSE_INVALID',
    cause:
      "the authorization request altered on its way (its nonce replaced): the service issues a real ID token for that nonce, the callback keeps the app's state, and openid-client refuses the ID token",
    run: async (world) =>
      appView(
        await activateWithSso(world, device(world), {
          email: alice.email,
          onLink: async (link) => {
            const altered = new URL(link);
            altered.searchParams.set('nonce', 'not-the-apps-nonce');
            await browse(altered.href, alice.idp.user);
          },
        }),
      ),
  },
  // Issue 26 item 3: tokens bound to the device key.
  ...dpopScenarios,
  // Issue 25 item 4: the company network between the app and the service (devtools/corporate-network.ts).
  // The service is reached under an internal name that only the proxy resolves: loopback never
  // goes through a proxy, so 127.0.0.1 would bypass it.
  {
    name: 'proxy-unreachable',
    code: 'PROXY_UNREACHABLE',
    cause: 'HTTPS_PROXY and HTTP_PROXY name a proxy where nothing listens',
    run: async (world) =>
      appView(
        await activateWithSso(
          world,
          device(world, 1, { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9' }),
          { ...alice, serverUrl: internalUrl(world) },
        ),
      ),
  },
  {
    name: 'proxy-auth-required',
    code: 'PROXY_AUTH_REQUIRED',
    cause: 'a proxy that requires Basic auth (407), named without credentials',
    run: (world) =>
      throughProxy(world, { auth: { user: 'qa', password: 'qa-secret' } }, (proxy) =>
        activateWithSso(world, device(world, 1, { HTTP_PROXY: proxy.url }), {
          ...alice,
          serverUrl: internalUrl(world),
        }),
      ),
  },
  {
    name: 'proxy-refused',
    code: 'PROXY_REFUSED',
    cause: 'the proxy is asked to tunnel to a host it cannot resolve (it answers 404)',
    run: (world) =>
      throughProxy(world, {}, (proxy) =>
        activateWithSso(world, device(world, 1, { HTTP_PROXY: proxy.url }), {
          ...alice,
          serverUrl: 'http://nowhere.corp.test:8787',
        }),
      ),
  },
  {
    name: 'pac-unreadable',
    code: 'PAC_UNREADABLE',
    cause: 'LATCHKEY_PAC_URL names a PAC file where nothing listens',
    run: async (world) =>
      appView(
        await activateWithSso(world, device(world, 1, { LATCHKEY_PAC_URL: 'http://127.0.0.1:9/proxy.pac' }), {
          ...alice,
          serverUrl: internalUrl(world),
        }),
      ),
  },
  {
    name: 'certificate-not-trusted',
    code: 'CERTIFICATE_NOT_TRUSTED',
    cause:
      "the service behind an HTTPS front whose certificate a private CA issued, not in the device's store",
    run: async (world) => {
      const ca = await createPrivateCa('QA Inspection CA');
      const front = await startTlsFront('license.corp.test', ca, () =>
        Number(new URL(world.service.url).port),
      );
      try {
        return appView(
          await activateWithSso(world, device(world), {
            ...alice,
            serverUrl: `https://127.0.0.1:${front.port}`,
          }),
        );
      } finally {
        await front.close();
      }
    },
  },
  ...deviceScenarios,
  ...deviceCodeScenarios,
];
