// Outgoing email (issue 24 notifications, issue 25 invitations) through SMTP
// with nodemailer. One message per call, plain text and HTML both. The
// transport's timeouts are short: a slow or silent mail server must never hold
// the job that sends (a notification is retried by its caller, not here).
import nodemailer from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Extra headers, e.g. `List-Unsubscribe` (RFC 8058) for notification rules. */
  headers?: Record<string, string>;
}

export interface Mailer {
  /** Resolves with the server's message id once the SMTP server accepted the message. */
  send(message: MailMessage): Promise<{ messageId: string }>;
  close(): void;
}

export function createSmtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport({
    url: smtpUrl,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
  return {
    async send(message) {
      const info = await transport.sendMail({ from, ...message });
      return { messageId: String(info.messageId) };
    },
    close: () => transport.close(),
  };
}

/** The configured mailer, or undefined when LATCHKEY_SMTP_URL is unset (then nothing is emailed). */
export function mailerFromConfig(mail: { smtpUrl: string | undefined; from: string }): Mailer | undefined {
  return mail.smtpUrl === undefined ? undefined : createSmtpMailer(mail.smtpUrl, mail.from);
}
