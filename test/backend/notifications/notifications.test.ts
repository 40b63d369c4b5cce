// Issue 24 item 4: email notification rules. A real SMTP server on loopback
// receives what an admin's mailbox would: one email per fact, however often
// the notifier runs or the fact is said again.
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { NewEvent } from '../../../common/event-types.ts';
import type { NotificationKind } from '../../../common/console-notifications.ts';
import type { CaughtMail } from '../../support/smtp-catcher.ts';
import { describeEachDatabase } from '../../support/suites.ts';
import { startNotifyWorld, type NotifyWorld } from './notify-world.ts';

const fingerprint = 'ab'.repeat(32);
const licenseId = '11111111-1111-4111-8111-111111111111';
const endpointId = '22222222-2222-4222-8222-222222222222';

/** Each rule, the event that triggers it, and words its subject must carry. */
const triggers: [NotificationKind, NewEvent, RegExp][] = [
  [
    'certificate_expiring',
    {
      type: 'certificate.expiring',
      data: { fingerprint, subject: 'CN=Okta signing', notAfter: '2027-01-01T00:00:00.000Z', daysLeft: 7 },
    },
    /IdP certificate expires in 7 days/,
  ],
  [
    'seats_threshold',
    {
      type: 'seats.threshold_reached',
      data: { licenseId, licenseName: 'Design team', seatsUsed: 45, seats: 50, threshold: 90 },
    },
    /90 % of the seats of "Design team" in use/,
  ],
  [
    'scim_silent',
    { type: 'scim.silent', data: { lastRequestAt: '2026-12-01T08:00:00.000Z', silentHours: 24 } },
    /SCIM provisioning silent for 24 hours/,
  ],
  [
    'webhook_disabled',
    {
      type: 'webhook.endpoint_disabled',
      data: {
        endpointId,
        url: 'https://siem.example/hook?secret=receiver-own-secret',
        failingSince: '2026-12-06T10:00:00.000Z',
      },
    },
    /Webhook endpoint disabled/,
  ],
];

const refused = (code: string): NewEvent => ({
  type: 'activation.refused',
  data: { code, reference: 1, stage: 'acs', email: 'someone@notify.example' },
});

describeEachDatabase('email notifications', (dialect) => {
  let w: NotifyWorld;
  const to = (email: string) => (m: CaughtMail) => m.to.includes(email);

  beforeAll(async () => {
    w = await startNotifyWorld(dialect);
  });
  afterAll(async () => {
    await w.close();
  });

  test('each rule emails its fact once: the event said twice and the notifier run twice send one email', async () => {
    for (const [kind] of triggers) await w.saveRule(kind, { enabled: true, recipients: [w.ownerId] });
    for (const [, event] of triggers) {
      await w.write(event);
      await w.write(event);
    }
    await w.run();
    await w.run();
    const mails = await w.smtp.waitFor(to('owner@notify.example'), triggers.length);
    for (const [kind, , subject] of triggers) {
      const ofRule = mails.filter((m) => subject.test(m.subject));
      expect(ofRule, kind).toHaveLength(1);
      const mail = ofRule[0] as CaughtMail;
      expect(mail.subject).toContain('Notify Corp');
      expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
      expect(mail.headers.get('list-unsubscribe')).toMatch(
        /^<http:\/\/127\.0\.0\.1:\d+\/notifications\/unsubscribe\?token=[\w-]{43}>$/,
      );
      expect(mail.text).toContain(`${w.service.baseUrl}/console/`);
      expect(mail.html).toContain(`${w.service.baseUrl}/console/`);
    }
    // The receiver's own secret in the endpoint's query string never reaches an email.
    for (const m of mails) expect(`${m.text}${m.html}`).not.toContain('receiver-own-secret');
    await new Promise((r) => setTimeout(r, 200));
    expect(w.smtp.messages.filter(to('owner@notify.example'))).toHaveLength(triggers.length);
  });

  test('a spike of one refusal code is emailed once when it starts, and again only after it ended', async () => {
    await w.saveRule('refusal_spike', {
      enabled: true,
      recipients: [w.ownerId],
      spike: { threshold: 5, windowMinutes: 10 },
    });
    const spikeMails = () => w.smtp.messages.filter((m) => /Spike of SAML_EXPIRED/.test(m.subject));
    // 4 of one code and many of others: no spike of SAML_EXPIRED yet.
    for (let i = 0; i < 4; i++) await w.write(refused('SAML_EXPIRED'));
    for (let i = 0; i < 3; i++) await w.write(refused('USER_NOT_IN_GROUP'));
    await w.run();
    expect(spikeMails()).toHaveLength(0);
    // The fifth starts it; twenty more in the same spike tell nothing new.
    for (let i = 0; i < 21; i++) await w.write(refused('SAML_EXPIRED'));
    await w.run();
    await w.run();
    await w.smtp.waitFor((m) => /Spike of SAML_EXPIRED: 5 refusals in 10 minutes/.test(m.subject));
    expect(w.smtp.messages.filter((m) => /Spike of USER_NOT_IN_GROUP/.test(m.subject))).toHaveLength(0);
    // Quiet for an hour: the spike is over. A new one is a new email.
    w.advance(3600_000);
    await w.run();
    for (let i = 0; i < 5; i++) await w.write(refused('SAML_EXPIRED'));
    await w.run();
    await w.smtp.waitFor((m) => /Spike of SAML_EXPIRED/.test(m.subject), 2);
    await w.run();
    await new Promise((r) => setTimeout(r, 200));
    expect(spikeMails()).toHaveLength(2);
    expect(spikeMails()[0]?.text).toContain('What to do:');
  });

  test('HTML escapes hostile data: a license named <script> arrives as text', async () => {
    await w.write({
      type: 'seats.threshold_reached',
      data: {
        licenseId: '33333333-3333-4333-8333-333333333333',
        licenseName: '<script>alert(1)</script>',
        seatsUsed: 10,
        seats: 10,
        threshold: 100,
      },
    });
    await w.run();
    const [mail] = await w.smtp.waitFor((m) => m.subject.includes('<script>alert(1)</script>'));
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(mail?.text).toContain('The license "<script>alert(1)</script>" has 10 of 10 seats in use.');
  });
});
