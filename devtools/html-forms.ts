// Reading the service's HTML pages the way a browser would: a form's action
// and hidden fields (auto-POST pages, the dev IdP's login page).
export const unescapeHtml = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function formOf(html: string): { action: string; fields: Record<string, string> } {
  const action = unescapeHtml(/<form method="post" action="([^"]+)"/.exec(html)?.[1] ?? '');
  const fields = Object.fromEntries(
    // `/>` too: oidc-provider's own auto-submitted forms (the switch from one person's session to another's).
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"\s*\/?>/g)].map((m) => [
      m[1],
      unescapeHtml(m[2] ?? ''),
    ]),
  );
  return { action, fields };
}
