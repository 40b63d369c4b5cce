// A system browser for scripts: keeps cookies, follows redirects and the
// service's auto-POST forms, and signs in on the dev IdP's login page as a
// chosen user with a chosen fault. Used by the tests, by QA's scenarios and by
// `latchkey-qa sign-in` (devtools/latchkey-qa.ts).
import { formsOf, unescapeHtml } from './html-forms.ts';

async function followRedirects(
  url: string,
  jar: Map<string, string>,
  stopAt: string,
): Promise<string | undefined> {
  let current = url;
  for (let hops = 0; hops < 10; hops++) {
    if (current.startsWith(stopAt)) return current;
    const res = await fetch(current, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    const location = res.headers.get('location');
    if (!location) return undefined;
    current = new URL(location, current).toString();
  }
  return undefined;
}

type BrowserRequest = { url: string; method: string; body?: string };

/** One request with the jar's cookies (a form body when there is one); the answer's cookies go into the jar. */
async function send(next: BrowserRequest, jar: Map<string, string>): Promise<Response> {
  const res = await fetch(next.url, {
    method: next.method,
    redirect: 'manual',
    headers: {
      cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
      ...(next.body !== undefined && { 'content-type': 'application/x-www-form-urlencoded' }),
    },
    ...(next.body !== undefined && { body: next.body }),
  });
  for (const line of res.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return res;
}

/**
 * The page's form, submitted. The dev IdP's login page is the form that asks for a `user` (by field
 * name, not by the page's wording or its place on the page): sign in as the chosen user, with the
 * chosen fault. Undefined: the page has no form to go on with.
 */
function submitNextForm(
  page: string,
  base: string,
  { user, fault }: { user: string; fault: string },
): BrowserRequest | undefined {
  const forms = formsOf(page);
  const login = forms.find((f) => f.names.includes('user'));
  const form = login ?? forms[0];
  if (!form?.action) return undefined;
  const fields = login ? { ...form.fields, user, fault } : form.fields;
  return {
    url: new URL(form.action, base).toString(),
    method: 'POST',
    body: new URLSearchParams(fields).toString(),
  };
}

/** A system browser: keeps cookies, follows redirects and forms, picks `user` on the dev IdP page; stops at the app's redirect URI. */
export async function browse(
  start: string,
  user: string,
  stopAt = '\u0000',
  options: {
    /** The fault QA picks on the dev IdP's page. */
    fault?: string;
    /** The browser's cookies: pass one to keep a session across sign-ins, or to read it. */
    jar?: Map<string, string>;
    /** Start by posting these form fields to `start` (a form the caller read itself), not by a GET. */
    post?: Record<string, string>;
  } = {},
): Promise<{ callback?: string; lastPage: string; visited: string[] }> {
  const { fault = 'none', jar = new Map<string, string>() } = options;
  /** Every URL the browser requested, in order (a test reads which pages it met on the way). */
  const visited: string[] = [];
  let next: BrowserRequest | undefined = options.post
    ? { url: start, method: 'POST', body: new URLSearchParams(options.post).toString() }
    : { url: start, method: 'GET' };
  let lastPage = '';
  for (let hops = 0; next && hops < 30; hops++) {
    if (next.url.startsWith(stopAt)) return { callback: next.url, lastPage, visited };
    visited.push(next.url);
    const res = await send(next, jar);
    const base: string = next.url;
    if (res.status >= 300 && res.status < 400) {
      next = { url: new URL(res.headers.get('location') ?? '', base).toString(), method: 'GET' };
      continue;
    }
    lastPage = await res.text();
    const refresh = /http-equiv="refresh" content="\d+;url=([^"]+)"/.exec(lastPage)?.[1];
    if (refresh) {
      // the failure page, then on to the app
      return {
        callback: await followRedirects(new URL(unescapeHtml(refresh), base).toString(), jar, stopAt),
        lastPage,
        visited,
      };
    }
    next = submitNextForm(lastPage, base, { user, fault });
  }
  return { lastPage, visited };
}
