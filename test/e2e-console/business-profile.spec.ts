// Business Profile and Register license key (issue 22 items 2 and 6), walked
// as the guides tell an admin: "Click the Business Profile item in the
// business account navigation menu", rename the company and set a contact,
// see the domains at a glance, "choose the SSO menu item" to reach the IdP
// Integration; then Licenses → Register license key with a key the operator
// issued (and a wrong one). axe-core in light and dark on both pages.
import { expect, test, type Page } from '@playwright/test';
import type { License } from '../../common/console-api.ts';
import {
  expectFieldError,
  outside,
  screensInBothSchemes,
  serviceUrl,
  signUpOwner,
  watchCsp,
} from './console-pages.ts';

const owner = { email: 'owner@globex.test', password: 'correct horse battery staple' };
test.describe.configure({ mode: 'serial' });

/** The page in both colour schemes: axe-core finds nothing, and a full-page screenshot of each. */

/** A console API call with the browser's session (what step 1's screens do; its own walk covers them). */
async function consoleCall(page: Page, path: string, data: unknown): Promise<unknown> {
  const base = await serviceUrl();
  const csrf = (await (await page.request.get(`${base}/api/console/csrf`)).json()) as { csrfToken: string };
  const res = await page.request.post(base + path, { data, headers: { 'x-csrf-token': csrf.csrfToken } });
  expect(res.ok(), `${path}: ${res.status()}`).toBe(true);
  return res.json();
}

test('Business Profile from the menu: rename, a contact, domains at a glance, SSO opens the configurator', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const csp = watchCsp(page);
  await signUpOwner(page, 'Globex Corporation', owner);

  // Two domains: one verified over DNS, one still waiting for its record.
  const verified = (await consoleCall(page, '/api/console/domains', { domain: 'globex.test' })) as {
    id: string;
    record: { host: string; value: string };
  };
  await outside('/dns', verified.record);
  await consoleCall(page, `/api/console/domains/${verified.id}/verify`, {});
  await consoleCall(page, '/api/console/domains', { domain: 'globex-labs.test' });

  // "Click the Business Profile item in the business account navigation menu".
  const menu = page.getByRole('navigation', { name: 'Console' });
  await menu.getByRole('link', { name: 'Business Profile' }).click();
  await expect(page).toHaveURL(/\/console\/business-profile$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Business Profile' })).toBeFocused();
  const local = page.getByRole('navigation', { name: 'Business Profile' });
  await expect(local.getByRole('link', { name: 'General' })).toHaveAttribute('aria-current', 'page');
  await expect(local.getByRole('link', { name: 'SSO' })).toBeVisible();

  // The domains at a glance, each with its state.
  const domains = page.getByRole('region', { name: 'Domains' });
  await expect(domains.getByRole('listitem').filter({ hasText: 'globex.test' })).toContainText('Verified');
  await expect(domains.getByRole('listitem').filter({ hasText: 'globex-labs.test' })).toContainText(
    'Waiting for DNS',
  );

  // A contact with a bad email is refused under that field; nothing is saved, the name included.
  await page.getByLabel('Company name', { exact: true }).fill('Globex Holdings');
  await page.getByLabel('Primary contact name', { exact: true }).fill('Hank Scorpio');
  await page.getByLabel('Primary contact email', { exact: true }).fill('hank-at-globex');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expectFieldError(page, 'Primary contact email', 'Must be an email address');
  await expect(page.getByRole('button', { name: /Workspace/ })).toContainText('Globex Corporation');

  await page.getByLabel('Primary contact email', { exact: true }).fill('hank@globex.test');
  await page.getByLabel('Primary contact phone (optional)', { exact: true }).fill('+1 555 0100');
  await page.getByRole('button', { name: 'Save profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  // The workspace name shown on every page follows.
  await expect(page.getByRole('button', { name: /Workspace/ })).toContainText('Globex Holdings');
  await page.reload();
  await expect(page.getByLabel('Company name', { exact: true })).toHaveValue('Globex Holdings');
  await expect(page.getByLabel('Primary contact email', { exact: true })).toHaveValue('hank@globex.test');
  await expect(page.getByLabel('Billing contact email', { exact: true })).toHaveValue('');
  await screensInBothSchemes(page, 'business-profile');

  // "Manage domains" opens step 1 of the configurator.
  await page.getByRole('link', { name: 'Manage domains' }).click();
  await expect(page).toHaveURL(/\/console\/integration#step-1$/);
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();

  // The configurator's crumb leads back; "choose the SSO menu item" opens the configurator.
  await page.locator('.crumb').getByRole('link', { name: 'Business Profile' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Business Profile' })).toBeVisible();
  await page.getByRole('navigation', { name: 'Business Profile' }).getByRole('link', { name: 'SSO' }).click();
  await expect(page).toHaveURL(/\/console\/integration$/);
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();

  // The audit log says who renamed the company.
  await menu.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByText('account.renamed').first()).toBeVisible();
  expect(csp).toEqual([]);
});

test('Licenses → Register license key: a wrong key is refused clearly; the issued key is listed at once', async ({
  page,
}) => {
  const base = await serviceUrl();
  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Licenses' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Licenses' })).toBeVisible();
  await expect(page.getByText('No licenses yet.')).toBeVisible();

  const field = 'License key';
  await page.getByLabel(field, { exact: true }).fill('hello');
  await page.getByRole('button', { name: 'Register license key' }).click();
  await expectFieldError(page, field, /Enter the key exactly as given: LK-XXXXX-XXXXX-XXXXX-XXXXX/);

  await page.getByLabel(field, { exact: true }).fill('LK-00000-00000-00000-00000');
  await page.getByRole('button', { name: 'Register license key' }).click();
  await expectFieldError(page, field, /This key is not one we issued — check it against your order email/);

  // The operator's key, typed as people do: lower case, spaces for dashes.
  const issued = await outside<License>('/issue-key', {});
  await page.getByLabel(field, { exact: true }).fill(issued.key.toLowerCase().replaceAll('-', ' '));
  await page.getByRole('button', { name: 'Register license key' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Registered: ${issued.key}` })).toBeVisible();
  const card = page.getByRole('region', { name: `License ${issued.key}` });
  await expect(card).toBeVisible();
  await expect(card.locator('.facts')).toContainText('0 / 20');
  await screensInBothSchemes(page, 'register-license');

  // Registering it again says whose it already is.
  await page.getByLabel(field, { exact: true }).fill(issued.key);
  await page.getByRole('button', { name: 'Register license key' }).click();
  await expectFieldError(page, field, /already registered to this business account/);
});
