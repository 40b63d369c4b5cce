// One user's story (issue 23 item 6), in Chromium: Okta provisions Alice and
// puts her in Desktop Users, her Mac activates and checks in, then Okta removes
// her from the group and her license is revoked. The owner opens her timeline
// from the Users page and reads, newest first, why she lost it — and the
// access check says she could not activate now. axe-core light and dark;
// screenshots test-results/screens/timeline-{light,dark}.png.
import { expect, test, type Page } from '@playwright/test';
import { ConsoleClient } from '../../devtools/console-client.ts';
import { expectAccessibleInBothSchemes, outside, serviceUrl } from './console-pages.ts';

const owner = { email: 'owner@timeline.test', password: 'correct horse battery staple' };
const alice = 'alice@timeline.test';
const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

async function screens(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screens/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

/** Okta's SCIM client with the token the console showed once. */
function okta(base: string, token: string) {
  return async <T>(method: string, path: string, body: unknown): Promise<T> => {
    const res = await fetch(`${base}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify(body),
    });
    expect(res.status, `${method} ${path}`).toBeLessThan(300);
    const text = await res.text();
    return (text ? JSON.parse(text) : {}) as T;
  };
}

async function ok(call: Promise<{ status: number; body: unknown }>): Promise<void> {
  const res = await call;
  expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
}

test('after Okta removes Alice from Desktop Users, her timeline says her license was revoked and why', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const base = await serviceUrl();
  const admin = new ConsoleClient(base);
  const accountId = await admin.signUp('Timeline Co', owner.email, owner.password);
  await admin.login(owner.email, owner.password);
  // The account signs in with SSO (the access check then explains the SSO way in): its domain
  // verified, the dev IdP's metadata imported, the groups named, the manual steps ticked, active.
  const domain = (
    await admin.post<{ id: string; record: { host: string; value: string } }>('/api/console/domains', {
      domain: 'timeline.test',
    })
  ).body;
  await outside('/dns', domain.record);
  await ok(admin.post(`/api/console/domains/${domain.id}/verify`));
  const metadata = await (await fetch(`${base}/dev-idp/metadata`)).text();
  await ok(admin.put('/api/console/integration/idp-metadata', { xml: metadata }));
  const created = await admin.post<{ token: string }>('/api/console/scim-tokens', { label: 'Okta' });
  const token = created.body.token;
  const scim = okta(base, token);
  const { id: aliceId } = await scim<{ id: string }>('POST', '/Users', {
    schemas: [USER],
    userName: alice,
    name: { givenName: 'Alice', familyName: 'Example' },
    displayName: 'Alice Example',
    emails: [{ value: alice, primary: true, type: 'work' }],
  });
  const group = await scim<{ id: string }>('POST', '/Groups', {
    schemas: [GROUP],
    displayName: 'Desktop Users',
    externalId: 'timeline-desktop',
    members: [{ value: aliceId }],
  });
  await ok(
    admin.put('/api/console/integration/groups', {
      adminsGroup: { name: 'Admins', id: 'timeline-admins' },
      desktopUsersGroup: { name: 'Desktop Users', id: 'timeline-desktop' },
    }),
  );
  for (const step of ['sp_registration', 'scim', 'users_assigned'])
    await ok(admin.put(`/api/console/integration/steps/${step}`, { done: true }));
  const users = (await admin.get<{ users: { id: string; userName: string }[] }>('/api/console/users')).body;
  const ownerId = users.users.find((u) => u.userName === owner.email)?.id;
  await ok(admin.put('/api/console/integration/backup-login', { userId: ownerId }));
  await ok(admin.post('/api/console/integration/activate'));
  await outside('/license', { accountId });
  await outside('/sso-device', { accountId, email: alice, device: "Alice's MacBook", checkIns: 3 });
  await scim('PATCH', `/Groups/${group.id}`, {
    schemas: [PATCH],
    Operations: [{ op: 'remove', path: `members[value eq "${aliceId}"]` }],
  });

  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`${base}/console/users`);
  await page.getByRole('link', { name: `Timeline of ${alice}` }).click();
  await expect(page).toHaveURL(new RegExp(`/console/users/${aliceId}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Alice Example');

  const entries = page.getByRole('list', { name: `What happened to ${alice}, newest first` }).locator('> li');
  await expect(entries.locator('.what')).toHaveText([
    'License revoked: USER_NOT_IN_GROUP',
    'Removed from group Desktop Users by Okta (SCIM)',
    "Checked in 3 times from Alice's MacBook",
    "Activated on Alice's MacBook (macOS 15)",
    'Added to group Desktop Users by Okta (SCIM)',
    'Provisioned by Okta (SCIM)',
  ]);
  await expect(entries.first()).toContainText('Add the user to the desktop-users group');
  // Why she lacks a license now: the access decision, read-only, fails on the group.
  const access = page.getByRole('region', { name: `Why can't ${alice} activate?` });
  await expect(access.locator('[data-rule][data-verdict="fail"]').first()).toBeVisible();
  await expect(access).toContainText('USER_NOT_IN_GROUP');

  await expectAccessibleInBothSchemes(page, 'timeline');
  await screens(page, 'timeline');
});
