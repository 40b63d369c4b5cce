// Inviting users to the console (issue 22 item 7), through the real HTTP API on
// each database: an invitee sets a password through a one-time link and is
// signed in; a backup-login invitee becomes step 7's backup login; a link works
// once, for 7 days, until revoked or replaced; who keeps password sign-in once
// SSO is active (an outside collaborator) and who does not (an admin in a
// verified domain); a SCIM user is not invited; no token in a log line or audit entry.
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import type {
  Integration,
  InvitationAccepted,
  InvitationDetails,
  IssuedInvitationLink,
} from '../../../common/console-api.ts';
import type { DirectoryUser } from '../../../common/console-directory.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import type { Clock } from '../../../backend/clock.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { startSsoWorld, type SsoWorld } from '../../support/sso-world.ts';
import { describeEachDatabase } from '../../support/suites.ts';

const password = 'a long enough password';
const tokenOf = (link: string) => link.slice(link.indexOf('#') + 1);

interface ErrorBody {
  error: { code: string; message: string; field?: string };
}

async function invite(owner: ConsoleClient, email: string, role: 'console_admin' | 'backup_login') {
  const res = await owner.post<IssuedInvitationLink>('/api/console/invitations', { email, role });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function accept(baseUrl: string, token: string, pw = password) {
  const browser = new ConsoleClient(baseUrl);
  const res = await browser.post<InvitationAccepted & ErrorBody>('/api/console/invitation/accept', {
    token,
    password: pw,
  });
  return { browser, res };
}

async function userIdOf(owner: ConsoleClient, email: string): Promise<string> {
  const users = await owner.get<{ users: DirectoryUser[] }>('/api/console/directory/users');
  return users.body.users.find((u) => u.email === email)?.id ?? '';
}

describeEachDatabase('invitations to the console', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;
  let offsetMs = 0;
  const clock: Clock = { now: () => new Date(Date.now() + offsetMs) };
  // Every line the service logs, at its most talkative: a link's token must be in none.
  const logLines: string[] = [];

  beforeAll(async () => {
    service = await startTestService(dialect, {
      clock,
      env: { LATCHKEY_LOG_LEVEL: 'debug' },
      logStream: { write: (line: string) => void logLines.push(line) },
    });
    owner = new ConsoleClient(service.baseUrl);
    await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
  });
  afterAll(async () => service?.close());
  // Each test in its own rate-limit window (the accept page is limited per address).
  beforeEach(() => {
    offsetMs += 16 * 60_000;
  });

  test('an invited console admin sets a password through the link, is signed in, and signs in with it later', async () => {
    const issued = await invite(owner, 'dana@acme.test', 'console_admin');
    expect(issued.link).toMatch(/\/console\/invitation#[A-Za-z0-9_-]{43}$/);
    const listed = await owner.get<{ invitations: { email: string; role: string; invitedBy: string }[] }>(
      '/api/console/invitations',
    );
    expect(listed.body.invitations).toContainEqual(
      expect.objectContaining({
        email: 'dana@acme.test',
        role: 'console_admin',
        invitedBy: 'owner@acme.test',
      }),
    );
    const details = await new ConsoleClient(service.baseUrl).post<InvitationDetails>(
      '/api/console/invitation/details',
      { token: tokenOf(issued.link) },
    );
    expect(details.body).toMatchObject({ accountName: 'Acme', email: 'dana@acme.test', ssoRequired: false });

    const { browser, res } = await accept(service.baseUrl, tokenOf(issued.link));
    expect(res.status).toBe(200);
    expect(res.body.signedIn).toBe(true);
    expect((await browser.get<{ email: string }>('/api/console/me')).body.email).toBe('dana@acme.test');

    const later = new ConsoleClient(service.baseUrl);
    expect((await later.login('dana@acme.test', password)).status).toBe(200);
    // Accepted: no longer pending; the audit has each step and no token.
    const after = await owner.get<{ invitations: { email: string }[] }>('/api/console/invitations');
    expect(after.body.invitations.map((i) => i.email)).not.toContain('dana@acme.test');
    const audit = await owner.get<{ entries: { action: string }[] }>('/api/console/audit');
    const actions = audit.body.entries.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['invitation.created', 'invitation.accepted']));
    expect(JSON.stringify(audit.body)).not.toContain(tokenOf(issued.link));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.filter((l) => l.includes(tokenOf(issued.link)))).toEqual([]);
  });

  test('a backup-login invitee becomes the backup login at acceptance, and step 7 turns green', async () => {
    const issued = await invite(owner, 'backup@acme.test', 'backup_login');
    // Pending: not eligible as the backup login (no password, not proved).
    const pendingId = await userIdOf(owner, 'backup@acme.test');
    const early = await owner.put<ErrorBody>('/api/console/integration/backup-login', { userId: pendingId });
    expect(early.status).toBe(409);
    // Until then the backup login is step 7's default: the owner, who signed in first.
    const before = await owner.get<Integration>('/api/console/integration');
    expect(before.body.backupLogin?.email).toBe('owner@acme.test');

    const { res } = await accept(service.baseUrl, tokenOf(issued.link));
    expect(res.status).toBe(200);
    const after = await owner.get<Integration>('/api/console/integration');
    expect(after.body.backupLogin?.email).toBe('backup@acme.test');
    expect(after.body.steps.find((s) => s.key === 'backup_login')?.state).toBe('green');
    const audit = await owner.get<{ entries: { action: string }[] }>('/api/console/audit');
    expect(audit.body.entries.map((e) => e.action)).toContain('integration.backup_login_set');
  });

  test('a link works once: a used, revoked, replaced or expired link is refused with whom to ask', async () => {
    const used = await invite(owner, 'once@acme.test', 'console_admin');
    expect((await accept(service.baseUrl, tokenOf(used.link))).res.status).toBe(200);
    const again = await accept(service.baseUrl, tokenOf(used.link));
    expect(again.res.status).toBe(410);
    expect(again.res.body.error.message).toBe(
      'This invitation was already used: ask owner@acme.test for a new one',
    );

    const revoked = await invite(owner, 'revoked@acme.test', 'console_admin');
    expect((await owner.delete(`/api/console/invitations/${revoked.invitation.id}`)).status).toBe(204);
    expect((await accept(service.baseUrl, tokenOf(revoked.link))).res.status).toBe(410);

    // Invited twice: the second link replaces the first.
    const first = await invite(owner, 'twice@acme.test', 'console_admin');
    const second = await invite(owner, 'twice@acme.test', 'backup_login');
    expect((await accept(service.baseUrl, tokenOf(first.link))).res.status).toBe(410);
    // "New link": the old one dies, the new one works.
    const renewed = await owner.post<IssuedInvitationLink>(
      `/api/console/invitations/${second.invitation.id}/link`,
    );
    expect(renewed.status).toBe(200);
    expect((await accept(service.baseUrl, tokenOf(second.link))).res.status).toBe(410);
    expect((await accept(service.baseUrl, tokenOf(renewed.body.link))).res.status).toBe(200);

    const expiring = await invite(owner, 'late@acme.test', 'console_admin');
    offsetMs += 7 * 86400_000 + 60_000;
    const late = await accept(service.baseUrl, tokenOf(expiring.link));
    expect(late.res.status).toBe(410);
    expect(late.res.body.error.message).toBe(
      'This invitation has expired: ask owner@acme.test for a new one',
    );
    expect((await new ConsoleClient(service.baseUrl).login('late@acme.test', password)).status).toBe(401);
    await owner.login('owner@acme.test', 'correct horse battery');

    const unknown = await accept(service.baseUrl, 'A'.repeat(43));
    expect(unknown.res.status).toBe(404);
    const malformed = await accept(service.baseUrl, 'not-a-token');
    expect(malformed.res.status).toBe(400);
  });

  test('two accepts of one link at once: exactly one wins', async () => {
    const issued = await invite(owner, 'race@acme.test', 'console_admin');
    const results = await Promise.all([
      accept(service.baseUrl, tokenOf(issued.link), 'first password here'),
      accept(service.baseUrl, tokenOf(issued.link), 'second password here'),
    ]);
    expect(results.map((r) => r.res.status).sort()).toEqual([200, 410]);
    const winner = results.find((r) => r.res.status === 200) === results[0] ? 'first' : 'second';
    const login = await new ConsoleClient(service.baseUrl).login('race@acme.test', `${winner} password here`);
    expect(login.status).toBe(200);
  });

  test('invalid input is refused per field; a user who already has a password is not invited', async () => {
    const bad = await owner.post<ErrorBody>('/api/console/invitations', {
      email: 'nope',
      role: 'console_admin',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('email');
    const role = await owner.post<ErrorBody>('/api/console/invitations', {
      email: 'x@acme.test',
      role: 'root',
    });
    expect(role.status).toBe(400);
    expect(role.body.error.field).toBe('role');
    const ownerAgain = await owner.post<ErrorBody>('/api/console/invitations', {
      email: 'owner@acme.test',
      role: 'backup_login',
    });
    expect(ownerAgain.status).toBe(409);
    expect(ownerAgain.body.error.code).toBe('invitee_has_password');
    const short = await accept(
      service.baseUrl,
      tokenOf((await invite(owner, 'short@acme.test', 'console_admin')).link),
      'short',
    );
    expect(short.res.status).toBe(400);
    expect(short.res.body.error.field).toBe('password');
  });

  test('the signed-out invitation endpoints are limited per address (429 with Retry-After)', async () => {
    const browser = new ConsoleClient(service.baseUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) {
      statuses.push(
        (await browser.post('/api/console/invitation/details', { token: 'B'.repeat(43) })).status,
      );
    }
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    expect(statuses[30]).toBe(429);
  });
});

