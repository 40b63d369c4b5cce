// Workspaces and the Dashboard (issue 22 item 1), as the guides begin: "Go to
// the Dashboard page, and make sure that your business account is selected as
// the current workspace in the top-left corner". A consultant administers two
// business accounts with one email and password: one sign-in opens both, the
// switcher (top left, by keyboard) moves between them, and no screen ever
// shows one account's data under the other's name.
import { expect, test, type Page } from '@playwright/test';
import { ConsoleClient } from '../../devtools/console-client.ts';
import { signInAtIdp } from '../e2e/dialogs.ts';
import { expectAccessible, outside, serviceUrl, tabTo } from './console-pages.ts';

const consultant = { email: 'consultant@northwind.example', password: 'correct horse battery staple' };
const north = { name: 'Northwind Traders', domain: 'northwind.example' };
const south = { name: 'Southwind Foods' };
test.describe.configure({ mode: 'serial' });

/** Two accounts with one owner; Northwind has a license and a verified domain, Southwind neither. */
test.beforeAll(async () => {
  const client = new ConsoleClient(await serviceUrl());
  const northId = await client.signUp(north.name, consultant.email, consultant.password);
  await client.signUp(south.name, consultant.email, consultant.password);
  await outside('/license', { accountId: northId });
  expect((await client.login(consultant.email, consultant.password)).status).toBe(200);
  const inNorth = async <T>(method: string, path: string, body?: unknown) =>
    (
      await client.raw(method, path, {
        headers: {
          'x-csrf-token': await client.csrf(),
          'latchkey-workspace': northId,
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      })
    ).body as T;
  const added = await inNorth<{ id: string; record: { host: string; value: string } }>(
    'POST',
    '/api/console/domains',
    { domain: north.domain },
  );
  await outside('/dns', added.record);
  const verified = await inNorth<{ verified: boolean }>('POST', `/api/console/domains/${added.id}/verify`);
  expect(verified.verified).toBe(true);
});

const switcher = (page: Page) => page.getByRole('button', { name: /Workspace/ });
const card = (page: Page, name: string) => page.getByRole('region', { name });

async function expectNorthwind(page: Page) {
  await expect(switcher(page)).toContainText(north.name);
  await expect(card(page, 'Licenses')).toContainText('0 of 10 seats used');
  await expect(card(page, 'Verified domains')).toContainText(north.domain);
}

async function expectSouthwind(page: Page) {
  await expect(switcher(page)).toContainText(south.name);
  await expect(card(page, 'Licenses')).toContainText('No license yet.');
  await expect(card(page, 'Verified domains')).toContainText('None yet');
  await expect(card(page, 'Verified domains')).not.toContainText(north.domain);
}

test('an admin of two accounts lands on the Dashboard and switches workspaces by keyboard', async ({
  page,
}) => {
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await tabTo(page, 'Email');
  await page.keyboard.type(consultant.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(consultant.password);
  await page.keyboard.press('Enter');

  // Sign-in lands on the Dashboard, the first business account selected top left.
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();
  await expect(page).toHaveURL(/\/console\/dashboard$/);
  await expectNorthwind(page);
  // Step 1 (its domain) and step 7 (its admin, the default backup login) are done.
  await expect(card(page, 'IdP integration')).toContainText('2 of 7 steps done');
  await expect(card(page, 'IdP integration').getByRole('link', { name: /^Step 2:/ })).toBeVisible();

  // The switcher by keyboard: it lists both accounts and "Add a business account…".
  await tabTo(page, /Workspace/, 20, 'Shift+Tab');
  await page.keyboard.press('Enter');
  const list = page.getByRole('listbox');
  await expect(list.getByRole('option')).toHaveCount(3);
  await expect(list.getByRole('option').nth(0)).toContainText(`${north.name}${consultant.email} · password`);
  await expect(list.getByRole('option').nth(1)).toContainText(`${south.name}${consultant.email} · password`);
  await expect(list.getByRole('option').nth(2)).toHaveText('Add a business account…');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: 'test-results/screens/workspace-switcher-light.png', fullPage: true });
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expectSouthwind(page);

  // The other screens read Southwind's data too; a reload keeps this tab's workspace.
  await page.getByRole('link', { name: 'Licenses', exact: true }).click();
  await expect(page.getByText('No licenses yet.')).toBeVisible();
  await page.reload();
  await expect(page.getByText('No licenses yet.')).toBeVisible();
  await expect(switcher(page)).toContainText(south.name);
  await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
  await expectSouthwind(page);

  // And back.
  await switcher(page).focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expectNorthwind(page);
  // The page opens afresh in the workspace chosen: its heading takes focus, as on any page's opening.
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeFocused();
});

test('the Dashboard passes axe-core WCAG 2.1 AA, in light and dark colour schemes', async ({ page }) => {
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(consultant.email);
  await page.getByLabel('Password', { exact: true }).fill(consultant.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectNorthwind(page);
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page, `dashboard ${colorScheme}`);
    await page.screenshot({
      path: `test-results/screens/dashboard-empty-${colorScheme}.png`,
      fullPage: true,
    });
  }
});

test('"Add a business account" opens the sign-in within the session and returns to the Dashboard', async ({
  page,
}) => {
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(consultant.email);
  await page.getByLabel('Password', { exact: true }).fill(consultant.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectNorthwind(page);
  await switcher(page).click();
  await page.getByRole('option', { name: 'Add a business account…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Add a business account' })).toBeVisible();
  await expect(page.getByText('You stay signed in to your current workspaces')).toBeVisible();
  await page.getByRole('link', { name: 'Back to the Dashboard' }).click();
  await expectNorthwind(page);
});

test('"Add a business account" by SSO: Acme joins the session and is the workspace shown', async ({
  page,
}) => {
  // Acme's SSO is the one console-walk.spec.ts (run first, same world) set up and activated.
  const base = await serviceUrl();
  const probe = await fetch(`${base}/api/console/sso/start?email=alice%40acme.test`, { redirect: 'manual' });
  test.skip(probe.status !== 302, "needs the walk's active Acme account: run console-walk.spec.ts first");
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(consultant.email);
  await page.getByLabel('Password', { exact: true }).fill(consultant.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expectNorthwind(page);
  await switcher(page).click();
  await page.getByRole('option', { name: 'Add a business account…' }).click();
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email', { exact: true }).fill('alice@acme.test');
  await page.getByRole('button', { name: 'Continue', exact: true }).click();
  await signInAtIdp(page, 'alice@acme.test');

  // Back on the Dashboard with the account just added selected; the others are still there.
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await expect(page).toHaveURL(/\/console\/dashboard$/);
  await expect(switcher(page)).toContainText('Acme Corporation');
  await expect(page.getByText('alice@acme.test (signed in with single sign-on)')).toBeVisible();
  await expect(card(page, 'IdP integration')).toContainText('Active since');
  await switcher(page).click();
  await expect(page.getByRole('option')).toHaveCount(4);
  await page.getByRole('option', { name: new RegExp(north.name) }).click();
  await expectNorthwind(page);
  await expect(page.getByText(`${consultant.email} (signed in with password)`)).toBeVisible();
});
