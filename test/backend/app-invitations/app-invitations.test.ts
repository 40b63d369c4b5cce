// App invitations (issue 25 item 3, the guide's "Deploying via an Invitation
// Email"), through the real HTTP API on each database, with a real SMTP server
// on loopback receiving the emails: one email per invitee with the download
// link and the "Activate Latchkey" link; the landing page records "opened" and
// offers latchkey://activate with the email; the user's activation marks the
// invitation "activated"; re-inviting makes no second row; a revoked link's
// page says so; the list pages by cursor and filters by status.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type {
  AppInvitation,
  AppInvitationPage,
  AppInvitationResult,
} from '../../../common/console-app-invitations.ts';
import { addLicense } from '../../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../../devtools/console-client.ts';
import { seedDirectoryGroup } from '../../support/directory-group.ts';
import { requestJson } from '../../support/loopback-client.ts';
import { startTestService, type TestService } from '../../support/service.ts';
import { startSmtpCatcher, type CaughtMail, type SmtpCatcher } from '../../support/smtp-catcher.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { addVerifiedDomains } from '../../support/verified-domains.ts';

const downloadUrl = 'https://downloads.example/latchkey?channel=stable&os=mac';
const landingOf = (mail: CaughtMail) =>
  /https?:\/\/[^\s"<>]+\/activate\/i\/[A-Za-z0-9_-]{43}/.exec(mail.text)?.[0];

describeEachDatabase('app invitations', (dialect) => {
  let service: TestService;
  let catcher: SmtpCatcher;
  let owner: ConsoleClient;
  let accountId: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    catcher = await startSmtpCatcher();
    service = await startTestService(dialect, {
      env: {
        LATCHKEY_SMTP_URL: catcher.url,
        LATCHKEY_APP_DOWNLOAD_URL: downloadUrl,
        LATCHKEY_LOG_LEVEL: 'debug',
      },
      logStream: { write: (line: string) => void logLines.push(line) },
    });
    owner = new ConsoleClient(service.baseUrl);
    accountId = await owner.signUp('Acme <Tools> & Co', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
    await addVerifiedDomains(service.deps.database.db, accountId, ['acme.test', 'page.test']);
  });
  afterAll(async () => {
    await service?.close();
    await catcher?.close();
  });

  const invite = async (body: unknown) => {
    const res = await owner.post<AppInvitationResult>('/api/console/app-invitations', body);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };
  const listed = async (query = '') =>
    (await owner.get<AppInvitationPage>(`/api/console/app-invitations${query}`)).body;
  const find = async (email: string): Promise<AppInvitation | undefined> =>
    (await listed(`?email=${encodeURIComponent(email)}`)).items.find((i) => i.email === email);

  test('an invitee receives one email with the download link and the "Activate Latchkey" link; the list says sent', async () => {
    const result = await invite({ emails: ['Alice@acme.test'] });
    expect(result).toMatchObject({ invited: 1, alreadyInvited: 0, emailConfigured: true, links: [] });
    const [mail] = await catcher.waitFor((m) => m.to.includes('alice@acme.test'));
    if (!mail) throw new Error('no email');
    expect(mail.subject).toBe('Acme <Tools> & Co invites you to activate Latchkey');
    expect(mail.text).toContain(downloadUrl);
    expect(landingOf(mail)).toMatch(new RegExp(`^${service.baseUrl}/activate/i/`));
    // The HTML: both links, every value escaped (the account's name has < > &).
    expect(mail.html).toContain('>Activate Latchkey</a>');
    expect(mail.html).toContain(`href="${landingOf(mail)}"`);
    expect(mail.html).toContain(`href="${downloadUrl.replace('&', '&amp;')}"`);
    expect(mail.html).toContain('Acme &lt;Tools&gt; &amp; Co');
    expect(mail.html).not.toContain('<Tools>');
    await expect.poll(async () => (await find('alice@acme.test'))?.status).toBe('sent');
    expect((await find('alice@acme.test'))?.sentAt).toMatch(/^\d{4}-/);
  });

  test('the landing page works signed out, records "opened" and offers latchkey://activate with the email', async () => {
    await invite({ emails: ['carol@acme.test'] });
    const [mail] = await catcher.waitFor((m) => m.to.includes('carol@acme.test'));
    const landing = landingOf(mail as CaughtMail) ?? '';
    const id = (await find('carol@acme.test'))?.id ?? '';
    const page = await fetch(landing);
    expect(page.status).toBe(200);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain(`href="latchkey://activate?email=carol%40acme.test&amp;invitation=${id}"`);
    expect(html).toContain(`href="${downloadUrl.replace('&', '&amp;')}"`);
    expect(html).toContain('Account &amp; License…');
    expect(html).not.toContain('<script');
    // Nothing about anyone else: no other invitee's email.
    expect(html).not.toContain('alice@acme.test');
    const opened = await find('carol@acme.test');
    expect(opened?.status).toBe('opened');
    expect(opened?.openedAt).toMatch(/^\d{4}-/);
    // A second visit keeps the first time.
    await fetch(landing);
    expect((await find('carol@acme.test'))?.openedAt).toBe(opened?.openedAt);
    // Neither the token nor the link is in any log line or audit entry.
    const token = landing.slice(landing.lastIndexOf('/') + 1);
    expect(logLines.filter((l) => l.includes(token))).toEqual([]);
    expect(JSON.stringify((await owner.get('/api/console/audit')).body)).not.toContain(token);
  });

  test("the invitee's first activation marks the invitation activated", async () => {
    await invite({ emails: ['dave@acme.test'] });
    await catcher.waitFor((m) => m.to.includes('dave@acme.test'));
    const license = await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId, edition: 'business', seats: 10, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
    expect((await find('dave@acme.test'))?.activatedAt).toBeNull();
    const res = await requestJson(`${service.baseUrl}/api/v1/activations/by-key`, {
      body: {
        licenseKey: license.key,
        email: 'Dave@acme.test',
        deviceId: 'dave-device-0123456789',
        deviceName: 'Dave’s Mac',
        os: 'macOS 15',
        appVersion: '1.0.0',
      },
    });
    expect(res.status).toBe(201);
    const activated = await find('dave@acme.test');
    expect(activated?.status).toBe('activated');
    expect(activated?.activatedAt).toMatch(/^\d{4}-/);
    expect((await listed('?status=activated')).items.map((i) => i.email)).toEqual(['dave@acme.test']);
  });

  test('inviting the same email again, even twice at once, leaves one invitation and sends one email', async () => {
    const [a, b] = await Promise.all([
      owner.post<AppInvitationResult>('/api/console/app-invitations', { emails: ['erin@acme.test'] }),
      owner.post<AppInvitationResult>('/api/console/app-invitations', { emails: ['ERIN@acme.test'] }),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(a.body.invited + b.body.invited).toBe(1);
    expect(a.body.alreadyInvited + b.body.alreadyInvited).toBe(1);
    expect((await invite({ emails: ['erin@acme.test', 'erin@acme.test'] })).alreadyInvited).toBe(1);
    const rows = await service.deps.database.db
      .selectFrom('app_invitations')
      .select('id')
      .where('email_key', '=', 'erin@acme.test')
      .execute();
    expect(rows).toHaveLength(1);
    await catcher.waitFor((m) => m.to.includes('erin@acme.test'));
    await new Promise((r) => setTimeout(r, 500));
    expect(catcher.messages.filter((m) => m.to.includes('erin@acme.test'))).toHaveLength(1);
  });

  test('a revoked invitation: its landing page says it was withdrawn, and it is not sent again', async () => {
    await invite({ emails: ['frank@acme.test'] });
    const [mail] = await catcher.waitFor((m) => m.to.includes('frank@acme.test'));
    const id = (await find('frank@acme.test'))?.id ?? '';
    expect((await owner.delete(`/api/console/app-invitations/${id}`)).status).toBe(204);
    const page = await fetch(landingOf(mail as CaughtMail) ?? '');
    expect(page.status).toBe(410);
    const html = await page.text();
    expect(html).toContain('This invitation was withdrawn');
    expect(html).not.toContain('latchkey://');
    expect((await find('frank@acme.test'))?.status).toBe('revoked');
    expect((await owner.post(`/api/console/app-invitations/${id}/resend`)).status).toBe(409);
    expect((await owner.delete(`/api/console/app-invitations/${id}`)).status).toBe(409);
    // Invited again: the same row, live again, a new email (the old link stays dead).
    expect(await invite({ emails: ['frank@acme.test'] })).toMatchObject({ invited: 0, reinstated: 1 });
    await catcher.waitFor((m) => m.to.includes('frank@acme.test'), 2);
    expect((await fetch(landingOf(mail as CaughtMail) ?? '')).status).toBe(404);
  });

  test('Resend sends a new email whose link replaces the old one', async () => {
    await invite({ emails: ['gina@acme.test'] });
    const [first] = await catcher.waitFor((m) => m.to.includes('gina@acme.test'));
    const id = (await find('gina@acme.test'))?.id ?? '';
    expect((await owner.post(`/api/console/app-invitations/${id}/resend`)).status).toBe(204);
    const both = await catcher.waitFor((m) => m.to.includes('gina@acme.test'), 2);
    expect((await fetch(landingOf(first as CaughtMail) ?? '')).status).toBe(404);
    expect((await fetch(landingOf(both[1] as CaughtMail) ?? '')).status).toBe(200);
    const audit = await owner.get<{ entries: { action: string }[] }>('/api/console/audit');
    expect(audit.body.entries.map((e) => e.action)).toEqual(
      expect.arrayContaining(['app_invitation.created', 'app_invitation.resent', 'app_invitation.revoked']),
    );
  });

  test('the list pages by cursor and filters by status; bad input is a 400 that says what is wrong', async () => {
    await invite({
      emails: ['p1@page.test', 'p2@page.test', 'p3@page.test', 'p4@page.test', 'p5@page.test'],
    });
    const seen: string[] = [];
    let cursor: string | null = '';
    while (cursor !== null) {
      const page: AppInvitationPage = await listed(`?email=p&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.email));
      cursor = page.nextCursor;
    }
    expect(seen.sort()).toEqual([
      'p1@page.test',
      'p2@page.test',
      'p3@page.test',
      'p4@page.test',
      'p5@page.test',
    ]);
    expect((await listed('?status=revoked')).items.every((i) => i.status === 'revoked')).toBe(true);
    const bad = await owner.get<{ error: { field?: string } }>('/api/console/app-invitations?status=lost');
    expect(bad.status).toBe(400);
    expect((await owner.get('/api/console/app-invitations?cursor=nope')).status).toBe(400);
    const badEmail = await owner.post<{ error: { message: string } }>('/api/console/app-invitations', {
      emails: ['not an email'],
    });
    expect(badEmail.status).toBe(400);
    expect((await owner.post('/api/console/app-invitations', { groupId: 'x' })).status).toBe(400);
    // Outside the account's verified domains: nobody there could activate, and nothing is emailed.
    const outside = await owner.post<{ error: { field?: string; message: string } }>(
      '/api/console/app-invitations',
      { emails: ['someone@gmail.test', 'p1@page.test'] },
    );
    expect(outside.status).toBe(400);
    expect(outside.body.error.field).toBe('emails');
    expect(outside.body.error.message).toContain('someone@gmail.test is not in a verified domain');
    expect(catcher.messages.some((m) => m.to.includes('someone@gmail.test'))).toBe(false);
    expect((await fetch(`${service.baseUrl}/activate/i/not-a-token`)).status).toBe(404);
  });

  test('a whole directory group is invited at once: one email per member with an email in the verified domains, none for the others', async () => {
    const emails = Array.from({ length: 12 }, (_, i) =>
      i < 9 ? `member${i}@acme.test` : i === 9 ? 'member9@elsewhere.test' : null,
    );
    const { groupId } = await seedDirectoryGroup(
      service.deps.database.db,
      accountId,
      'Desktop Users',
      emails,
    );
    const result = await invite({ groupId });
    expect(result).toMatchObject({ invited: 9, withoutEmail: 2, outsideDomains: 1 });
    await catcher.waitFor((m) => m.to.some((t) => t.startsWith('member')), 9);
    expect(catcher.messages.some((m) => m.to.includes('member9@elsewhere.test'))).toBe(false);
    expect((await find('member3@acme.test'))?.groupName).toBe('Desktop Users');
  });
});

describeEachDatabase('app invitations without SMTP', (dialect) => {
  let service: TestService;
  let owner: ConsoleClient;

  beforeAll(async () => {
    service = await startTestService(dialect);
    owner = new ConsoleClient(service.baseUrl);
    const accountId = await owner.signUp('NoMail', 'owner@nomail.test', 'correct horse battery');
    await owner.login('owner@nomail.test', 'correct horse battery');
    await addVerifiedDomains(service.deps.database.db, accountId, ['nomail.test']);
  });
  afterAll(async () => service?.close());

  test('the console is told email is not configured and gets each link to copy; a download link is required first', async () => {
    const settings = await owner.get<{ emailConfigured: boolean; downloadUrl: string | null }>(
      '/api/console/app-invitations/settings',
    );
    expect(settings.body).toMatchObject({ emailConfigured: false, downloadUrl: null });
    const refused = await owner.post<{ error: { code: string } }>('/api/console/app-invitations', {
      emails: ['ann@nomail.test'],
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('download_link_missing');
    expect(
      (await owner.put('/api/console/app-invitations/settings', { downloadUrl: 'javascript:alert(1)' }))
        .status,
    ).toBe(400);
    expect(
      (
        await owner.put('/api/console/app-invitations/settings', {
          downloadUrl: 'https://get.nomail.test/app',
        })
      ).status,
    ).toBe(200);
    const res = await owner.post<AppInvitationResult>('/api/console/app-invitations', {
      emails: ['ann@nomail.test'],
    });
    expect(res.status).toBe(201);
    expect(res.body.emailConfigured).toBe(false);
    const [link] = res.body.links;
    expect(link?.email).toBe('ann@nomail.test');
    const page = await fetch(link?.link ?? '');
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('href="https://get.nomail.test/app"');
    expect(html).toContain('latchkey://activate?email=ann%40nomail.test');
    const list = await owner.get<AppInvitationPage>('/api/console/app-invitations');
    expect(list.body.items[0]).toMatchObject({ email: 'ann@nomail.test', status: 'opened', sentAt: null });
    expect((await owner.post(`/api/console/app-invitations/${link?.id}/resend`)).status).toBe(409);
    const copied = await owner.post<{ link: string }>(`/api/console/app-invitations/${link?.id}/link`);
    expect(copied.status).toBe(200);
    expect((await fetch(link?.link ?? '')).status).toBe(404);
    expect((await fetch(copied.body.link)).status).toBe(200);
  });
});
