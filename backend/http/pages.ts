// The few HTML pages a browser sees during SSO: a failure explained in plain
// words (the catalog's message, what to ask IT, a reference), and an
// auto-submitting form for the HTTP-POST binding.
import { describeFailure, type FailureCode } from '../../common/failure-codes.ts';

export const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title>` +
  `<style>body{font:16px system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1d1d1f}code{background:#f2f2f2;padding:.1rem .3rem}</style></head><body>${body}</body></html>`;

export function failurePage(code: FailureCode, reference: string | number): string {
  const info = describeFailure(code);
  return page(
    'Sign-in did not work',
    `<main><h1>Sign-in did not work</h1><p role="alert">${escapeHtml(info.userMessage)}</p>` +
      `<p>Give your IT team this reference: <code>${escapeHtml(code)}</code> / <code>${escapeHtml(String(reference))}</code></p></main>`,
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
