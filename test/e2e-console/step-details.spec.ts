// Issue 22 items 5, 8 and 9 walked in Chromium, each where the guide puts it:
// step 7's backup login is the signed-in owner by default (preselected, green);
// step 1 says when another account has added the same domain (and shows the
// lost claim once that account verifies first), and a field's old error goes
// once its value changes; step 5 rotates the Bearer Token in two steps (a new
// token the IdP uses, then the old one revoked and refused by /scim/v2).
// axe light and dark with each of these steps open; screenshots of each.
import { expect, test, type Page } from '@playwright/test';
import { ConsoleClient } from '../../devtools/console-client.ts';
import {
  expectAccessibleInBothSchemes,
  expectFieldError,
  expectGreen,
  outside,
  serviceUrl,
  step,
} from './console-pages.ts';

const owner = { email: 'owner@details.test', password: 'correct horse battery staple' };
const shared = 'shared-details.test';
const screens = (name: string) => `test-results/screens/${name}.png`;
test.describe.configure({ mode: 'serial' });

/** Opens a step by its title button (works with one step open at a time or all open). */
async function openStep(page: Page, key: string, title: string) {
  const trigger = page.getByRole('button', { name: title }).first();
  if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
  await expect(trigger).toHaveAttribute('aria-expanded', 'true');
  return step(page, key);
}

async function integrationPage(page: Page, go = true) {
  if (go) await page.goto(`${await serviceUrl()}/console/integration`);
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  const start = page.getByRole('button', { name: 'Start Configuring' });
  if (await start.isVisible()) await start.click();
}

async function screenshotBoth(page: Page, name: string) {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: screens(`${name}-${colorScheme}`), fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('the owner signs up; step 7 shows them preselected as the backup login, green', async ({ page }) => {
  await page.goto(`${await serviceUrl()}/console/sign-up`);
  await page.getByLabel('Company name', { exact: true }).fill('Details Inc');
  await page.getByLabel('Work email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await integrationPage(page, false);
  const backup = await openStep(page, 'backup_login', 'Configure backup login');
  await expectGreen(page, 'backup_login');
  await expect(backup).toContainText(`Backup login now: ${owner.email} (you)`);
  await expect(backup.getByRole('button', { name: /Backup login/ })).toContainText(owner.email);
  await expectAccessibleInBothSchemes(page, 'step 7 open');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: screens('backup-login-light'), fullPage: true });
});

