// Test connection over real HTTP: the console starts an SP-initiated sign-in,
// the dev IdP's login page answers, the ACS verifies it as for a real sign-in
// and records the outcome for the IdP Integration page — with the integration
// not active yet, signing nobody in, creating nobody, and only for a test the
// signed-in admin's own account started.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { describeFailure } from '../../../common/failure-codes.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { formOf } from '../../../devtools/html-forms.ts';
import { validCert } from '../../support/idp-certs.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface TestView {
  last: null | {
    result: 'accepted' | 'refused';
    at: string;
    startedBy: string;
    nameId?: string;
    profile?: { email: string | null; externalId: string | null };
    attributes?: Record<string, string[]>;
    groups?: string[];
    groupMatch?: { admins: { matched: boolean }; desktopUsers: { matched: boolean } };
    provisionedUser?: unknown;
    code?: string;
    check?: string;
    remedy?: string;
    evidence?: Record<string, unknown>;
  };
  pendingSince: string | null;
}

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

describeEachDatabase('Test connection: a real sign-in at the IdP that signs nobody in', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let accountId: string;
  let devMetadata: string;

  beforeAll(async () => {
    service = await startTestService(dialect, { mode: 'development', env: { LATCHKEY_DEV_IDP: 'on' } });
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
    devMetadata = await (await fetch(`${service.baseUrl}/dev-idp/metadata`)).text();
    expect((await owner.put('/api/console/integration/idp-metadata', { xml: devMetadata })).status).toBe(200);
    await owner.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Latchkey Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Latchkey Desktop Users', id: 'grp-desktop' },
    });
  });
  afterAll(async () => service?.close());

  /** Starts a test and signs in at the dev IdP: the IdP's auto-post form to our ACS. */
  async function answerFromIdp(user: string, fault = 'none') {
    const start = await owner.post<{ binding: string; url: string }>(
      '/api/console/integration/test-connection',
    );
    expect(start.status).toBe(200);
    expect(start.body.binding).toBe('redirect');
    expect(start.body.url).toContain('/dev-idp/sso?SAMLRequest=');
    const login = formOf(await (await fetch(start.body.url)).text());
    const posted = await fetch(service.baseUrl + login.action, form({ ...login.fields, user, fault }));
    const toAcs = formOf(await posted.text());
    expect(toAcs.action).toBe(`${service.baseUrl}/saml/${accountId}/acs`);
    return toAcs;
  }

  const view = async () => (await owner.get<TestView>('/api/console/integration/test-connection')).body;
  const userCount = async () =>
    (
      await service.deps.database.db
        .selectFrom('account_users')
        .select('id')
        .where('account_id', '=', accountId)
        .execute()
    ).length;

  test('accepted as whom, with which groups against step 3 — while the integration is not active', async () => {
    const users = await userCount();
    const toAcs = await answerFromIdp('alice@acme.test');
    const acs = await fetch(toAcs.action, form(toAcs.fields));
    expect(acs.status).toBe(303);
    expect(acs.headers.get('location')).toBe('/console/integration');
    expect(acs.headers.getSetCookie().some((c) => c.startsWith('lk_session='))).toBe(false);

    const { last, pendingSince } = await view();
    expect(pendingSince).toBeNull();
    expect(last).toMatchObject({
      result: 'accepted',
      startedBy: 'owner@acme.test',
      nameId: 'alice@acme.test',
      profile: { email: 'alice@acme.test', externalId: 'oid-alice' },
      groupMatch: { admins: { matched: true }, desktopUsers: { matched: true } },
      // Alice was never provisioned here (no SCIM): the test says so, and creates nobody.
      provisionedUser: null,
    });
    expect(last?.groups).toEqual(expect.arrayContaining(['grp-admins', 'grp-desktop']));
    expect(Object.keys(last?.attributes ?? {})).toContain(
      'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups',
    );
    expect(JSON.stringify(last)).not.toMatch(/SignatureValue|<saml|BEGIN CERTIFICATE/);
    expect(await userCount()).toBe(users);
    expect((await owner.get<{ status: string }>('/api/console/integration')).body.status).toBe('inactive');
    const audit = await owner.get<{ entries: { action: string }[] }>('/api/console/audit');
    expect(audit.body.entries.map((e) => e.action).slice(0, 2)).toEqual([
      'integration.test_connection.accepted',
      'integration.test_connection.started',
    ]);

    // Bob is in the desktop-users group only: the page shows the admins group unmatched.
    const bob = await answerFromIdp('bob@acme.test');
    expect((await fetch(bob.action, form(bob.fields))).status).toBe(303);
    expect((await view()).last).toMatchObject({
      nameId: 'bob@acme.test',
      groupMatch: { admins: { matched: false }, desktopUsers: { matched: true } },
    });
  });

  test('a test answer cannot sign anyone in, and replayed it is refused (SAML_REPLAYED), the outcome kept', async () => {
    const toAcs = await answerFromIdp('alice@acme.test');
    expect((await fetch(toAcs.action, form(toAcs.fields))).status).toBe(303);
    const recorded = (await view()).last;
    const replay = await fetch(toAcs.action, form(toAcs.fields));
    expect(replay.status).toBe(401); // the catalog's status for a refused SAML answer
    expect(await replay.text()).toContain('SAML_REPLAYED');
    expect(replay.headers.getSetCookie().some((c) => c.startsWith('lk_session='))).toBe(false);
    expect((await view()).last).toEqual(recorded);
    const row = await service.deps.database.db
      .selectFrom('saml_requests')
      .select(['purpose', 'result_user_id', 'used_at'])
      .where('account_id', '=', accountId)
      .where('purpose', '=', 'test')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    // Spent, and never turned into a sign-in an activation's interaction could finish with.
    expect(row).toMatchObject({ purpose: 'test', result_user_id: null });
    expect(row.used_at).not.toBeNull();
  });

  test('a wrong certificate in step 4: SAML_SIGNATURE_INVALID recorded with its evidence and the remedy', async () => {
    const idp = (await owner.get<{ idp: { entityId: string; ssoUrl: string } }>('/api/console/integration'))
      .body.idp;
    expect(
      (
        await owner.put('/api/console/integration/idp', {
          entityId: idp.entityId,
          ssoUrl: idp.ssoUrl,
          certificates: [validCert()],
        })
      ).status,
    ).toBe(200);
    try {
      const toAcs = await answerFromIdp('alice@acme.test');
      const acs = await fetch(toAcs.action, form(toAcs.fields));
      expect(acs.status).toBe(303);
      expect(acs.headers.get('location')).toBe('/console/integration');
      const { last } = await view();
      expect(last).toMatchObject({
        result: 'refused',
        code: 'SAML_SIGNATURE_INVALID',
        check: 'signature',
        remedy: describeFailure('SAML_SIGNATURE_INVALID').adminRemedy,
      });
      // The SAML facts as the activation log shows them: who sent it, for whom, answering what.
      expect(last?.evidence).toMatchObject({
        responseIssuer: idp.entityId,
        destination: toAcs.action,
      });
      expect(last?.evidence?.claimedInResponseTo).toMatch(/.+/);
      expect(JSON.stringify(last)).not.toMatch(/SignatureValue|<saml|BEGIN CERTIFICATE/);
      const audit = await owner.get<{ entries: { action: string; detail: { code?: string } }[] }>(
        '/api/console/audit',
      );
      expect(audit.body.entries[0]).toMatchObject({
        action: 'integration.test_connection.refused',
        detail: { code: 'SAML_SIGNATURE_INVALID' },
      });
    } finally {
      await owner.put('/api/console/integration/idp-metadata', { xml: devMetadata });
    }
  });

  test('no IdP-initiated test: an answer to no request leaves the pending test waiting', async () => {
    await answerFromIdp('alice@acme.test');
    const before = await view();
    expect(before.pendingSince).not.toBeNull();
    // The dev IdP's "unsolicited" switch: no InResponseTo (IdP-initiated), which this account refuses.
    const login = formOf(
      await (
        await fetch((await owner.post<{ url: string }>('/api/console/integration/test-connection')).body.url)
      ).text(),
    );
    const posted = await fetch(
      service.baseUrl + login.action,
      form({ ...login.fields, user: 'alice@acme.test', fault: 'unsolicited' }),
    );
    const toAcs = formOf(await posted.text());
    const acs = await fetch(toAcs.action, form(toAcs.fields));
    expect(acs.status).toBe(401);
    expect(await acs.text()).toContain('SAML_UNSOLICITED');
    const after = await view();
    expect(after.last).toEqual(before.last);
    expect(after.pendingSince).not.toBeNull();
  });

  test('an IdP that offers only HTTP-POST: our page posts the AuthnRequest on, once, for its admin only', async () => {
    const postOnly = devMetadata.replace(
      /<(\w+:)?SingleSignOnService[^>]*HTTP-Redirect[^>]*(\/>|><\/(\w+:)?SingleSignOnService>)/,
      '',
    );
    await owner.put('/api/console/integration/idp-metadata', { xml: postOnly });
    const other = new ConsoleClient(service.baseUrl);
    await other.signUp('Globex', 'owner@globex.test', 'correct horse battery');
    await other.login('owner@globex.test', 'correct horse battery');
    try {
      const start = await owner.post<{ binding: string; url: string }>(
        '/api/console/integration/test-connection',
      );
      expect(start.body.binding).toBe('post');
      expect((await other.get(start.body.url)).status).toBe(404);
      const page = await owner.get<string>(start.body.url);
      expect(page.status).toBe(200);
      const toIdp = formOf(page.body);
      expect(toIdp.action).toBe(`${service.baseUrl}/dev-idp/sso`);
      expect((await owner.get(start.body.url)).status).toBe(404);
      const login = formOf(await (await fetch(toIdp.action, form(toIdp.fields))).text());
      const posted = await fetch(
        service.baseUrl + login.action,
        form({ ...login.fields, user: 'alice@acme.test', fault: 'none' }),
      );
      const toAcs = formOf(await posted.text());
      expect((await fetch(toAcs.action, form(toAcs.fields))).status).toBe(303);
      expect((await view()).last).toMatchObject({ result: 'accepted', nameId: 'alice@acme.test' });
    } finally {
      await owner.put('/api/console/integration/idp-metadata', { xml: devMetadata });
    }
  });

  test("another account's admin neither sees this account's test nor starts one for it", async () => {
    const toAcs = await answerFromIdp('alice@acme.test');
    expect((await fetch(toAcs.action, form(toAcs.fields))).status).toBe(303);
    const other = new ConsoleClient(service.baseUrl);
    await other.signUp('Initech', 'owner@initech.test', 'correct horse battery');
    await other.login('owner@initech.test', 'correct horse battery');
    expect((await other.get<TestView>('/api/console/integration/test-connection')).body).toEqual({
      last: null,
      pendingSince: null,
    });
    // Its own account has no IdP yet: nothing starts, and nothing of Acme's is touched.
    const start = await other.post<{ error: { code: string } }>('/api/console/integration/test-connection');
    expect(start.status).toBe(409);
    expect(start.body.error.code).toBe('idp_not_configured');
    // Without a session, or without the CSRF token, nothing starts either.
    const anonymous = await fetch(`${service.baseUrl}/api/console/integration/test-connection`, {
      method: 'POST',
    });
    expect([401, 403]).toContain(anonymous.status);
    const noCsrf = await owner.raw('POST', '/api/console/integration/test-connection');
    expect(noCsrf.status).toBe(403);
    expect((await view()).last).toMatchObject({ result: 'accepted' });
  });
});
