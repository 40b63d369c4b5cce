import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient, uniqueDomain } from '../../../devtools/console-client.ts';
import { startDnsServer, type TestDnsServer } from '../../../devtools/dns-server.ts';
import { expiredCert, spacedCert, validCert } from '../../support/idp-certs.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { describeEachDatabase } from '../../support/suites.ts';

interface Step {
  number: number;
  key: string;
  title: string;
  state: 'gray' | 'green';
  missing: string[];
}
interface Integration {
  status: string;
  canActivate: boolean;
  steps: Step[];
  sp: { entityId: string; acsUrl: string; metadataUrl: string };
  idp: {
    entityId: string | null;
    ssoUrl: string | null;
    ssoBinding: string;
    certificates: { notAfter: string; fingerprintSha256: string }[];
  };
  backupLogin: { userId: string; email: string } | null;
}
interface ErrorBody {
  error: {
    code: string;
    message: string;
    field?: string;
    details?: { graySteps: { number: number; key: string }[] };
  };
}

const password = 'correct horse battery';

describeEachDatabase('configurator: the seven steps, activation and deactivation', (dialect) => {
  let dns: TestDnsServer;
  let service: TestService;

  beforeAll(async () => {
    dns = await startDnsServer();
    service = await startTestService(dialect, { dnsServer: dns.address });
  });
  afterAll(async () => {
    await service?.close();
    await dns?.close();
  });

  async function newAccount(label: string) {
    const client = new ConsoleClient(service.baseUrl);
    const email = `owner-${label}-${Date.now()}@${label}.example`;
    const accountId = await client.signUp(`${label} Inc`, email, password);
    expect((await client.login(email, password)).status).toBe(200);
    const state = async () => (await client.get<Integration>('/api/console/integration')).body;
    const step = async (key: string) => (await state()).steps.find((s) => s.key === key);
    return { client, email, accountId, state, step };
  }

  async function verifiedDomain(client: ConsoleClient) {
    const d = (
      await client.post<{ id: string; record: { host: string; value: string } }>('/api/console/domains', {
        domain: uniqueDomain(),
      })
    ).body;
    dns.setTxt(d.record.host, [d.record.value]);
    expect(
      (await client.post<{ verified: boolean }>(`/api/console/domains/${d.id}/verify`)).body.verified,
    ).toBe(true);
  }

  async function completeAllSteps(a: Awaited<ReturnType<typeof newAccount>>) {
    const { client } = a;
    await verifiedDomain(client);
    await client.put('/api/console/integration/steps/sp_registration', { done: true });
    await client.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Latchkey Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Latchkey Desktop Users', id: 'grp-desktop' },
    });
    await client.put('/api/console/integration/idp', {
      entityId: 'http://www.okta.com/exk9e0dec4GibQIX1697',
      ssoUrl: 'https://trial-5954938.okta.com/app/x/sso/saml',
      certificates: [validCert()],
    });
    await client.post('/api/console/scim-tokens', { label: 'Okta' });
    await client.put('/api/console/integration/steps/scim', { done: true });
    await client.put('/api/console/integration/steps/users_assigned', { done: true });
    const me = (await client.get<{ users: { id: string; email: string }[] }>('/api/console/users')).body
      .users;
    const owner = me.find((u) => u.email === a.email);
    await client.put('/api/console/integration/backup-login', { userId: owner?.id });
  }

  test('a new account starts with steps 1-6 gray, each saying what is missing, step 7 green with the signed-in owner as default backup login, and SP endpoints to enter in the IdP', async () => {
    const a = await newAccount('fresh');
    const s = await a.state();
    expect(s.status).toBe('inactive');
    expect(s.canActivate).toBe(false);
    expect(s.steps.map((x) => [x.number, x.key, x.state])).toEqual([
      [1, 'domains', 'gray'],
      [2, 'sp_registration', 'gray'],
      [3, 'group_mapping', 'gray'],
      [4, 'saml', 'gray'],
      [5, 'scim', 'gray'],
      [6, 'users_assigned', 'gray'],
      [7, 'backup_login', 'green'],
    ]);
    expect(s.steps.filter((x) => x.state === 'gray').every((x) => x.missing.length > 0)).toBe(true);
    // Titled as the guides title them (the console, the CLI and the dashboard read these).
    expect(s.steps.map((x) => x.title)).toEqual([
      "Configure Your Organization's Domain(s)",
      'Register Latchkey enterprise app',
      'Configure user groups mapping',
      'Configure SAML integration',
      'Configure SCIM integration',
      'Add users to the application groups',
      'Configure backup login',
    ]);
    expect(s.backupLogin?.email).toBe(a.email);
    expect(s.sp.entityId).toBe(`${service.baseUrl}/saml/${a.accountId}/metadata`);
    expect(s.sp.acsUrl).toBe(`${service.baseUrl}/saml/${a.accountId}/acs`);
  });

  test('a gray step asks for a tick by the label of the box on its page (issue 22 item 4)', async () => {
    const a = await newAccount('hints');
    const tick = 'tick "Configuration in the IdP Directory is done"';
    expect((await a.step('sp_registration'))?.missing).toEqual([tick]);
    await a.client.post('/api/console/scim-tokens', {});
    expect((await a.step('scim'))?.missing).toEqual([tick]);
    expect((await a.step('users_assigned'))?.missing).toContain(tick);
  });

  test('step 2 follows its tick', async () => {
    const a = await newAccount('tick');
    await a.client.put('/api/console/integration/steps/sp_registration', { done: true });
    expect((await a.step('sp_registration'))?.state).toBe('green');
    await a.client.put('/api/console/integration/steps/sp_registration', { done: false });
    expect((await a.step('sp_registration'))?.state).toBe('gray');
  });

  test('step 3 is green only with name and ID for both groups', async () => {
    const a = await newAccount('groups');
    const half = await a.client.put<ErrorBody>('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'a1' },
      desktopUsersGroup: { name: 'Desktop' },
    });
    expect(half.status).toBe(400);
    expect(half.body.error.field).toBe('desktopUsersGroup.id');
    expect((await a.step('group_mapping'))?.state).toBe('gray');
    await a.client.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'a1' },
      desktopUsersGroup: { name: 'Desktop', id: 'd1' },
    });
    expect((await a.step('group_mapping'))?.state).toBe('green');
  });

  test('step 4 needs entity ID, https SSO URL and a certificate that parses and has not expired', async () => {
    const a = await newAccount('saml');
    const base = { entityId: 'https://idp.example/entity', ssoUrl: 'https://idp.example/sso' };

    const http = await a.client.put<ErrorBody>('/api/console/integration/idp', {
      ...base,
      ssoUrl: 'http://idp.example/sso',
      certificates: [validCert()],
    });
    expect(http.status).toBe(400);
    expect(http.body.error).toMatchObject({ field: 'ssoUrl' });
    expect(http.body.error.message).toContain('https');

    const expired = await a.client.put<ErrorBody>('/api/console/integration/idp', {
      ...base,
      certificates: [validCert(), expiredCert()],
    });
    expect(expired.status).toBe(400);
    expect(expired.body.error).toMatchObject({ code: 'invalid_certificate', field: 'certificates.1' });
    expect(expired.body.error.message).toContain('expired on 2024-11-17');

    const garbage = await a.client.put<ErrorBody>('/api/console/integration/idp', {
      ...base,
      certificates: ['MIIBnotacertificate=='],
    });
    expect(garbage.status).toBe(400);
    expect(garbage.body.error.message).toContain('does not parse');

    // nothing of the refused saves was stored
    const still = await a.state();
    expect(still.idp).toMatchObject({ entityId: null, ssoUrl: null, certificates: [] });
    expect(still.steps.find((s) => s.key === 'saml')?.state).toBe('gray');

    // two certificates for rollover; one pasted with its base64 split by spaces
    const ok = await a.client.put<Integration>('/api/console/integration/idp', {
      ...base,
      certificates: [validCert(), spacedCert()],
    });
    expect(ok.status).toBe(200);
    expect(ok.body.idp.certificates).toHaveLength(2);
    expect(ok.body.idp.certificates[0]?.notAfter).toBe('2033-11-16T18:24:42.000Z');
    expect(ok.body.steps.find((s) => s.key === 'saml')?.state).toBe('green');

    const three = await a.client.put<ErrorBody>('/api/console/integration/idp', {
      ...base,
      certificates: [validCert(), validCert(), validCert()],
    });
    expect(three.status).toBe(400);
    expect(three.body.error.field).toBe('certificates');
  });

  test('step 5 needs a live SCIM token and its tick; the token is shown once and revocable', async () => {
    const a = await newAccount('scim');
    await a.client.put('/api/console/integration/steps/scim', { done: true });
    expect((await a.step('scim'))?.missing).toEqual(['a SCIM token']);
    const created = await a.client.post<{ id: string; token: string }>('/api/console/scim-tokens', {
      label: 'Entra',
    });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^lks_[A-Za-z0-9_-]{43}$/);
    expect(created.headers.get('cache-control')).toBe('no-store');
    expect((await a.step('scim'))?.state).toBe('green');

    const list = await a.client.get<{ scimBaseUrl: string; tokens: Record<string, unknown>[] }>(
      '/api/console/scim-tokens',
    );
    expect(list.body.scimBaseUrl).toBe(`${service.baseUrl}/scim/v2`);
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);

    expect((await a.client.delete(`/api/console/scim-tokens/${created.body.id}`)).status).toBe(204);
    expect((await a.step('scim'))?.state).toBe('gray');
    expect((await a.client.delete(`/api/console/scim-tokens/${created.body.id}`)).status).toBe(404);
  });

  test('step 6 needs its tick plus steps 3 and 5', async () => {
    const a = await newAccount('assign');
    await a.client.put('/api/console/integration/steps/users_assigned', { done: true });
    const s = await a.step('users_assigned');
    expect(s?.state).toBe('gray');
    expect(s?.missing).toEqual(['step 3 (group mapping)', 'step 5 (SCIM)']);
    await a.client.put('/api/console/integration/groups', {
      adminsGroup: { name: 'A', id: '1' },
      desktopUsersGroup: { name: 'D', id: '2' },
    });
    await a.client.post('/api/console/scim-tokens', {});
    await a.client.put('/api/console/integration/steps/scim', { done: true });
    expect((await a.step('users_assigned'))?.state).toBe('green');
  });

  test('step 7 needs a user of the account who has signed in; an unknown user is refused; cleared, it is gray', async () => {
    const a = await newAccount('backup');
    const users = (
      await a.client.get<{ users: { id: string; lastLoginAt: string | null }[] }>('/api/console/users')
    ).body.users;
    expect(users).toHaveLength(1);
    expect(users[0]?.lastLoginAt).not.toBeNull();
    const other = await newAccount('other');
    const foreign = (await other.client.get<{ users: { id: string }[] }>('/api/console/users')).body.users[0];
    const refused = await a.client.put<ErrorBody>('/api/console/integration/backup-login', {
      userId: foreign?.id,
    });
    expect(refused.status).toBe(404);
    expect((await a.step('backup_login'))?.state).toBe('green');
    await a.client.put('/api/console/integration/backup-login', { userId: null });
    expect((await a.step('backup_login'))?.state).toBe('gray');

    const set = await a.client.put<Integration>('/api/console/integration/backup-login', {
      userId: users[0]?.id,
    });
    expect(set.body.backupLogin?.email).toBe(a.email);
    expect(set.body.steps.find((s) => s.key === 'backup_login')?.state).toBe('green');
  });

  test('activate is refused with the list of gray steps; with all seven green it activates; deactivate always works', async () => {
    const a = await newAccount('activate');
    const refused = await a.client.post<ErrorBody>('/api/console/integration/activate');
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('steps_incomplete');
    expect(refused.body.error.details?.graySteps.map((s) => s.number)).toEqual([1, 2, 3, 4, 5, 6]);

    await completeAllSteps(a);
    await a.client.put('/api/console/integration/steps/scim', { done: false });
    const almost = await a.client.post<ErrorBody>('/api/console/integration/activate');
    expect(almost.body.error.details?.graySteps.map((s) => s.key)).toEqual(['scim', 'users_assigned']);
    expect((await a.state()).status).toBe('inactive');

    await a.client.put('/api/console/integration/steps/scim', { done: true });
    const active = await a.client.post<Integration>('/api/console/integration/activate');
    expect(active.status).toBe(200);
    expect(active.body.status).toBe('active');

    const off = await a.client.post<Integration>('/api/console/integration/deactivate');
    expect(off.body.status).toBe('inactive');
    // deactivate is allowed from any state, even twice
    expect((await a.client.post('/api/console/integration/deactivate')).status).toBe(200);

    const audit = await a.client.get<{ entries: { action: string; actor: string }[] }>('/api/console/audit');
    const actions = audit.body.entries.map((e) => e.action);
    expect(actions).toContain('integration.activated');
    expect(actions).toContain('integration.deactivated');
    expect(actions).toContain('integration.idp_set');
    expect(actions).toContain('scim_token.created');
    expect(
      audit.body.entries.every((e) => e.actor === `user:${a.email}` || e.actor.startsWith('user:')),
    ).toBe(true);
  });

  test('progress persists: a restarted service shows the same steps', async () => {
    const a = await newAccount('persist');
    await a.client.put('/api/console/integration/steps/sp_registration', { done: true });
    await a.client.put('/api/console/integration/groups', {
      adminsGroup: { name: 'A', id: '1' },
      desktopUsersGroup: { name: 'D', id: '2' },
    });
    const before = (await a.state()).steps.map((s) => s.state);
    // a second service node on the same database sees the same progress
    const second = await import('../../../backend/server.ts').then(async ({ startService }) => {
      const { createLogger } = await import('../../../backend/log.ts');
      return startService({ ...service.deps.config, port: 0 }, createLogger('silent'));
    });
    try {
      const viaSecond = new ConsoleClient(second.url);
      await viaSecond.login(a.email, password);
      const after = (await viaSecond.get<Integration>('/api/console/integration')).body.steps.map(
        (s) => s.state,
      );
      expect(after).toEqual(before);
      expect(after.slice(0, 3)).toEqual(['gray', 'green', 'green']);
    } finally {
      await second.stop();
    }
  });

  test("once active, the owner's password no longer bypasses SSO; the backup login still signs in", async () => {
    const a = await newAccount('sso-only');
    await completeAllSteps(a);
    await a.client.post('/api/console/integration/activate');
    const fresh = new ConsoleClient(service.baseUrl);
    const asBackup = await fresh.login(a.email, password);
    expect(asBackup.status).toBe(200);
    expect(asBackup.body.via).toBe('backup');

    await a.client.put('/api/console/integration/backup-login', { userId: null });
    const blocked = (await new ConsoleClient(service.baseUrl).login(a.email, password)) as unknown as {
      status: number;
      body: ErrorBody;
    };
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('sso_required');
    const wrong = await new ConsoleClient(service.baseUrl).login(a.email, 'not the password at all');
    expect(wrong.status).toBe(401);
  });
});

