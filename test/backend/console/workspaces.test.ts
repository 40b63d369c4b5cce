// Workspaces (issue 22 item 1): one person administers two business accounts.
// One browser session holds a grant per account, each earned by its own
// sign-in; every console API call reads the workspace its Latchkey-Workspace
// header names, and only that one — through the real HTTP API, the dev IdP
// and SCIM.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ConsoleClient, uniqueDomain } from '../../../devtools/console-client.ts';
import { formOf } from '../../../devtools/html-forms.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const ownerEmail = 'owner@acme.test';
const ownerPassword = 'correct horse battery';

interface MeBody {
  email: string;
  via: string;
  account: { id: string; name: string };
  workspaces: { accountId: string; name: string; via: string; email: string }[];
}

describeEachDatabase('workspaces: one admin, two business accounts', (dialect) => {
  let world: SsoWorld;
  let acme: string;
  let beta: string;
  let betaDomain: string;

  beforeAll(async () => {
    // Acme: SSO active, alice and the others pushed over SCIM, a 5-seat license; the owner is its backup login.
    world = await startSsoWorld(dialect);
    acme = world.accountId;
    // Beta: the same person signs a second account up with the same email and password.
    const signUp = new ConsoleClient(world.service.baseUrl);
    beta = await signUp.signUp('Beta', ownerEmail, ownerPassword);
    expect((await signUp.login(ownerEmail, ownerPassword)).status).toBe(200);
    betaDomain = uniqueDomain('beta');
    const added = await signUp.raw('POST', '/api/console/domains', {
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': await signUp.csrf(),
        'latchkey-workspace': beta,
      },
      body: JSON.stringify({ domain: betaDomain }),
    });
    expect(added.status).toBe(201);
  });
  afterAll(async () => world?.close());

  /** A console call for one workspace, as the console's client makes it. */
  async function inWorkspace<T>(client: ConsoleClient, accountId: string | null, path: string) {
    const res = await client.raw('GET', path, {
      headers: accountId ? { 'latchkey-workspace': accountId } : {},
    });
    return res as { status: number; body: T };
  }

  test('one sign-in by email and password opens both accounts as workspaces of one session', async () => {
    const browser = new ConsoleClient(world.service.baseUrl);
    const login = await browser.login(ownerEmail, ownerPassword);
    expect(login.status).toBe(200);
    expect(login.body.accountIds).toEqual(expect.arrayContaining([acme, beta]));

    const me = await inWorkspace<MeBody>(browser, null, '/api/console/me');
    expect(me.status).toBe(200);
    expect(me.body.workspaces.map((w) => w.name).sort()).toEqual(['Acme', 'Beta']);
    expect(me.body.workspaces.find((w) => w.accountId === acme)).toMatchObject({
      via: 'backup',
      email: ownerEmail,
    });
    expect(me.body.workspaces.find((w) => w.accountId === beta)).toMatchObject({
      via: 'password',
      email: ownerEmail,
    });
    expect((await inWorkspace<MeBody>(browser, beta, '/api/console/me')).body.account.name).toBe('Beta');
    expect((await inWorkspace<MeBody>(browser, acme, '/api/console/me')).body.account.name).toBe('Acme');
  });

  test("each call returns only its workspace's data: users, licenses, integration, domains, activation log, audit", async () => {
    const browser = new ConsoleClient(world.service.baseUrl);
    expect((await browser.login(ownerEmail, ownerPassword)).status).toBe(200);
    const read = async (accountId: string) => ({
      users: (
        await inWorkspace<{ users: { email: string | null }[] }>(browser, accountId, '/api/console/users')
      ).body.users.map((u) => u.email),
      licenses: (await inWorkspace<{ licenses: unknown[] }>(browser, accountId, '/api/console/licenses')).body
        .licenses.length,
      status: (await inWorkspace<{ status: string }>(browser, accountId, '/api/console/integration')).body
        .status,
      domains: (
        await inWorkspace<{ domains: { domain: string }[] }>(browser, accountId, '/api/console/domains')
      ).body.domains.map((d) => d.domain),
      attempts: (
        await inWorkspace<{ attempts: unknown[] }>(browser, accountId, '/api/console/activation-log')
      ).body.attempts.length,
      audit: (
        await inWorkspace<{ entries: { action: string; target: string | null }[] }>(
          browser,
          accountId,
          '/api/console/audit',
        )
      ).body.entries,
    });
    const a = await read(acme);
    const b = await read(beta);
    expect(a.users).toContain('alice@acme.test');
    expect(b.users).toEqual([ownerEmail]);
    expect([a.licenses, b.licenses]).toEqual([1, 0]);
    expect([a.status, b.status]).toEqual(['active', 'inactive']);
    expect(a.domains).toEqual(['acme.test']);
    expect(b.domains).toEqual([betaDomain]);
    // Acme's log holds the dev IdP's sign-ins of its setup; Beta never had one.
    expect(b.attempts).toBe(0);
    expect(a.audit.some((e) => e.action === 'integration.activated')).toBe(true);
    expect(b.audit.some((e) => e.action === 'integration.activated')).toBe(false);
    expect(b.audit.some((e) => e.target === betaDomain)).toBe(true);
    expect(a.audit.some((e) => e.target === betaDomain)).toBe(false);
  });

  test('a workspace the session holds no grant for is refused with a 403 in the API format', async () => {
    const browser = new ConsoleClient(world.service.baseUrl);
    // Signed in to Beta only (the account picked at sign-in).
    const login = await browser.post('/api/console/login', {
      email: ownerEmail,
      password: ownerPassword,
      accountId: beta,
    });
    expect(login.status).toBe(200);
    for (const path of ['/api/console/users', '/api/console/me', '/api/console/licenses']) {
      const res = await inWorkspace<{ error: { code: string } }>(browser, acme, path);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('workspace_not_granted');
    }
    const other = await inWorkspace<{ error: { code: string } }>(
      browser,
      crypto.randomUUID(),
      '/api/console/users',
    );
    expect([other.status, other.body.error.code]).toEqual([403, 'workspace_not_granted']);
    const malformed = await inWorkspace<{ error: { code: string } }>(
      browser,
      'not-an-id',
      '/api/console/users',
    );
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'invalid_workspace']);
  });

  test('leaving one workspace keeps the other; signing out ends both', async () => {
    const browser = new ConsoleClient(world.service.baseUrl);
    expect((await browser.login(ownerEmail, ownerPassword)).status).toBe(200);
    const leave = await browser.raw('POST', '/api/console/workspace/leave', {
      headers: { 'x-csrf-token': await browser.csrf(), 'latchkey-workspace': beta },
    });
    expect(leave.status).toBe(204);
    expect((await inWorkspace(browser, beta, '/api/console/users')).status).toBe(403);
    expect((await inWorkspace<MeBody>(browser, null, '/api/console/me')).body.workspaces).toHaveLength(1);
    expect((await browser.post('/api/console/logout')).status).toBe(204);
    expect((await inWorkspace(browser, acme, '/api/console/users')).status).toBe(401);
  });

  test("Test connection in the second workspace: the browser's own navigation to the post page finds it", async () => {
    // A top-level navigation carries no Latchkey-Workspace header (an IdP that offers only HTTP-POST).
    const browser = new ConsoleClient(world.service.baseUrl);
    expect((await browser.login(ownerEmail, ownerPassword)).status).toBe(200);
    const devMetadata = await (await fetch(`${world.service.baseUrl}/dev-idp/metadata`)).text();
    const postOnly = devMetadata.replace(
      /<(\w+:)?SingleSignOnService[^>]*HTTP-Redirect[^>]*(\/>|><\/(\w+:)?SingleSignOnService>)/,
      '',
    );
    const inBeta = async (method: string, path: string, body?: unknown) =>
      browser.raw(method, path, {
        headers: {
          'x-csrf-token': await browser.csrf(),
          'latchkey-workspace': beta,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
    expect((await inBeta('PUT', '/api/console/integration/idp-metadata', { xml: postOnly })).status).toBe(
      200,
    );
    const start = await inBeta('POST', '/api/console/integration/test-connection');
    const { binding, url } = start.body as { binding: string; url: string };
    expect(binding).toBe('post');
    const page = await browser.raw('GET', url);
    expect(page.status).toBe(200);
    expect(formOf(String(page.body)).action).toBe(`${world.service.baseUrl}/dev-idp/sso`);
  });

  test("a grant whose right is withdrawn stops working while the other workspace's keeps working", async () => {
    const browser = new ConsoleClient(world.service.baseUrl);
    expect((await browser.login(ownerEmail, ownerPassword)).status).toBe(200);
    // Acme enforces SSO; the owner stops being its backup login: the password grant there ends.
    const cleared = await browser.raw('PUT', '/api/console/integration/backup-login', {
      headers: {
        'content-type': 'application/json',
        'x-csrf-token': await browser.csrf(),
        'latchkey-workspace': acme,
      },
      body: JSON.stringify({ userId: null }),
    });
    expect(cleared.status).toBe(200);
    expect((await inWorkspace(browser, acme, '/api/console/users')).status).toBe(403);
    expect((await inWorkspace(browser, beta, '/api/console/users')).status).toBe(200);
    const me = await inWorkspace<MeBody>(browser, null, '/api/console/me');
    expect(me.body.account.name).toBe('Beta');
    expect(me.body.workspaces.map((w) => w.name)).toEqual(['Beta']);
    // A new password sign-in now opens Beta only (Acme asks for SSO).
    const again = new ConsoleClient(world.service.baseUrl);
    const login = await again.login(ownerEmail, ownerPassword);
    expect([login.status, login.body.accountIds]).toEqual([200, [beta]]);
  });

  /** "Add a business account" by SSO through the dev IdP, in the browser that holds `client`'s cookies. */
  async function addBySso(client: ConsoleClient, user: string) {
    const base = world.service.baseUrl;
    const start = await client.raw('GET', `/api/console/sso/start?email=${encodeURIComponent(user)}&add=1`);
    expect(start.status).toBe(302);
    const login = formOf(await (await fetch(start.headers.get('location') ?? '')).text());
    const posted = await fetch(base + login.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...login.fields, user, fault: 'none' }).toString(),
    });
    const toAcs = formOf(await posted.text());
    const acs = await client.raw('POST', toAcs.action.replace(base, ''), {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(toAcs.fields).toString(),
    });
    expect(acs.status).toBe(303);
    const join = await client.raw('GET', acs.headers.get('location') ?? '');
    expect(join.status).toBe(303);
    return join.headers.get('location');
  }

  test('"Add a business account" by SSO joins the grant to the session signed in by password', async () => {
    const browser = new ConsoleClient(world.service.baseUrl);
    expect((await browser.login(ownerEmail, ownerPassword)).status).toBe(200);
    expect((await inWorkspace<MeBody>(browser, null, '/api/console/me')).body.workspaces).toHaveLength(1);
    expect(await addBySso(browser, 'alice@acme.test')).toBe(`/console/dashboard?workspace=${acme}`);
    const me = await inWorkspace<MeBody>(browser, null, '/api/console/me');
    expect(me.body.workspaces.map((w) => [w.name, w.via, w.email])).toEqual([
      ['Beta', 'password', ownerEmail],
      ['Acme', 'sso', 'alice@acme.test'],
    ]);
    expect((await inWorkspace<MeBody>(browser, acme, '/api/console/me')).body.email).toBe('alice@acme.test');
    expect((await inWorkspace(browser, acme, '/api/console/users')).status).toBe(200);
    expect((await inWorkspace(browser, beta, '/api/console/users')).status).toBe(200);
  });
});
