// An SSO-ready world for end-to-end tests: the service in development mode
// with the dev IdP, a real DNS server, and an account whose integration is
// active (domain acme.test verified, IdP from the dev IdP's metadata, users and
// groups pushed over SCIM the way Okta does — or none, "without SCIM" — a 5-seat license); and a system
// browser that keeps cookies, follows redirects and forms, and signs in as a
// chosen user on the dev IdP's page. Plain Node (no vitest): the Playwright
// harness (test/e2e/world.ts) runs it too.
import { connectDevIdp } from '../../devtools/connect-dev-idp.ts';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import { ConsoleClient } from '../../devtools/console-client.ts';
import type { TestDialect } from './databases.ts';
import { startDnsServer, type TestDnsServer } from '../../devtools/dns-server.ts';
import { startTestService, type TestService, type TestServiceOptions } from './service.ts';
import { readFileSync } from 'node:fs';
import { parseTrustAnchor, type TrustAnchor } from '../../main/core/trust/trust-anchor.ts';

export interface SsoWorld {
  service: TestService;
  dns: TestDnsServer;
  accountId: string;
  /** The dev service's anchor (its development root), as a development app build is configured with it. */
  trustAnchor: TrustAnchor;
  trustAnchorFile: string;
  /** The owner's console client, signed in by password before the integration was activated. */
  owner: ConsoleClient;
  close(): Promise<void>;
}

export async function startSsoWorld(
  dialect: TestDialect,
  /** The service's clock and extra environment (e.g. a limit set low to reach it); step 5's choice (default SCIM). */
  options: Pick<TestServiceOptions, 'clock' | 'env'> & { provisioning?: 'scim' | 'jit' } = {},
): Promise<SsoWorld> {
  const dns = await startDnsServer();
  const service = await startTestService(dialect, {
    mode: 'development',
    dnsServer: dns.address,
    ...(options.clock && { clock: options.clock }),
    env: { LATCHKEY_DEV_IDP: 'on', ...options.env },
  });
  const close = async () => {
    await service.close();
    await dns.close();
  };
  let accountId: string;
  const owner = new ConsoleClient(service.baseUrl);
  try {
    accountId = await owner.signUp('Acme', 'owner@acme.test', 'correct horse battery');
    await owner.login('owner@acme.test', 'correct horse battery');
    await owner.post('/api/console/domains', { domain: 'acme.test' });
    await connectDevIdp(owner, dns, 'owner@acme.test', options.provisioning);
    await addLicense(
      service.deps.database.db,
      service.deps.clock,
      { accountId, edition: 'business', seats: 5, deviceLimit: 3, expiresAt: '2099-01-01' },
      'test',
    );
  } catch (err) {
    // A world that did not come up closes what it opened before its database goes.
    await close();
    throw err;
  }
  const trustAnchorFile = service.trustAnchorFile;
  if (!trustAnchorFile) {
    await close();
    throw new Error('the development service wrote no trust anchor');
  }
  return {
    service,
    dns,
    accountId,
    trustAnchorFile,
    trustAnchor: parseTrustAnchor(readFileSync(trustAnchorFile, 'utf8'), 'configuration'),
    close,
    owner,
  };
}

// The scripted system browser lives in devtools (QA's scenarios use it too).
export { browse } from '../../devtools/scripted-browser.ts';