describeEachDatabase('invitations once SSO is active', (dialect) => {
  let world: SsoWorld;
  beforeAll(async () => {
    world = await startSsoWorld(dialect);
  });
  afterAll(async () => world?.close());

  test('a user the IdP provisioned (SCIM) is not invited: they already have access through SSO', async () => {
    const res = await world.owner.post<ErrorBody>('/api/console/invitations', {
      email: 'alice@acme.test',
      role: 'console_admin',
    });
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: 'invitee_has_sso', field: 'email' });
  });

  test('an outside collaborator keeps password sign-in after activation; an invited admin in a verified domain uses SSO', async () => {
    const base = world.service.baseUrl;
    const outside = await invite(world.owner, 'consultant@partner.test', 'console_admin');
    const inside = await invite(world.owner, 'dev@acme.test', 'console_admin');

    const outsideAccepted = await accept(base, tokenOf(outside.link));
    expect(outsideAccepted.res.body.signedIn).toBe(true);
    expect((await outsideAccepted.browser.get('/api/console/me')).status).toBe(200);
    expect((await new ConsoleClient(base).login('consultant@partner.test', password)).status).toBe(200);

    const details = await new ConsoleClient(base).post<InvitationDetails>('/api/console/invitation/details', {
      token: tokenOf(inside.link),
    });
    expect(details.body.ssoRequired).toBe(true);
    const insideAccepted = await accept(base, tokenOf(inside.link));
    expect(insideAccepted.res.status).toBe(200);
    expect(insideAccepted.res.body.signedIn).toBe(false);
    const login = await new ConsoleClient(base).login('dev@acme.test', password);
    expect(login.status).toBe(403);
    expect((login.body as unknown as ErrorBody).error.code).toBe('sso_required');
  });

  test('an in-domain admin who accepted while SSO was off keeps that session only until SSO is activated again', async () => {
    const base = world.service.baseUrl;
    expect((await world.owner.post('/api/console/integration/deactivate')).status).toBe(200);
    try {
      const issued = await invite(world.owner, 'early@acme.test', 'console_admin');
      const accepted = await accept(base, tokenOf(issued.link));
      expect(accepted.res.body.signedIn).toBe(true);
      expect((await accepted.browser.get('/api/console/me')).status).toBe(200);
      expect((await world.owner.post('/api/console/integration/activate')).status).toBe(200);
      // The next request of the password session meets the same rule as a new sign-in.
      expect((await accepted.browser.get('/api/console/me')).status).toBe(401);
    } finally {
      await world.owner.post('/api/console/integration/activate');
    }
  });
});