/** Each test after the first has an account of its own (signed up over the API), signed in through the screens. */
async function signInAsNewOwner(page: Page, email: string) {
  await new ConsoleClient(await serviceUrl()).signUp(`${email} Inc`, email, owner.password);
  await page.goto(`${await serviceUrl()}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  // Sign-in lands on the Dashboard; the configurator is one menu item away.
  await expect(page.getByRole('heading', { level: 1, name: 'Dashboard' })).toBeVisible();
  await page.getByRole('link', { name: 'IdP Integration', exact: true }).click();
  await integrationPage(page, false);
}

test("step 1: a domain another account added is flagged; that account verifies first and the claim shows lost; a field's old error goes when its value changes", async ({
  page,
}) => {
  // Another account (through the console API, as its admin would) has added the domain first.
  const other = new ConsoleClient(await serviceUrl());
  await other.signUp('Other Co', 'owner@other-details.test', owner.password);
  expect((await other.login('owner@other-details.test', owner.password)).status).toBe(200);
  const theirs = await other.post<{ id: string; record: { host: string; value: string } }>(
    '/api/console/domains',
    { domain: shared },
  );
  expect(theirs.status).toBe(201);

  await signInAsNewOwner(page, 'owner@domains-details.test');
  const domains = await openStep(page, 'domains', "Configure Your Organization's Domain(s)");
  const field = domains.getByLabel('Domain', { exact: true });

  // A refused value: the error is under the field; changing the value takes it away.
  await field.fill('gmail.com');
  await domains.getByRole('button', { name: 'Add domain' }).click();
  await expectFieldError(domains, 'Domain', /.+/);
  await field.fill('gmail.co');
  await expect(field).not.toHaveAttribute('aria-invalid', 'true');
  await expect(domains.locator('.field-error')).toHaveCount(0);

  await field.fill(shared);
  await domains.getByRole('button', { name: 'Add domain' }).click();
  const row = domains.getByRole('listitem', { name: shared, exact: true });
  await expect(row).toContainText('Another account has added this domain; the first to verify it keeps it.');
  await expect(row).not.toContainText('Other Co');
  await expectAccessibleInBothSchemes(page, 'step 1 open, domain claimed elsewhere');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: screens('domain-warning-light'), fullPage: true });
  await page.emulateMedia({ colorScheme: null });

  // The other account verifies first: this account's claim is voided, and step 1 says so.
  await outside('/dns', theirs.body.record);
  expect((await other.post(`/api/console/domains/${theirs.body.id}/verify`)).status).toBe(200);
  await page.reload();
  const after = await openStep(page, 'domains', "Configure Your Organization's Domain(s)");
  const lost = after.getByRole('listitem', { name: `${shared} (claim lost)` });
  await expect(lost).toContainText(`Another account verified ${shared} first`);
  await expect(after.getByRole('listitem', { name: shared, exact: true })).toHaveCount(0);
});

test('step 5: rotating the Bearer Token in two steps — the IdP uses the new one, then the old one is revoked and refused', async ({
  page,
}) => {
  const base = await serviceUrl();
  await signInAsNewOwner(page, 'owner@scim-details.test');
  let scim = await openStep(page, 'scim', 'Configure SCIM integration');
  await scim.getByRole('button', { name: 'Create Bearer Token' }).click();
  const tokenValue = () =>
    scim.locator('.copy-value', { hasText: 'Bearer Token' }).locator('code').innerText();
  const first = await tokenValue();
  expect(first).toMatch(/^lks_/);
  await outside('/scim-push', { token: first });

  // A live token: "Create a new token" says what it does; the new one is shown once with where to paste it.
  await page.reload();
  scim = await openStep(page, 'scim', 'Configure SCIM integration');
  await expect(scim).toContainText('the IdP keeps using the old one until you revoke it');
  await expect(scim.getByRole('button', { name: 'Create Bearer Token' })).toHaveCount(0);
  await scim.getByRole('button', { name: 'Create a new token' }).click();
  const second = await tokenValue();
  expect(second).not.toBe(first);
  await expect(scim).toContainText('Provisioning');
  await expect(scim).toContainText('Secret token');
  await expect(scim.locator('li.token')).toHaveCount(2);
  await expect(scim.getByRole('listitem', { name: `Bearer Token …${first.slice(-4)}` })).toContainText(
    /last used by the IdP (?!never)/,
  );
  await expect(scim.getByRole('listitem', { name: `Bearer Token …${second.slice(-4)}` })).toContainText(
    'last used by the IdP never',
  );
  await expect(scim).toContainText('Waiting for the IdP to use the new token');
  await expect(scim.getByRole('button', { name: 'Revoke the old token' })).toHaveCount(0);
  await expectAccessibleInBothSchemes(page, 'step 5 open, rotation waiting');
  await screenshotBoth(page, 'scim-rotation');

  // The IdP now uses the new token: the old one is offered for revocation, behind a confirmation.
  await outside('/scim-push', { token: second });
  await page.reload();
  scim = await openStep(page, 'scim', 'Configure SCIM integration');
  await scim.getByRole('button', { name: 'Revoke the old token' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Revoke the old Bearer Token?' });
  await expect(confirm).toContainText(`…${first.slice(-4)} will be refused from now on`);
  await expectAccessibleInBothSchemes(page, 'step 5, revoke the old token dialog');
  await confirm.getByRole('button', { name: 'Revoke the old token' }).click();
  await expect(confirm).toHaveCount(0);
  await expect(scim.locator('li.token')).toHaveCount(1);
  await expect(scim.locator('li.token')).toContainText(second.slice(-4));

  const users = (token: string) =>
    fetch(`${base}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${token}` } });
  expect((await users(first)).status).toBe(401);
  expect((await users(second)).status).toBe(200);
});
