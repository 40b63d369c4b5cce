// The web page an invitation's "Activate Latchkey" link opens (issue 25 item
// 3): works signed out and without JavaScript. It offers the app's own link
// (which opens "Continue with SSO" with the email filled in), the download
// link, and the steps for someone who has not installed the app yet (the
// guide's menu steps). It names only the invitee and their company: nothing
// about anyone else.
import { escapeHtml } from '../http/pages.ts';

const style =
  'body{font:16px system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;color:#1d1d1f;background:#fff}' +
  'a.button{display:inline-block;padding:.6rem 1.1rem;border-radius:.4rem;background:#0a58ca;color:#fff;text-decoration:none;font-weight:600}' +
  'a{color:#0a58ca}li{margin:.4rem 0}code{background:#f2f2f2;padding:.1rem .3rem}' +
  '@media (prefers-color-scheme: dark){body{background:#1c1c1e;color:#f2f2f7}a{color:#8ab4ff}a.button{background:#1d4ed8;color:#fff}code{background:#333}}';

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${style}</style></head>` +
  `<body><main>${body}</main></body></html>`;

export interface LandingFields {
  accountName: string;
  email: string;
  appLink: string;
  downloadUrl: string | null;
}

export function invitationLandingPage(f: LandingFields): string {
  const e = {
    account: escapeHtml(f.accountName),
    email: escapeHtml(f.email),
    app: escapeHtml(f.appLink),
  };
  const download = f.downloadUrl
    ? `<a href="${escapeHtml(f.downloadUrl)}">Download Latchkey</a>`
    : 'Ask your IT team where to download Latchkey';
  return page(
    'Activate Latchkey',
    `<h1>Activate Latchkey</h1>` +
      `<p>${e.account} invites you to use Latchkey with your work account (single sign-on), as <strong>${e.email}</strong>.</p>` +
      `<h2>If Latchkey is installed</h2>` +
      `<p><a class="button" href="${e.app}">Open Latchkey and activate</a></p>` +
      `<p>Latchkey opens at “Continue with SSO” with your email filled in. Choose Next and sign in with your company login; nothing is activated until you do.</p>` +
      `<h2>If you do not have Latchkey yet</h2>` +
      `<ol><li>${download} and install it.</li>` +
      `<li>Come back to this page and choose “Open Latchkey and activate”, or:</li>` +
      `<li>In Latchkey, choose <strong>Account &amp; License…</strong>, then <strong>Continue with SSO</strong>.</li>` +
      `<li>Type your work email, <code>${e.email}</code>, and choose <strong>Next</strong>.</li>` +
      `<li>Sign in with your company login in the browser that opens; Latchkey shows that it is activated.</li></ol>` +
      `<p>If the sign-in does not work, ask your IT team: they can see what happened.</p>`,
  );
}

/** The link is not (or no longer) an invitation: a newer email replaced it, or it was mistyped. */
export function invitationNotFoundPage(): string {
  return page(
    'Invitation link not valid',
    `<h1>This invitation link is not valid</h1>` +
      `<p role="alert">It may have been replaced by a newer invitation email: use the link in the latest one. ` +
      `If you have none, ask your IT team to send the invitation again.</p>`,
  );
}

export function invitationRevokedPage(): string {
  return page(
    'Invitation withdrawn',
    `<h1>This invitation was withdrawn</h1>` +
      `<p role="alert">Your IT team withdrew this invitation to Latchkey, so it cannot be used. ` +
      `If you still need Latchkey, ask them to invite you again.</p>`,
  );
}