describeEachDatabase('configurator: step 4 from IdP metadata XML', (dialect) => {
  let service: TestService;
  beforeAll(async () => {
    service = await startTestService(dialect);
  });
  afterAll(async () => service?.close());

  const fixture = (f: string) =>
    readFileSync(new URL(`../../../../shared/fixtures/idp-metadata/${f}`, import.meta.url), 'utf8');

  test('importing Okta metadata fills step 4; JumpCloud switches to POST; an expired Entra file changes nothing', async () => {
    const client = new ConsoleClient(service.baseUrl);
    await client.signUp('Meta Inc', 'owner@meta.example', password);
    await client.login('owner@meta.example', password);
    const okta = await client.put<Integration & { import: { warnings: string[] } }>(
      '/api/console/integration/idp-metadata',
      {
        xml: fixture('okta-2.xml'),
      },
    );
    expect(okta.status).toBe(200);
    expect(okta.body.idp).toMatchObject({
      entityId: 'http://www.okta.com/exk9e0dec4GibQIX1697',
      ssoBinding: 'redirect',
    });
    expect(okta.body.steps.find((s) => s.key === 'saml')?.state).toBe('green');

    const jc = await client.put<Integration & { import: { warnings: string[] } }>(
      '/api/console/integration/idp-metadata',
      {
        xml: fixture('jumpcloud-1.xml'),
      },
    );
    expect(jc.body.idp.ssoBinding).toBe('post');
    expect(jc.body.import.warnings).toHaveLength(2);

    const entra = await client.put<ErrorBody>('/api/console/integration/idp-metadata', {
      xml: fixture('entra-1.xml'),
    });
    expect(entra.status).toBe(400);
    expect(entra.body.error).toMatchObject({ code: 'invalid_metadata', field: 'xml' });
    expect(entra.body.error.message).toContain('expired on 2026-11-16');
    const after = (await client.get<Integration>('/api/console/integration')).body;
    expect(after.idp.entityId).toBe('IdP Entity ID');
  });
});
