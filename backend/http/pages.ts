// The few HTML pages a browser sees during SSO: a failure explained in plain
// words (the catalog's message, what to ask IT, a reference), and an
// auto-submitting form for the HTTP-POST binding.
import { describeFailure, remedyFor, type FailureCode } from '../../common/failure-codes.ts';

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** A page in the service's one plain style (also the device-code pages, oidc/device-pages.ts). */
export const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
  `<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}code{background:#f2f2f2;padding:.1rem .3rem}</style></head><body>${body}</body></html>`;

/**
 * A refusal in plain words: the catalog's message; what to tell IT (naming the desktop-users group
 * where the refusal did); the reference; and `next`, what the user does now (the app or the console).
 */
export function failurePage(
  code: FailureCode,
  reference: string | number,
  options: { group?: string | null; next?: string } = {},
): string {
  const info = describeFailure(code);
  const askIt = options.group
    ? `<h2>What to tell your IT team</h2><p>${escapeHtml(remedyFor(code, { group: options.group }))}</p>`
    : '';
  return page(
    'Sign-in did not work',
    `<main><h1>Sign-in did not work</h1><p role="alert">${escapeHtml(info.userMessage)}</p>${askIt}` +
      `<p>Give your IT team this reference: <code>${escapeHtml(code)}</code> / <code>${escapeHtml(String(reference))}</code></p>` +
      `${options.next ? `<p>${escapeHtml(options.next)}</p>` : ''}</main>`,
  );
}

/** A browser's sign-in step refused by a rate limit (429): nothing was tried, so there is no reference. */
export function tooManySignInsPage(retryAfterSeconds: number): string {
  const wait = retryAfterSeconds <= 60 ? 'a minute' : `${Math.ceil(retryAfterSeconds / 60)} minutes`;
  return page(
    'Too many sign-ins',
    `<main><h1>Too many sign-ins</h1><p role="alert">Too many sign-ins came from your network in the last minute, so this one was not tried. ` +
      `Wait ${wait} and try again; if it keeps happening, ask your IT team.</p>` +
      // The catalog's code: its remedy tells IT which limits there are (common/failure-codes.ts).
      `<p>Give your IT team this reference: <code>${'SIGN_IN_RATE_LIMITED' satisfies FailureCode}</code></p></main>`,
  );
}

/** A post to a sign-in endpoint that is not a sign-in answer at all (too large, no SAMLResponse field). */
export function unreadablePostPage(tooLarge: boolean): string {
  return page(
    'Sign-in did not work',
    `<main><h1>Sign-in did not work</h1><p role="alert">The sign-in answer from your company's login page ` +
      `${tooLarge ? 'was too large to be read' : 'could not be read'}. Start the sign-in again; if it happens again, ask your IT team.</p>` +
      `<p>Give your IT team this reference: <code>${tooLarge ? 'body_too_large' : 'invalid_input'}</code></p></main>`,
  );
}

export function autoPostPage(
  action: string,
  fields: Record<string, string>,
  title = 'Continuing sign-in…',
): string {
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">`)
    .join('');
  return page(
    title,
    `<main><form method="post" action="${escapeHtml(action)}" id="f">${inputs}<noscript><button type="submit">Continue</button></noscript></form>` +
      `<p>${escapeHtml(title)}</p><script>document.getElementById('f').submit()</script></main>`,
  );
}
