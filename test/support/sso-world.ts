// An SSO-ready world for end-to-end tests: the service in development mode
// with the dev IdP, a real DNS server, and an account whose integration is
// active (domain acme.test verified, IdP from the dev IdP's metadata, users and
// groups pushed over SCIM the way Okta does, a 5-seat license); and a system
// browser that keeps cookies, follows redirects and forms, and signs in as a
// chosen user on the dev IdP's page. Plain Node (no vitest): the Playwright
// harness (test/e2e/world.ts) runs it too.
import { connectDevIdp } from '../../devtools/connect-dev-idp.ts';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../devtools/console-client.ts';
import type { TestDialect } from './databases.ts';
import { startDnsServer, type TestDnsServer } from '../../devtools/dns-server.ts';
import { formOf, unescapeHtml } from './html-forms.ts';
import { startTestService, type TestService } from './service.ts';

export interface SsoWorld {
  service: TestService;
  dns: TestDnsServer;
  accountId: string;
  /** The owner's console client, signed in by password before the integration was activated. */
  owner: ConsoleClient;
  close(): Promise<void>;
}

export async function startSsoWorld(dialect: TestDialect): Promise<SsoWorld> {
  const dns = await startDnsServer();
  const service = await startTestService(dialect, {
    mode: 'development',
    dnsServer: dns.address,
    env: { LATCHKEY_DEV_IDP: 'on' },
  });
  const owner = new ConsoleClient(service.baseUrl);
  const accountId = await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
  await owner.login('owner@acme.test', 'correct horse battery');
  await owner.post('/api/console/domains', { domain: 'acme.test' });
  await connectDevIdp(owner, dns, 'owner@acme.test');
  await addLicense(
    service.deps.database.db,
    service.deps.clock,
    { accountId, edition: 'business', seats: 5, deviceLimit: 3, expiresAt: '2099-01-01' },
    'test',
  );
  return {
    service,
    dns,
    accountId,
    owner,
    async close() {
      await service.close();
      await dns.close();
    },
  };
}

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

/** A system browser: keeps cookies, follows redirects and forms, picks `user` on the dev IdP page; stops at the app's redirect URI. */
export async function browse(
  start: string,
  user: string,
  stopAt = '\u0000',
): Promise<{ callback?: string; lastPage: string }> {
  const jar = new Map<string, string>();
  let next: { url: string; method: string; body?: string } | undefined = { url: start, method: 'GET' };
  let lastPage = '';
  for (let hops = 0; next && hops < 30; hops++) {
    if (next.url.startsWith(stopAt)) return { callback: next.url, lastPage };
    const res: Response = await fetch(next.url, {
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
      };
    }
    const form = formOf(lastPage);
    if (!form.action) break;
    const fields =
      lastPage.includes('Latchkey dev IdP') && lastPage.includes('name="user"')
        ? { ...form.fields, user, fault: 'none' }
        : form.fields;
    next = {
      url: new URL(form.action, base).toString(),
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
    };
  }
  return { lastPage };
}
