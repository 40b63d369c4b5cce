import { X509Certificate, verify } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFailure } from '../../../common/failure-codes.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { startDnsServer, type TestDnsServer } from '../../../devtools/dns-server.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { formOf } from '../../../devtools/html-forms.ts';
import { describeEachDatabase } from '../../support/suites.ts';

describeEachDatabase('SSO round trip over HTTP: console → dev IdP login form → ACS', (dialect) => {
  let service: TestService;
  let dns: TestDnsServer;
  let owner: ConsoleClient;

  beforeAll(async () => {
    dns = await startDnsServer();
    service = await startTestService(dialect, {
      mode: 'development',
      dnsServer: dns.address,
      env: { LATCHKEY_DEV_IDP: 'on' },
    });
    owner = new ConsoleClient(service.baseUrl);
    await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
    const domain = (
      await owner.post<{ id: string; record: { host: string; value: string } }>('/api/console/domains', {
        domain: 'acme.test',
      })
    ).body;
    dns.setTxt(domain.record.host, [domain.record.value]);
    await owner.post(`/api/console/domains/${domain.id}/verify`);
    const metadata = await (await fetch(`${service.baseUrl}/dev-idp/metadata`)).text();
    expect((await owner.put('/api/console/integration/idp-metadata', { xml: metadata })).status).toBe(200);
    await owner.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Latchkey Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Latchkey Desktop Users', id: 'grp-desktop' },
    });
    await owner.put('/api/console/integration/steps/sp_registration', { done: true });
    await owner.post('/api/console/scim-tokens', {});
    await owner.put('/api/console/integration/steps/scim', { done: true });
    await owner.put('/api/console/integration/steps/users_assigned', { done: true });
    const me = (await owner.get<{ users: { id: string }[] }>('/api/console/users')).body.users[0];
    await owner.put('/api/console/integration/backup-login', { userId: me?.id });
    expect((await owner.post('/api/console/integration/activate')).status).toBe(200);
  });
  afterAll(async () => {
    await service?.close();
    await dns?.close();
  });

  async function signIn(user: string, fault = 'none') {
    const start = await fetch(`${service.baseUrl}/api/console/sso/start?email=${encodeURIComponent(user)}`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(302);
    const idpUrl = start.headers.get('location') ?? '';
    expect(idpUrl).toContain('/dev-idp/sso?SAMLRequest=');
    const login = formOf(await (await fetch(idpUrl)).text());
    const posted = await fetch(service.baseUrl + login.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...login.fields, user, fault }).toString(),
    });
    const toAcs = formOf(await posted.text());
    expect(toAcs.action).toMatch(/\/saml\/[0-9a-f-]{36}\/acs$/);
    return fetch(toAcs.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(toAcs.fields).toString(),
      redirect: 'manual',
    });
  }

  test('SP metadata is downloadable and names the ACS', async () => {
    const accountId = (await owner.get<{ account: { id: string } }>('/api/console/me')).body.account.id;
    const res = await fetch(`${service.baseUrl}/saml/${accountId}/metadata`);
    expect(res.headers.get('content-type')).toContain('application/samlmetadata+xml');
    const xml = await res.text();
    expect(xml).toContain(`entityID="${service.baseUrl}/saml/${accountId}/metadata"`);
    expect(xml).toContain(`Location="${service.baseUrl}/saml/${accountId}/acs"`);
  });

  test('an admin signs in to the console through the IdP and gets a session', async () => {
    const acs = await signIn('alice@acme.test');
    expect(acs.status).toBe(303);
    const cookie =
      acs.headers
        .getSetCookie()
        .find((c) => c.startsWith('lk_session='))
        ?.split(';')[0] ?? '';
    const me = await fetch(`${service.baseUrl}/api/console/me`, { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ email: 'alice@acme.test', via: 'sso' });
    const log = await owner.get<{ attempts: { outcome: string; stage: string; email: string }[] }>(
      '/api/console/activation-log',
    );
    expect(log.body.attempts[0]).toMatchObject({
      outcome: 'success',
      stage: 'acs',
      email: 'alice@acme.test',
    });
  });

  test('a user outside the admins group is refused with the plain message and a reference in the log', async () => {
    const acs = await signIn('bob@acme.test');
    expect(acs.status).toBe(403);
    const html = await acs.text();
    expect(html).toContain(describeFailure('USER_NOT_IN_GROUP').userMessage.replace(/'/g, '&#39;'));
    const log = await owner.get<{ attempts: { id: number; code: string; stage: string }[] }>(
      '/api/console/activation-log',
    );
    expect(log.body.attempts[0]).toMatchObject({ code: 'USER_NOT_IN_GROUP', stage: 'entitlement' });
    expect(html).toContain(String(log.body.attempts[0]?.id));
  });

  test('a fault switched on in the dev IdP arrives as its code', async () => {
    const acs = await signIn('alice@acme.test', 'wrong-audience');
    // The catalog's status for a refused SAML answer: 401 (the IdP's answer did not authenticate).
    expect(acs.status).toBe(describeFailure('SAML_AUDIENCE_MISMATCH').httpStatus);
    expect(acs.status).toBe(401);
    expect(await acs.text()).toContain('SAML_AUDIENCE_MISMATCH');
    const log = await owner.get<{ attempts: { code: string; evidence: Record<string, unknown> }[] }>(
      '/api/console/activation-log',
    );
    expect(log.body.attempts[0]?.code).toBe('SAML_AUDIENCE_MISMATCH');
    expect(log.body.attempts[0]?.evidence.audiences).toEqual(['https://another-app.example/saml']);
  });

  test('an IdP that offers only HTTP-POST gets the AuthnRequest by an auto-submitted form', async () => {
    const metadata = await (await fetch(`${service.baseUrl}/dev-idp/metadata`)).text();
    // The dev IdP's metadata without its Redirect endpoint: POST-only, as JumpCloud publishes.
    const postOnly = metadata.replace(
      /<(\w+:)?SingleSignOnService[^>]*HTTP-Redirect[^>]*(\/>|><\/(\w+:)?SingleSignOnService>)/,
      '',
    );
    expect(postOnly).not.toContain('HTTP-Redirect');
    const imported = await owner.put<{ idp: { ssoBinding: string } }>(
      '/api/console/integration/idp-metadata',
      { xml: postOnly },
    );
    expect(imported.body.idp.ssoBinding).toBe('post');
    try {
      const start = await fetch(`${service.baseUrl}/api/console/sso/start?email=alice%40acme.test`, {
        redirect: 'manual',
      });
      expect(start.status).toBe(200);
      const form = formOf(await start.text());
      expect(form.action).toBe(`${service.baseUrl}/dev-idp/sso`);
      expect(Object.keys(form.fields)).toEqual(['SAMLRequest']);
      const login = await fetch(form.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form.fields).toString(),
      });
      expect(await login.text()).toContain('Latchkey dev IdP');
    } finally {
      await owner.put('/api/console/integration/idp-metadata', { xml: metadata });
    }
  });

  test('signed AuthnRequests verify with the SP certificate from our metadata; the SP key is sealed at rest', async () => {
    const accountId = (await owner.get<{ account: { id: string } }>('/api/console/me')).body.account.id;
    const set = await owner.put<{ sp: { signAuthnRequests: boolean } }>(
      '/api/console/integration/sp-options',
      {
        signAuthnRequests: true,
        encryptAssertions: false,
      },
    );
    expect(set.body.sp.signAuthnRequests).toBe(true);
    try {
      const metadata = await (await fetch(`${service.baseUrl}/saml/${accountId}/metadata`)).text();
      expect(metadata).toContain('AuthnRequestsSigned="true"');
      const certB64 = /<(?:\w+:)?X509Certificate>([^<]+)</.exec(metadata)?.[1] ?? '';
      const cert = new X509Certificate(Buffer.from(certB64.replace(/\s+/g, ''), 'base64'));
      const start = await fetch(`${service.baseUrl}/api/console/sso/start?email=alice%40acme.test`, {
        redirect: 'manual',
      });
      expect(start.status, await start.clone().text()).toBe(302);
      const location = start.headers.get('location') ?? '';
      const query = location.slice(location.indexOf('?') + 1);
      const parts = Object.fromEntries(
        query.split('&').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
      );
      expect(Object.keys(parts)).toEqual(['SAMLRequest', 'SigAlg', 'Signature']);
      // saml-bindings §3.4.4.1: the signature covers SAMLRequest=…&SigAlg=… as sent.
      const signed = `SAMLRequest=${parts.SAMLRequest}&SigAlg=${parts.SigAlg}`;
      const signature = Buffer.from(decodeURIComponent(parts.Signature ?? ''), 'base64');
      expect(verify('sha256', Buffer.from(signed), cert.publicKey, signature)).toBe(true);
      expect(verify('sha256', Buffer.from(signed + 'x'), cert.publicKey, signature)).toBe(false);
      const row = await service.deps.database.db
        .selectFrom('sp_keys')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirstOrThrow();
      expect(row.private_key_sealed).not.toContain('PRIVATE KEY');
      expect(row.private_key_sealed).toMatch(/^v1\./);
    } finally {
      await owner.put('/api/console/integration/sp-options', {
        signAuthnRequests: false,
        encryptAssertions: false,
      });
    }
  });

  test('with encrypted assertions on, the IdP encrypts to our metadata certificate and sign-in still works', async () => {
    await owner.put('/api/console/integration/sp-options', {
      signAuthnRequests: false,
      encryptAssertions: true,
    });
    try {
      const start = await fetch(`${service.baseUrl}/api/console/sso/start?email=alice%40acme.test`, {
        redirect: 'manual',
      });
      const login = formOf(await (await fetch(start.headers.get('location') ?? '')).text());
      const posted = await fetch(service.baseUrl + login.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...login.fields, user: 'alice@acme.test', fault: 'none' }).toString(),
      });
      const toAcs = formOf(await posted.text());
      const xml = Buffer.from(toAcs.fields.SAMLResponse ?? '', 'base64').toString('utf8');
      expect(xml).toContain('EncryptedAssertion');
      expect(xml).not.toContain('alice@acme.test');
      const acs = await fetch(toAcs.action, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(toAcs.fields).toString(),
        redirect: 'manual',
      });
      expect(acs.status).toBe(303);
      const log = await owner.get<{ attempts: { outcome: string; evidence: { encrypted?: boolean } }[] }>(
        '/api/console/activation-log',
      );
      expect(log.body.attempts[0]).toMatchObject({ outcome: 'success', evidence: { encrypted: true } });
    } finally {
      await owner.put('/api/console/integration/sp-options', {
        signAuthnRequests: false,
        encryptAssertions: false,
      });
    }
  });

  test('dev IdP switches: "replayed" re-posts the last response; "not-in-group" drops the admins group', async () => {
    expect((await signIn('alice@acme.test')).status).toBe(303);
    const replay = await signIn('alice@acme.test', 'replayed');
    expect(replay.status).toBe(401);
    expect(await replay.text()).toContain('SAML_REPLAYED');
    const outside = await signIn('alice@acme.test', 'not-in-group');
    expect(await outside.text()).toContain('USER_NOT_IN_GROUP');
  });

  test("discovery refusals: unknown domain → DOMAIN_NOT_REGISTERED page with the catalog's 404", async () => {
    const res = await fetch(`${service.baseUrl}/api/console/sso/start?email=someone@unregistered.example`, {
      redirect: 'manual',
    });
    expect(res.status).toBe(describeFailure('DOMAIN_NOT_REGISTERED').httpStatus);
    expect(res.status).toBe(404);
    expect(await res.text()).toContain('DOMAIN_NOT_REGISTERED');
  });
});

test('the dev IdP cannot be switched on in a production configuration', async () => {
  const { loadConfig } = await import('../../../backend/config.ts');
  expect(() => loadConfig({ LATCHKEY_DEV_IDP: 'on' })).toThrow(/only run with LATCHKEY_ENV=development/);
});
