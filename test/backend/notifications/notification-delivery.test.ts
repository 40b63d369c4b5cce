// Issue 24 items 4 and 5: an unsubscribe link stops one rule for one
// recipient only; SMTP down loses no email and sends none twice; the console
// API refuses what it cannot save with a 4xx.
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSmtpMailer, type Mailer } from '../../../backend/mail/mailer.ts';
import type { NotificationSettings } from '../../../common/console-notifications.ts';
import type { CaughtMail } from '../../support/smtp-catcher.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { startNotifyWorld, type NotifyWorld } from './notify-world.ts';

const expiring = (fingerprint: string, daysLeft: 30 | 7 | 1) => ({
  type: 'certificate.expiring' as const,
  data: { fingerprint, subject: 'CN=Entra SAML signing', notAfter: '2027-02-01T00:00:00.000Z', daysLeft },
});
const silent = (lastRequestAt: string) => ({
  type: 'scim.silent' as const,
  data: { lastRequestAt, silentHours: 24 },
});

describeEachDatabase('notification delivery', (dialect) => {
  let w: NotifyWorld;
  let secondId: string;
  const to = (email: string) => (m: CaughtMail) => m.to.includes(email);

  beforeAll(async () => {
    w = await startNotifyWorld(dialect, 'Delivery & Co');
    secondId = await w.addAdmin('second@notify.example');
  });
  afterAll(async () => {
    await w.close();
  });

  test('the unsubscribe link stops that rule for that recipient only, and says what it turned off', async () => {
    await w.saveRule('certificate_expiring', { enabled: true, recipients: [w.ownerId, secondId] });
    await w.saveRule('scim_silent', { enabled: true, recipients: [w.ownerId, secondId] });
    await w.write(expiring('cd'.repeat(32), 30));
    await w.run();
    const [mail] = await w.smtp.waitFor(
      (m) => to('second@notify.example')(m) && /expires in 30 days/.test(m.subject),
    );
    await w.smtp.waitFor((m) => to('owner@notify.example')(m) && /expires in 30 days/.test(m.subject));
    const link = /<([^>]+)>/.exec(mail?.headers.get('list-unsubscribe') ?? '')?.[1] ?? '';
    expect(mail?.text).toContain(link);
    // The email keeps this one link: the other recipient's is not in it.
    expect(mail?.text.match(/unsubscribe\?token=/g)).toHaveLength(1);

    // Following the link only asks; a mail scanner that fetches it unsubscribes no one.
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('second@notify.example will no longer receive');
    // One-click, as a mail client does it (RFC 8058 §3.2), without signing in.
    const done = await fetch(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(done.status).toBe(200);
    expect(await done.text()).toContain(
      'Turned off: "IdP certificate expiring or expired" emails to second@notify.example for Delivery &#38; Co.',
    );

    await w.write(expiring('cd'.repeat(32), 7));
    await w.write(silent('2026-12-02T08:00:00.000Z'));
    await w.run();
    await w.smtp.waitFor((m) => to('owner@notify.example')(m) && /expires in 7 days/.test(m.subject));
    await w.smtp.waitFor((m) => to('second@notify.example')(m) && /SCIM provisioning silent/.test(m.subject));
    await new Promise((r) => setTimeout(r, 200));
    expect(
      w.smtp.messages.filter((m) => to('second@notify.example')(m) && /expires in 7 days/.test(m.subject)),
    ).toHaveLength(0);

    const settings = (await w.console.get<NotificationSettings>('/api/console/notifications')).body;
    const rule = settings.rules.find((r) => r.kind === 'certificate_expiring');
    expect(rule?.recipients).toEqual([w.ownerId]);
    const audit = await w.service.deps.database.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'target'])
      .where('action', 'like', 'notification.%')
      .execute();
    expect(audit).toContainEqual({
      action: 'notification.unsubscribed',
      actor: 'user:second@notify.example',
      target: 'certificate_expiring',
    });
    expect(audit.filter((a) => a.action === 'notification.rule_saved')).toHaveLength(2);
    // A link that is not one of ours says so, as a page.
    const bad = await fetch(`${w.service.baseUrl}/notifications/unsubscribe?token=${'x'.repeat(43)}`);
    expect(bad.status).toBe(404);
    expect(await bad.text()).toContain('This unsubscribe link is not valid');
  });

  test('SMTP down: the email waits and is sent once SMTP is back, exactly once', async () => {
    // A real SMTP client against a port where nothing listens: connection refused, as a down server.
    const down: Mailer = createSmtpMailer('smtp://127.0.0.1:1', 'Latchkey <latchkey@notify.example>');
    await w.saveRule('scim_silent', { enabled: true, recipients: [w.ownerId, secondId] });
    await w.write(silent('2026-12-03T08:00:00.000Z'));
    expect(await w.run(down)).toMatchObject({ sent: 0, failed: 1 });
    await w.run(down);
    await w.run(down);
    // Each message was tried once and waits for its retry: no storm against a dead server.
    const queued = await w.service.deps.database.db
      .selectFrom('notification_messages')
      .select(['attempts', 'next_attempt_at', 'settled_at'])
      .where('fact_key', 'like', 'scim-silent:2026-12-03T08%')
      .execute();
    expect(queued).toHaveLength(2);
    for (const q of queued) {
      expect(q.attempts).toBe(1);
      expect(q.settled_at).toBeNull();
      expect(Date.parse(q.next_attempt_at)).toBeGreaterThan(w.service.deps.clock.now().getTime());
    }
    w.advance(61_000);
    await w.run(down);
    // Back: the next due run sends it once; later runs send nothing more.
    w.advance(5 * 60_000 + 1000);
    expect(await w.run()).toMatchObject({ sent: 2, failed: 0 });
    await w.run();
    const mails = await w.smtp.waitFor((m) => m.text.includes('2026-12-03T08:00:00.000Z'), 2);
    await new Promise((r) => setTimeout(r, 200));
    expect(w.smtp.messages.filter((m) => m.text.includes('2026-12-03T08:00:00.000Z'))).toHaveLength(2);
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['owner@notify.example', 'second@notify.example']);
    down.close();
  });

  test('a rule turned off before its queued email went out sends nothing (dropped, not sent later)', async () => {
    const down: Mailer = createSmtpMailer('smtp://127.0.0.1:1', 'Latchkey <latchkey@notify.example>');
    await w.saveRule('webhook_disabled', { enabled: true, recipients: [w.ownerId] });
    await w.write({
      type: 'webhook.endpoint_disabled',
      data: {
        endpointId: '55555555-5555-4555-8555-555555555555',
        url: 'https://hooks.example/in',
        failingSince: '2026-12-05T00:00:00.000Z',
      },
    });
    expect(await w.run(down)).toMatchObject({ failed: 1 });
    await w.saveRule('webhook_disabled', { enabled: false, recipients: [w.ownerId] });
    w.advance(2 * 60_000);
    expect(await w.run()).toMatchObject({ sent: 0, dropped: 1 });
    await new Promise((r) => setTimeout(r, 200));
    expect(w.smtp.messages.filter((m) => /Webhook endpoint disabled/.test(m.subject))).toHaveLength(0);
    down.close();
  });

  test('rules: bad input is a 400 with the field; email not configured is said, and the rule still saves', async () => {
    const bad = await w.console.put('/api/console/notifications/refusal_spike', {
      enabled: true,
      recipients: [w.ownerId],
      spike: { threshold: 1, windowMinutes: 15 },
    });
    expect(bad.status).toBe(400);
    const stranger = await w.console.put('/api/console/notifications/scim_silent', {
      enabled: true,
      recipients: ['44444444-4444-4444-8444-444444444444'],
    });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ error: { field: 'recipients' } });
    expect(
      (await w.console.put('/api/console/notifications/nope', { enabled: true, recipients: [] })).status,
    ).toBe(400);
    const settings = await w.console.get<NotificationSettings>('/api/console/notifications');
    expect(settings.body.emailConfigured).toBe(false);
    expect(settings.body.admins.map((a) => a.email)).toEqual([
      'owner@notify.example',
      'second@notify.example',
    ]);
    const test = await w.console.post('/api/console/notifications/test');
    expect(test.status).toBe(409);
    expect(test.body).toMatchObject({ error: { code: 'email_not_configured' } });
  });

  test.runIf(dialect.name === 'sqlite')('an email as received is kept for the issue note', async () => {
    const [mail] = w.smtp.messages.filter((m) => /expires in 7 days/.test(m.subject));
    expect(mail).toBeDefined();
    mkdirSync('test-results/screens', { recursive: true });
    const head = `From: ${mail?.from}\nTo: ${mail?.to.join(', ')}\nSubject: ${mail?.subject}\nList-Unsubscribe: ${mail?.headers.get('list-unsubscribe')}\nList-Unsubscribe-Post: ${mail?.headers.get('list-unsubscribe-post')}\n\n`;
    writeFileSync('test-results/screens/notification-email.txt', head + (mail?.text ?? ''));
    writeFileSync('test-results/screens/notification-email.html', mail?.html ?? '');
  });
});
