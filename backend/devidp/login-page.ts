// The dev IdP's sign-in page (QA and demo): it looks like a company's sign-in
// page, offers the directory's users with the one the app's login_hint names
// chosen first, says when the service asked for a fresh sign-in (ForceAuthn),
// and keeps QA's fault switch. The form's field names (user, fault and the
// hidden ones) are what scripts and the Playwright steps fill in.
import { escapeHtml } from '../http/pages.ts';
import type { Directory } from './directory.ts';
import { faults } from './login-response.ts';

export interface LoginPageFields {
  accountId: string;
  requestId: string;
  relayState: string;
}

const styles = `
body{margin:0;font:15px -apple-system,BlinkMacSystemFont,"Segoe UI",system-ui,sans-serif;background:#eef1f5;color:#1b1f24}
main{max-width:24rem;margin:8vh auto;background:#fff;border-radius:10px;box-shadow:0 2px 12px rgba(0,0,0,.12);padding:2rem 2.25rem}
.brand{display:flex;align-items:center;gap:.6rem;font-weight:600;color:#2b4c7e;margin-bottom:1.25rem}
.brand span{display:inline-grid;place-items:center;width:2rem;height:2rem;border-radius:6px;background:#2b4c7e;color:#fff}
h1{font-size:1.35rem;margin:0 0 .25rem}
p{margin:.25rem 0 1rem;color:#4a5461}
label{display:block;font-weight:600;margin:1rem 0 .35rem}
select,button{font:inherit;width:100%;box-sizing:border-box;padding:.55rem .6rem;border-radius:6px}
select{border:1px solid #9aa5b1;background:#fff}
button{margin-top:1.5rem;border:0;background:#2b4c7e;color:#fff;font-weight:600;cursor:pointer}
button:focus-visible,select:focus-visible{outline:3px solid #7aa7e8;outline-offset:2px}
.fresh{background:#fff6db;border:1px solid #e8c55a;border-radius:6px;padding:.5rem .7rem;color:#5c4600}
.qa{margin-top:1.25rem;padding-top:.25rem;border-top:1px solid #e1e5ea}
.qa label{font-weight:500;color:#4a5461}
footer{margin-top:1.5rem;font-size:.8rem;color:#68727f}`;

export function loginPage(
  directory: Directory,
  fields: LoginPageFields,
  ask: { loginHint: string | null; forceAuthn: boolean },
): string {
  const hinted = ask.loginHint?.toLowerCase() ?? null;
  const users = directory.users
    .map((u) => {
      const selected = hinted !== null && [u.userName, u.email].some((e) => e?.toLowerCase() === hinted);
      const name = `${u.givenName ?? ''} ${u.familyName ?? ''}`.trim();
      return `<option value="${escapeHtml(u.userName)}"${selected ? ' selected' : ''}>${escapeHtml(name ? `${name} <${u.userName}>` : u.userName)}</option>`;
    })
    .join('');
  const options = faults.map((f) => `<option value="${f}">${f}</option>`).join('');
  const hidden = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${escapeHtml(v)}">`)
    .join('');
  const fresh = ask.forceAuthn
    ? '<p class="fresh" role="note">The application asked for a fresh sign-in: choose who you are, even if you signed in before.</p>'
    : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>Sign in · Latchkey dev IdP</title><style>${styles}</style></head><body><main>
<div class="brand"><span aria-hidden="true">A</span>Acme Identity · Latchkey dev IdP</div>
<h1>Sign in</h1><p>to continue to Latchkey</p>${fresh}
<form method="post" action="/dev-idp/login">${hidden}
<label for="user">Account</label><select id="user" name="user">${users}</select>
<div class="qa"><label for="fault">QA fault to reproduce</label><select id="fault" name="fault">${options}</select></div>
<button type="submit">Sign in</button></form>
<footer>Development only: this identity provider signs in whoever is chosen, without a password.</footer></main></body></html>`;
}
