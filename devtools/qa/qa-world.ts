// A fresh world for one QA scenario: the real service in development mode
// (SQLite in a temp folder, the dev IdP on), a DNS server on loopback, and the
// Acme account connected the way an admin does it (domain verified over DNS,
// dev IdP metadata, groups, SCIM push as Okta does, steps ticked, backup
// login, integration active) with a license. Scenarios then change it for real:
// over SCIM, the console API, DNS, or the database where only time can.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addLicense } from '../../backend/licensing/license-registry.ts';
import { loadConfig } from '../../backend/config.ts';
import { createLogger } from '../../backend/log.ts';
import { startService, type RunningService } from '../../backend/server.ts';
import { connectDevIdp } from '../connect-dev-idp.ts';
import { ConsoleClient } from '../console-client.ts';
import { startDnsServer, type TestDnsServer } from '../dns-server.ts';

export const acmeOwner = { email: 'owner@acme.test', password: 'correct horse battery' };

export interface AcmeLicense {
  seats: number;
  deviceLimit: number;
  expiresAt: string;
}

export interface QaWorld {
  service: RunningService;
  dns: TestDnsServer;
  /** The Acme owner, signed in to the console. */
  owner: ConsoleClient;
  accountId: string;
  scimToken: string;
  /** A folder for this world's app data folders (one per simulated device). */
  scratch: string;
  close(): Promise<void>;
}

export async function startQaWorld(license: Partial<AcmeLicense> = {}): Promise<QaWorld> {
  const scratch = await mkdtemp(join(tmpdir(), 'latchkey-qa-'));
  const dns = await startDnsServer();
  const config = loadConfig({
    LATCHKEY_ENV: 'development',
    LATCHKEY_DEV_IDP: 'on',
    LATCHKEY_PORT: '0',
    LATCHKEY_DATA_DIR: join(scratch, 'service'),
    LATCHKEY_LOG_LEVEL: 'silent',
    LATCHKEY_DNS_SERVERS: dns.address,
    LATCHKEY_DNS_TIMEOUT_MS: '1000',
    LATCHKEY_DOMAIN_RECHECK_HOURS: '0',
  });
  const service = await startService(config, createLogger(config.logLevel));
  try {
    const owner = new ConsoleClient(service.url);
    const accountId = await owner.signUp('Acme', acmeOwner.email, acmeOwner.password);
    await owner.login(acmeOwner.email, acmeOwner.password);
    await owner.post('/api/console/domains', { domain: 'acme.test' });
    const { scimToken } = await connectDevIdp(owner, dns, acmeOwner.email);
    if (scimToken === null) throw new Error('setup: the QA world provisions with SCIM');
    await addLicense(
      service.deps.database.db,
      service.deps.clock,
      {
        accountId,
        edition: 'business',
        seats: license.seats ?? 5,
        deviceLimit: license.deviceLimit ?? 3,
        expiresAt: license.expiresAt ?? '2099-01-01',
      },
      'qa',
    );
    return {
      service,
      dns,
      owner,
      accountId,
      scimToken,
      scratch,
      async close() {
        await service.stop();
        await dns.close();
        await rm(scratch, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await service.stop();
    await dns.close();
    await rm(scratch, { recursive: true, force: true });
    throw err;
  }
}

/** A SCIM call as the IdP makes it, with the account's bearer token. */
export async function scim(world: QaWorld, method: string, path: string, body?: unknown): Promise<Response> {
  const res = await fetch(`${world.service.url}/scim/v2${path}`, {
    method,
    headers: {
      authorization: `Bearer ${world.scimToken}`,
      ...(body !== undefined && { 'content-type': 'application/scim+json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  if (res.status >= 300) throw new Error(`SCIM ${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

/** The SCIM id of a user or group, found the way Okta looks them up. */
export async function scimId(world: QaWorld, kind: 'Users' | 'Groups', filter: string): Promise<string> {
  const res = await scim(world, 'GET', `/${kind}?filter=${encodeURIComponent(filter)}`);
  const found = ((await res.json()) as { Resources: { id: string }[] }).Resources[0];
  if (!found) throw new Error(`no SCIM ${kind} for ${filter}`);
  return found.id;
}
