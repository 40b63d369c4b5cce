// Issue 24 item 1, the detectors: certificate.expiring / expired, metadata.fetch_failed
// and scim.silent are each told once per state change, with the service's clock
// moved by hand; the detectors' lease runs them once per period.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { X509Certificate } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { certificateFor, createSelfSignedKeys, type KeyPair } from '../../../backend/crypto/self-signed.ts';
import { runDetectors, tickDetectors } from '../../../backend/integration/detectors-job.ts';
import { integrationContext } from '../../../backend/integration/integration-context.ts';
import { refreshMetadata } from '../../../backend/integration/metadata-url.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { accountEvents, handClock } from '../../support/event-schemas.ts';
import { createScimAccount, scimClient } from '../../support/scim-account.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const day = 86_400_000;
const hour = 3_600_000;
const quiet = { info: () => {}, warn: () => {} };
const der = (pem: string) => pem.replace(/-----[^-]+-----|\s+/g, '');

function metadataXml(certificatePem: string): string {
  return (
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="https://idp.detect.example/metadata">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
    `<md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${der(certificatePem)}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>` +
    `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.detect.example/sso"/>` +
    `</md:IDPSSODescriptor></md:EntityDescriptor>`
  );
}

describeEachDatabase('event detectors: once per state change', (dialect) => {
  const clock = handClock();
  let service: TestService;
  let server: Server;
  let serve = { status: 200, body: '' };
  let metadataUrl: string;
  let idpKeys: KeyPair;

  beforeAll(async () => {
    idpKeys = await createSelfSignedKeys('IdP detect', 825);
    server = createServer((_req, res) => res.writeHead(serve.status).end(serve.body));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    metadataUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metadata`;
    // The detectors' own timer is off: the test ticks them by hand.
    service = await startTestService(dialect, {
      mode: 'development',
      clock,
      env: { LATCHKEY_DETECT_EVERY_MINUTES: '0', LATCHKEY_METADATA_REFRESH_HOURS: '0' },
    });
  }, 60_000);
  afterAll(async () => {
    await service?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  const db = () => service.deps.database.db;
  const tick = (node = 'node-a') =>
    tickDetectors(db(), service.deps.clock, quiet, { everyMinutes: 15, node });
  const newAccount = async (name: string) => {
    const owner = new ConsoleClient(service.baseUrl);
    const email = `owner@${name}.example`;
    const accountId = await owner.signUp(name, email, 'correct horse battery');
    await owner.login(email, 'correct horse battery');
    return { owner, accountId };
  };
  const certificateEvents = async (accountId: string) =>
    (await accountEvents(db(), accountId))
      .filter((e) => e.type.startsWith('certificate.'))
      .map((e) => [e.type, e.data.daysLeft ?? null, e.data.fingerprint]);

  test('a certificate at 31 → 30 → 8 → 7 → 1 → 0 days is told at 30, 7, 1 and expired, once each; a renewed one starts over', async () => {
    const { accountId } = await newAccount('certwatch');
    const start = clock.now().getTime();
    const notAfter = new Date(Math.floor((start + 40 * day) / 1000) * 1000);
    const old = await certificateFor(idpKeys.privateKey, 'IdP 2026', {
      notBefore: new Date(start - day),
      notAfter,
    });
    const oldFp = new X509Certificate(old).fingerprint256;
    await db()
      .updateTable('idp_configs')
      .set({ certificates: JSON.stringify([old]) })
      .where('account_id', '=', accountId)
      .execute();
    const expected: [string, number | null, string][] = [];
    for (const [daysLeft, told] of [
      [31, null],
      [30, 30],
      [8, null],
      [7, 7],
      [1, 1],
      [0, 'expired'],
    ] as const) {
      clock.set(notAfter.getTime() - daysLeft * day);
      expect(await tick(), `the lease is due at ${daysLeft} days`).toBe(true);
      // Again at once: the lease is not due; a run without the lease tells nothing new either.
      expect(await tick('node-b')).toBe(false);
      await runDetectors(db(), service.deps.clock);
      if (told === 'expired') expected.push(['certificate.expired', null, oldFp]);
      else if (told !== null) expected.push(['certificate.expiring', told, oldFp]);
      expect(await certificateEvents(accountId), `${daysLeft} days left`).toEqual(expected);
    }
    // Days later: still nothing new about it.
    clock.advance(3 * day);
    await runDetectors(db(), service.deps.clock);
    expect(await certificateEvents(accountId)).toEqual(expected);

    // Renewed: the new certificate (30 days left) is told at 30; the old one is forgotten.
    const renewed = await certificateFor(idpKeys.privateKey, 'IdP 2027', {
      notBefore: new Date(clock.now().getTime() - day),
      notAfter: new Date(clock.now().getTime() + 30 * day),
    });
    await db()
      .updateTable('idp_configs')
      .set({ certificates: JSON.stringify([renewed]) })
      .where('account_id', '=', accountId)
      .execute();
    await runDetectors(db(), service.deps.clock);
    await runDetectors(db(), service.deps.clock);
    const events = await accountEvents(db(), accountId);
    const last = events.at(-1);
    expect(last).toMatchObject({
      type: 'certificate.expiring',
      data: {
        fingerprint: new X509Certificate(renewed).fingerprint256,
        subject: 'CN=IdP 2027',
        daysLeft: 30,
      },
    });
    expect(await certificateEvents(accountId)).toHaveLength(expected.length + 1);
    const states = await db()
      .selectFrom('detector_states')
      .select('subject')
      .where('account_id', '=', accountId)
      .execute();
    expect(states.map((s) => s.subject)).toEqual([
      `certificate:${new X509Certificate(renewed).fingerprint256}`,
    ]);
  });

  test('a metadata URL failing 3 times is told once; a good fetch ends the streak, the next failure is told again', async () => {
    const { owner, accountId } = await newAccount('metastreak');
    serve = { status: 200, body: metadataXml(idpKeys.certificate) };
    expect((await owner.put('/api/console/integration/idp-metadata-url', { url: metadataUrl })).status).toBe(
      200,
    );
    // What the scheduled re-fetch runs (LATCHKEY_METADATA_REFRESH_HOURS), hours apart.
    const refresh = () => refreshMetadata(integrationContext(service.deps), accountId, quiet);
    const failures = async () =>
      (await accountEvents(db(), accountId)).filter((e) => e.type === 'metadata.fetch_failed');

    serve = { status: 500, body: 'boom' };
    const since = clock.now().toISOString();
    for (let i = 0; i < 3; i++) {
      expect(await refresh()).toBe('failed');
      clock.advance(6 * hour);
    }
    expect((await failures()).map((e) => e.data)).toEqual([
      { url: metadataUrl, error: 'the metadata URL answered HTTP 500', failingSince: since },
    ]);

    serve = { status: 200, body: metadataXml(idpKeys.certificate) };
    expect(await refresh()).toBe('unchanged');
    expect(await failures()).toHaveLength(1);
    serve = { status: 503, body: '' };
    const again = clock.now().toISOString();
    expect(await refresh()).toBe('failed');
    expect(await refresh()).toBe('failed');
    expect((await failures()).map((e) => e.data.failingSince)).toEqual([since, again]);
  });

  test('SCIM active then silent 24 h is told once; a request, then silence again, is told again', async () => {
    const account = await createScimAccount(service.baseUrl, 'silence');
    const scim = scimClient(account.scimUrl, account.token);
    const silent = async () =>
      (await accountEvents(db(), account.accountId)).filter((e) => e.type === 'scim.silent');
    // A fresh account with no SCIM request yet is not "silent": it never was active.
    clock.advance(2 * day);
    await runDetectors(db(), service.deps.clock);
    expect(await silent()).toEqual([]);

    expect((await scim('GET', '/Users?count=1')).status).toBe(200);
    const first = clock.now().toISOString();
    clock.advance(23 * hour);
    await runDetectors(db(), service.deps.clock);
    expect(await silent()).toEqual([]);
    clock.advance(hour);
    await runDetectors(db(), service.deps.clock);
    clock.advance(5 * hour);
    await runDetectors(db(), service.deps.clock);
    expect((await silent()).map((e) => e.data)).toEqual([{ lastRequestAt: first, silentHours: 24 }]);

    expect((await scim('GET', '/Users?count=1')).status).toBe(200);
    const second = clock.now().toISOString();
    await runDetectors(db(), service.deps.clock);
    clock.advance(30 * hour);
    await runDetectors(db(), service.deps.clock);
    await runDetectors(db(), service.deps.clock);
    expect((await silent()).map((e) => e.data)).toEqual([
      { lastRequestAt: first, silentHours: 24 },
      { lastRequestAt: second, silentHours: 30 },
    ]);
  });
});
