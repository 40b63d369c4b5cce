// A console session carries the right it was opened with only while the
// directory and the account still grant it (issue 10 item 7): an SSO admin
// removed from the admins group or deactivated over SCIM, or a password
// session once SSO is enforced and the user is not the backup login, is
// refused at its next request — through the real HTTP API and real SCIM calls.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { ConsoleClient } from '../../../devtools/console-client.ts';
import { formOf } from '../../../devtools/html-forms.ts';
import { scimClient } from '../../support/scim-account.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const patchOp = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

describeEachDatabase('console rights follow the directory', (dialect) => {
  let world: SsoWorld;
  let owner: ConsoleClient;
  let scim: ReturnType<typeof scimClient>;
  let adminsGroupId: string;

  beforeAll(async () => {
    world = await startSsoWorld(dialect);
    owner = world.owner;
    const token = (await owner.post<{ token: string }>('/api/console/scim-tokens', { label: 'test' })).body
      .token;
    scim = scimClient(`${world.service.baseUrl}/scim/v2`, token);
    const groups = await scim<{ Resources: { id: string }[] }>(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "Latchkey Admins"')}`,
    );
    adminsGroupId = groups.body.Resources[0]?.id ?? '';
    expect(adminsGroupId).not.toBe('');
  });
  afterAll(async () => world?.close());

  async function scimUserId(userName: string): Promise<string> {
    const found = await scim<{ Resources: { id: string }[] }>(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    );
    return found.body.Resources[0]?.id ?? '';
  }

  async function setAdmin(userName: string, member: boolean) {
    const id = await scimUserId(userName);
    const op = member
      ? { op: 'add', path: 'members', value: [{ value: id }] }
      : { op: 'remove', path: `members[value eq "${id}"]` };
    const res = await scim('PATCH', `/Groups/${adminsGroupId}`, { schemas: [patchOp], Operations: [op] });
    expect(res.status).toBeLessThan(300);
  }

  /** Console SSO sign-in through the dev IdP; returns the session cookie. */
  async function ssoSession(user: string): Promise<string> {
    const base = world.service.baseUrl;
    const start = await fetch(`${base}/api/console/sso/start?email=${encodeURIComponent(user)}`, {
      redirect: 'manual',
    });
    const login = formOf(await (await fetch(start.headers.get('location') ?? '')).text());
    const posted = await fetch(base + login.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...login.fields, user, fault: 'none' }).toString(),
    });
    const toAcs = formOf(await posted.text());
    const acs = await fetch(toAcs.action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(toAcs.fields).toString(),
      redirect: 'manual',
    });
    expect(acs.status).toBe(303);
    return (
      acs.headers
        .getSetCookie()
        .find((c) => c.startsWith('lk_session='))
        ?.split(';')[0] ?? ''
    );
  }

  const me = (cookie: string) =>
    fetch(`${world.service.baseUrl}/api/console/me`, { headers: { cookie } }).then((r) => r.status);

  test('an SSO session ends at its next request once SCIM removes the user from the admins group', async () => {
    const alice = await ssoSession('alice@acme.test');
    expect(await me(alice)).toBe(200);
    await setAdmin('alice@acme.test', false);
    expect(await me(alice)).toBe(401);
    // Back in the group, she signs in again (the old session stays ended).
    await setAdmin('alice@acme.test', true);
    expect(await me(await ssoSession('alice@acme.test'))).toBe(200);
  });

  test('an SSO session ends at its next request once SCIM deactivates the user', async () => {
    await setAdmin('bob@acme.test', true);
    const bob = await ssoSession('bob@acme.test');
    expect(await me(bob)).toBe(200);
    const id = await scimUserId('bob@acme.test');
    const res = await scim('PATCH', `/Users/${id}`, {
      schemas: [patchOp],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    expect(res.status).toBeLessThan(300);
    expect(await me(bob)).toBe(401);
  });

  test('with SSO enforced, a password session of a user who is no longer the backup login ends', async () => {
    // Opened by password before the integration was activated: it holds while the owner is the
    // backup login (who may sign in by password under SSO), and not a request longer.
    expect((await owner.get<{ via: string }>('/api/console/me')).body.via).toBe('password');
    expect((await owner.put('/api/console/integration/backup-login', { userId: null })).status).toBe(200);
    const after = await owner.get<{ error: { code: string } }>('/api/console/me');
    expect(after.status).toBe(401);
    // And no new password session either: SSO is enforced.
    expect((await owner.login('owner@acme.test', 'correct horse battery')).status).toBe(403);
  });
});
