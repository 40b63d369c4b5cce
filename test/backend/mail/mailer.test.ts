import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../../backend/mail/mailer.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../support/smtp-catcher.ts';

describe('SMTP mailer (real SMTP server on loopback)', () => {
  let catcher: SmtpCatcher;
  beforeAll(async () => {
    catcher = await startSmtpCatcher();
  });
  afterAll(() => catcher.close());

  it('delivers one message with its text, HTML and headers to the recipient', async () => {
    const mailer = createSmtpMailer(catcher.url, 'Latchkey <alerts@latchkey.test>');
    await mailer.send({
      to: 'admin@acme.test',
      subject: 'Certificate expires in 7 days',
      text: 'The IdP certificate of Acme expires on 2026-12-14.',
      html: '<p>The IdP certificate of <b>Acme</b> expires on 2026-12-14.</p>',
      headers: { 'List-Unsubscribe': '<https://latchkey.test/u/abc>' },
    });
    mailer.close();
    const [mail] = await catcher.waitFor((m) => m.subject === 'Certificate expires in 7 days');
    expect(mail?.to).toEqual(['admin@acme.test']);
    expect(mail?.from).toContain('alerts@latchkey.test');
    expect(mail?.text).toContain('expires on 2026-12-14');
    expect(mail?.html).toContain('<b>Acme</b>');
    expect(mail?.headers.get('list-unsubscribe')).toBe('<https://latchkey.test/u/abc>');
  });

  it('rejects when no SMTP server answers, so the caller can retry', async () => {
    const mailer = createSmtpMailer('smtp://127.0.0.1:1', 'a@b.test');
    await expect(
      mailer.send({ to: 'x@y.test', subject: 's', text: 't', html: '<p>t</p>' }),
    ).rejects.toThrow();
    mailer.close();
  });
});
