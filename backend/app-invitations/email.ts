// The invitation email (issue 25 item 3; the guide's "Deploying via an
// Invitation Email"): one message, plain text and HTML, with the download link
// and the "Activate Latchkey" link (the service's landing page, links.ts).
// Every value from outside (the account's name, the email, the links) is
// escaped in the HTML.
import type { MailMessage } from '../mail/mailer.ts';
import { escapeHtml } from '../http/pages.ts';

export interface InvitationEmailFields {
  to: string;
  accountName: string;
  downloadUrl: string;
  activateUrl: string;
}

export function invitationEmail(f: InvitationEmailFields): MailMessage {
  const subject = `${f.accountName} invites you to activate Latchkey`;
  const text = [
    'Hello,',
    '',
    `${f.accountName} invites you to use Latchkey, activated with your work account (single sign-on).`,
    '',
    `1. Download and install Latchkey: ${f.downloadUrl}`,
    `2. Activate Latchkey: ${f.activateUrl}`,
    `   This opens Latchkey at "Continue with SSO" with your email (${f.to}) filled in;`,
    '   choose Next and sign in with your company login.',
    '',
    'If the link does not open Latchkey: open Latchkey, choose Account & License…,',
    `then Continue with SSO, type ${f.to} and choose Next.`,
    '',
    'You received this email because an administrator of your company invited you. If you did not expect it, you can ignore it.',
  ].join('\n');
  const e = {
    account: escapeHtml(f.accountName),
    to: escapeHtml(f.to),
    download: escapeHtml(f.downloadUrl),
    activate: escapeHtml(f.activateUrl),
  };
  const html =
    `<!doctype html><html lang="en"><body style="font:16px system-ui,sans-serif;color:#1d1d1f">` +
    `<p>Hello,</p><p>${e.account} invites you to use Latchkey, activated with your work account (single sign-on).</p>` +
    `<ol><li><a href="${e.download}">Download and install Latchkey</a></li>` +
    `<li><a href="${e.activate}">Activate Latchkey</a>: this opens Latchkey at “Continue with SSO” with your email (${e.to}) filled in; choose Next and sign in with your company login.</li></ol>` +
    `<p>If the link does not open Latchkey: open Latchkey, choose <b>Account &amp; License…</b>, then <b>Continue with SSO</b>, type ${e.to} and choose <b>Next</b>.</p>` +
    `<p style="color:#555">You received this email because an administrator of your company invited you. If you did not expect it, you can ignore it.</p>` +
    `</body></html>`;
  return { to: f.to, subject, text, html };
}

/** A mail server's refusal or a connection failure in words, for the console's "failed" (no secrets: no URL). */
export function smtpFailureInWords(err: unknown): string {
  const e = err as { code?: unknown; response?: unknown; responseCode?: unknown; message?: unknown };
  const cut = (s: string) => (s.length > 300 ? `${s.slice(0, 297)}…` : s);
  if (typeof e.response === 'string' && e.response)
    return cut(`the mail server refused the message: ${e.response}`);
  switch (e.code) {
    case 'ECONNECTION':
    case 'ESOCKET':
    case 'ECONNREFUSED':
      return 'could not reach the mail server (LATCHKEY_SMTP_URL): it refused or closed the connection';
    case 'ETIMEDOUT':
      return 'the mail server did not answer in time';
    case 'EAUTH':
      return 'the mail server refused the sign-in: check the user and password in LATCHKEY_SMTP_URL';
    case 'EENVELOPE':
      return 'the mail server refused the recipient address';
    default:
      return cut(`sending failed: ${typeof e.message === 'string' ? e.message : String(err)}`);
  }
}
