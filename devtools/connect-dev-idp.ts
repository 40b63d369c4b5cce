// Connects a signed-in account to the dev IdP through the console API, the
// way an admin walks the 7 steps: verify its domains (publishing the TXT
// records on the dev DNS server), import the dev IdP's metadata, name the
// groups, make a SCIM token and push the demo directory as Okta does (or
// choose "without SCIM": users are created at their first sign-in), tick
// the manual steps, pick the backup login, activate. Used by the demo and the
// end-to-end tests; development mode only (the dev IdP exists nowhere else).
import { demoDirectory } from '../backend/devidp/demo-directory.ts';
import { pushDirectory } from '../backend/devidp/scim-push.ts';
import type { ConsoleClient } from './console-client.ts';
import type { TestDnsServer } from './dns-server.ts';

interface DomainView {
  id: string;
  name: string;
  verifiedAt: string | null;
  record: { host: string; value: string };
}

export async function connectDevIdp(
  owner: ConsoleClient,
  dns: TestDnsServer,
  ownerEmail: string,
  /** Step 5: push the directory over SCIM (default), or none: users are created at their first sign-in. */
  provisioning: 'scim' | 'jit' = 'scim',
): Promise<{ scimToken: string | null }> {
  const { domains } = (await owner.get<{ domains: DomainView[] }>('/api/console/domains')).body;
  for (const domain of domains) {
    dns.setTxt(domain.record.host, [domain.record.value]);
    await expectOk(owner.post(`/api/console/domains/${domain.id}/verify`), `verify ${domain.name}`);
  }
  await expectOk(
    owner.put('/api/console/integration/idp-metadata', {
      xml: await (await fetch(`${owner.baseUrl}/dev-idp/metadata`)).text(),
    }),
    'import the dev IdP metadata',
  );
  await expectOk(
    owner.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Latchkey Admins', id: 'grp-admins' },
      desktopUsersGroup: { name: 'Latchkey Desktop Users', id: 'grp-desktop' },
    }),
    'name the groups',
  );
  const token = provisioning === 'scim' ? await pushDemoDirectory(owner) : null;
  if (provisioning === 'jit')
    await expectOk(
      owner.put('/api/console/integration/provisioning', { mode: 'jit' }),
      'step 5 without SCIM',
    );
  for (const step of ['sp_registration', 'scim', 'users_assigned'])
    await expectOk(owner.put(`/api/console/integration/steps/${step}`, { done: true }), `tick ${step}`);
  const users = (await owner.get<{ users: { id: string; userName: string }[] }>('/api/console/users')).body
    .users;
  const backup = users.find((u) => u.userName === ownerEmail);
  await expectOk(owner.put('/api/console/integration/backup-login', { userId: backup?.id }), 'backup login');
  await expectOk(owner.post('/api/console/integration/activate'), 'activate the integration');
  return { scimToken: token };
}

async function pushDemoDirectory(owner: ConsoleClient): Promise<string> {
  const token = (await owner.post<{ token: string }>('/api/console/scim-tokens', {})).body.token;
  const pushed = await pushDirectory(demoDirectory, {
    scimUrl: `${owner.baseUrl}/scim/v2`,
    token,
    vendor: 'okta',
  });
  if (pushed.failures.length > 0) throw new Error(`SCIM push failed: ${JSON.stringify(pushed.failures)}`);
  return token;
}

async function expectOk(call: Promise<{ status: number; body: unknown }>, what: string): Promise<void> {
  const res = await call;
  if (res.status >= 300) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
}
