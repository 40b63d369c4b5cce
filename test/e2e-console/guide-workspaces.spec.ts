// After both guide walks (guide-entra, guide-okta: files run in name order),
// their one admin — an IT consultant who set up both companies — signs in once
// and holds both as workspaces, as the guides begin: "make sure that your
// business account is selected as the current workspace in the top-left
// corner". By keyboard: switching shows each company's own integration, never
// the other's (issue 22 item 1 and its Tests).
import { expect, test, type Page } from '@playwright/test';
import { expectAccessibleInBothSchemes, serviceUrl, tabTo } from './console-pages.ts';
import { guideAdmin, screens } from './guide-walk.ts';

const okta = 'Okta Guide Corp';
const entra = 'Entra ID Guide Corp';
const switcher = (page: Page) => page.getByRole('button', { name: /Workspace/ });
const integrationCard = (page: Page) => page.getByRole('region', { name: 'IdP integration' });

/** Opens the switcher by keyboard and picks the option named `name`. */
async function switchTo(page: Page, name: string) {
  await switcher(page).focus();
  await page.keyboard.press('Enter');
  const options = page.getByRole('listbox').getByRole('option');
  await expect(options).toHaveCount(3);
  const target = (await options.allTextContents()).findIndex((n) => n.startsWith(name));
  expect(target).toBeGreaterThanOrEqual(0);
  await page.keyboard.press('Home');
  for (let i = 0; i < target; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(switcher(page)).toContainText(name);
}

test('the guides’ one admin signs in once and switches between the Okta and the Entra ID company by keyboard', async ({
  page,
}) => {
  const base = await serviceUrl();
  await page.goto(`${base}/console/sign-in`);
  await tabTo(page, 'Email');
  await page.keyboard.type(guideAdmin.email);
  await page.keyboard.press('Tab');
  await page.keyboard.type(guideAdmin.password);
  await page.keyboard.press('Enter');
  const dashboard = page.getByRole('heading', { level: 1, name: 'Dashboard' });
  await expect(dashboard.or(page.getByRole('alert'))).toBeVisible();
  test.skip(
    !(await dashboard.isVisible()),
    'run alone: the guide walks (guide-entra, guide-okta) come first',
  );
  await expect(dashboard).toBeFocused();

  // Okta's company: activated by its walk. Entra ID's: every step green, deactivated at the end.
  await switchTo(page, okta);
  await expect(integrationCard(page)).toContainText('Active since');
  await switchTo(page, entra);
  await expect(integrationCard(page)).toContainText('7 of 7 steps done');
  await expect(integrationCard(page)).not.toContainText('Active since');
  await page.screenshot({ path: screens('guide-workspaces-dashboard-light'), fullPage: true });

  // Each configurator shows its own IdP: Entra's claims here, Okta's statements after the switch.
  await page.getByRole('link', { name: 'IdP Integration', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Activate Integration' })).toBeEnabled();
  await page.goto(`${base}/console/integration#step-2`);
  await expect(page.locator('[data-step="sp_registration"]')).toContainText('user.userprincipalname');
  await expect(page.locator('[data-step="sp_registration"]')).not.toContainText('user.login');
  await switchTo(page, okta);
  await page.getByRole('link', { name: 'IdP Integration', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Deactivate', exact: true })).toBeEnabled();
  await page.goto(`${base}/console/integration#step-2`);
  await expect(page.locator('[data-step="sp_registration"]')).toContainText('user.login');
  await expect(page.locator('[data-step="sp_registration"]')).not.toContainText('user.userprincipalname');
  await expectAccessibleInBothSchemes(page, 'configurator of the second workspace');
});
