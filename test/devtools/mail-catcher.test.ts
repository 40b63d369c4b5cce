// The demo's mail catcher (devtools/mail-catcher.ts): a real SMTP server on
// loopback whose web page lists what the service sent and shows each email's
// text and HTML; the HTML part runs no script of the email's.
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createSmtpMailer } from '../../backend/mail/mailer.ts';
import { startMailCatcher, type MailCatcher } from '../../devtools/mail-catcher.ts';

let catcher: MailCatcher;
beforeAll(async () => {
  catcher = await startMailCatcher(0);
});
afterAll(async () => {
  await catcher.close();
});

test('lists what was sent (subject, to, time) and shows its text and its HTML under a sandbox', async () => {
  const empty = await (await fetch(catcher.webUrl)).text();
  expect(empty).toContain('No email yet.');
  const mailer = createSmtpMailer(catcher.smtpUrl, 'Latchkey demo <latchkey@acme.test>');
  await mailer.send({
    to: 'alice@acme.test',
    subject: 'Seats of "<b>Design</b>" at 90 %',
    text: 'The license has 45 of 50 seats in use.',
    html: '<p>The license has 45 of 50 seats in use.</p><script>alert(1)</script>',
  });
  mailer.close();
  const list = await (await fetch(catcher.webUrl)).text();
  expect(list).toContain('alice@acme.test');
  expect(list).toContain('Seats of &quot;&lt;b&gt;Design&lt;/b&gt;&quot; at 90 %');
  expect(list).toMatch(/<time datetime="\d{4}-\d\d-\d\dT/);
  const id = catcher.messages[0]?.id;
  const message = await (await fetch(`${catcher.webUrl}message/${id}`)).text();
  expect(message).toContain('The license has 45 of 50 seats in use.');
  expect(message).toContain(`<iframe title="HTML part" sandbox src="/message/${id}/html">`);
  const html = await fetch(`${catcher.webUrl}message/${id}/html`);
  expect(html.headers.get('content-security-policy')).toMatch(/^sandbox; default-src 'none'/);
  expect(await html.text()).toContain('<p>The license has 45 of 50 seats in use.</p>');
  expect((await fetch(`${catcher.webUrl}message/999`)).status).toBe(404);
});
