// The configurator walked in a vendor guide's own sequence of clicks and words
// (issue 22 items 3, 4 and 10): a company of its own signs up, follows the
// guide step by step — the guide's labels are the locators — to Activated,
// and one of its users activates in the desktop app. The dev IdP stands in
// for Okta or Entra ID; the world's control endpoint for DNS, the IdP's SCIM
// client and the vendor's license.
import { expect, type Browser, type Locator, type Page, type TestInfo } from '@playwright/test';
import { continueWithSso, dialog, signInAtIdp } from '../e2e/dialogs.ts';
import { startWebshell } from '../e2e/webshell.ts';
import {
  consoleWorld,
  expectAccessibleInBothSchemes,
  expectGreen,
  outside,
  serviceUrl,
  step,
  tickIdpDone,
} from './console-pages.ts';

export interface Guide {
  /** The IdP's name in step 2's picker. */
  idp: 'Okta' | 'Entra ID';
  domain: string;
  /** The world's directory and SCIM client for this company. */
  directory: 'okta' | 'entra';
  vendor: 'okta' | 'entra';
  /** The attribute statements table, row by row, as the guide lists them. */
  attributes: string[][];
}

const idpDone = 'Configuration in the IdP Directory is done';

/**
 * The one admin of both guide companies (issue 22: "across two workspaces of one admin"): an IT
 * consultant who signs each company up with the same email and password, so one sign-in later
 * opens both (guide-workspaces.spec.ts).
 */
export const guideAdmin = { email: 'it@northstar-consulting.test', password: 'correct horse battery staple' };
export const screens = (name: string) => `test-results/screens/${name}.png`;

/** The summary row's title button of a step ("Step 4: Configure SAML integration …"). */
export const stepTitle = (page: Page, title: string): Locator =>
  page.getByRole('button', { name: new RegExp(`^Step \\d: ${title.replace(/[()']/g, '.')}`) });

async function openByTitle(page: Page, key: string, title: string): Promise<Locator> {
  const trigger = stepTitle(page, title);
  if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
  await expect(trigger).toHaveAttribute('aria-expanded', 'true');
  return step(page, key);
}

/** The dev IdP's three values, as the admin reads them off its SAML setup page. */
async function idpValues(base: string): Promise<{ entityId: string; ssoUrl: string; certificate: string }> {
  const xml = await (await fetch(`${base}/dev-idp/metadata`)).text();
  const sso = [...xml.matchAll(/<(?:\w+:)?SingleSignOnService\b[^>]*>/g)]
    .map((m) => m[0])
    .find((tag) => tag.includes('HTTP-Redirect'));
  return {
    entityId: /entityID="([^"]+)"/.exec(xml)?.[1] ?? '',
    ssoUrl: /Location="([^"]+)"/.exec(sso ?? '')?.[1] ?? '',
    certificate: /<(?:\w+:)?X509Certificate>([^<]+)</.exec(xml)?.[1]?.replace(/\s+/g, '') ?? '',
  };
}

/** Every hint in a gray step's "Missing:" line that quotes a control names one on that step's page. */
async function expectHintsNameRealControls(page: Page): Promise<number> {
  let checked = 0;
  for (const row of await page.locator('[data-step]').all()) {
    // A green step has no "Missing:" line: read what is there, never wait for one.
    const missing = (await row.locator('.missing').allTextContents()).join(' ');
    const labels = [...missing.matchAll(/"([^"]+)"/g)].map((m) => m[1] ?? '');
    if (!labels.length) continue;
    const trigger = row.locator('button[slot="trigger"]');
    if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
    for (const label of labels) {
      await expect(row.getByRole('checkbox', { name: label, exact: true })).toBeVisible();
      checked++;
    }
  }
  return checked;
}

/** The page's height with every step closed, with the default one open, and with all seven open. */
export async function measureHeights(page: Page): Promise<{ collapsed: number; allOpen: number }> {
  const height = () => page.evaluate(() => document.documentElement.scrollHeight);
  await page.getByRole('button', { name: 'Close all steps' }).click();
  await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(0);
  const collapsed = await height();
  await page.getByRole('button', { name: 'Open all steps' }).click();
  await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(7);
  await expect(page.getByText('Last SCIM change:')).toBeVisible();
  const allOpen = await height();
  return { collapsed, allOpen };
}

export async function walkGuide(page: Page, browser: Browser, testInfo: TestInfo, guide: Guide) {
  const base = await serviceUrl();
  const owner = guideAdmin;
  await page.goto(`${base}/console/sign-up`);
  await page.getByLabel('Company name', { exact: true }).fill(`${guide.idp} Guide Corp`);
  await page.getByLabel('Work email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Create account' }).click();
  // Signed in: wherever sign-up lands (the Dashboard, once there is one), it has left sign-up.
  await expect(page).not.toHaveURL(/sign-up/);

  // "choose the IdP Integration menu item … click Start Configuring".
  await page.goto(`${base}/console/integration`);
  await expect(page.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  await page.getByRole('button', { name: 'Start Configuring' }).click();

  // "the Activate Integration button becomes available at the top of the page" — above the steps,
  // with Deactivate, which does nothing yet and says so.
  const activate = page.getByRole('button', { name: 'Activate Integration' });
  const deactivate = page.getByRole('button', { name: 'Deactivate', exact: true });
  await expect(activate).toBeDisabled();
  await expect(deactivate).toBeDisabled();
  const barBottom = (await page.locator('section.activation').boundingBox())?.y ?? Infinity;
  const firstStepTop = (await step(page, 'domains').boundingBox())?.y ?? 0;
  expect(barBottom).toBeLessThan(firstStepTop);
  await expect(page.getByText(/^Not activated/)).toBeVisible();

  // One step open, the first gray one; every hint names a box that is on the page.
  await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(1);
  await expect(stepTitle(page, "Configure Your Organization's Domain(s)")).toHaveAttribute(
    'aria-expanded',
    'true',
  );
  expect(await expectHintsNameRealControls(page)).toBeGreaterThanOrEqual(3);

  // (1) Configure organization's domains.
  const domains = await openByTitle(page, 'domains', "Configure Your Organization's Domain(s)");
  await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(1);
  await domains.getByLabel('Domain', { exact: true }).fill(guide.domain);
  await domains.getByRole('button', { name: 'Add domain' }).click();
  const row = domains.getByRole('listitem', { name: guide.domain });
  await row.getByRole('button', { name: `Verify ${guide.domain}` }).click();
  await expect(row).toContainText('not verified —');
  const host = await row.locator('.copy-value', { hasText: 'TXT record name' }).locator('code').innerText();
  const value = await row.locator('.copy-value', { hasText: 'TXT record value' }).locator('code').innerText();
  await outside('/dns', { host, value });
  await row.getByRole('button', { name: `Verify ${guide.domain}` }).click();
  await expect(row.locator('.badge')).toHaveText('Verified');
  await expectGreen(page, 'domains');

  // (2) "expand the Step 2 section ("Register Parallels enterprise app") … the attribute statements".
  const register = await openByTitle(page, 'sp_registration', 'Register Latchkey enterprise app');
  await register.getByRole('button', { name: /Your identity provider/ }).click();
  await page.getByRole('option', { name: guide.idp, exact: true }).click();
  const attributes = register.getByRole('table', { name: `Attribute statements to add in ${guide.idp}` });
  const rows = attributes.locator('tbody tr').filter({ hasNot: page.locator('th[scope="rowgroup"]') });
  await expect(rows).toHaveCount(guide.attributes.length);
  for (const [i, cells] of guide.attributes.entries())
    await expect(rows.nth(i).locator('th, td')).toHaveText(cells);
  await attributes.scrollIntoViewIfNeeded();
  await attributes.screenshot({ path: screens(`attributes-${guide.directory}-light`) });
  await tickIdpDone(register);
  await expectGreen(page, 'sp_registration');

  // (3) "the corresponding fields of the Parallels Business Account Admins section. Click Save".
  const groups = await openByTitle(page, 'group_mapping', 'Configure user groups mapping');
  const admins = groups.getByRole('group', { name: 'Business Account Admins' });
  await admins.getByLabel('Admins group name', { exact: true }).fill('Latchkey Admins');
  await admins.getByLabel('Admins group ID', { exact: true }).fill(`${guide.directory}-admins`);
  const desktop = groups.getByRole('group', { name: 'Desktop Users' });
  await desktop.getByLabel('Desktop-users group name', { exact: true }).fill('Latchkey Desktop Users');
  await desktop.getByLabel('Desktop-users group ID', { exact: true }).fill(`${guide.directory}-desktop`);
  await groups.getByRole('button', { name: 'Save', exact: true }).click();
  await expectGreen(page, 'group_mapping');

  // (4) "Expand the Step 4 section": a deep link opens it, scrolled to and focused.
  await page.goto(`${base}/console/integration#step-4`);
  const samlTrigger = stepTitle(page, 'Configure SAML integration');
  await expect(samlTrigger).toHaveAttribute('aria-expanded', 'true');
  await expect(samlTrigger).toBeFocused();
  await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(1);
  const saml = step(page, 'saml');
  // "two groups of parameters in the section": two values to copy to the IdP …
  const toIdp = saml.getByRole('region', { name: `Copy from Latchkey to ${guide.idp}` });
  await expect(toIdp.locator('.copy-label')).toHaveText([
    'Service Provider Entity ID',
    'Assertion Consumer Service URL',
  ]);
  // … and three to paste from it, then "click the Save button".
  const fromIdp = saml.getByRole('region', { name: `Copy from ${guide.idp} to Latchkey` });
  const idp = await idpValues(base);
  await fromIdp.getByLabel('Identity Provider Entity ID', { exact: true }).fill(idp.entityId);
  await fromIdp.getByLabel('Identity Provider SSO URL', { exact: true }).fill(idp.ssoUrl);
  await fromIdp.getByLabel('Public Certificate', { exact: true }).fill(idp.certificate);
  await fromIdp.getByRole('button', { name: 'Save', exact: true }).click();
  await expectGreen(page, 'saml');
  // "select the Configuration in the IdP Directory is done option at the bottom of the section".
  await expect(saml.getByRole('checkbox', { name: idpDone })).toBeChecked();
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: screens(`step4-${guide.directory}-light`), fullPage: true });
  await page.emulateMedia({ colorScheme: null });
  // Changing the open step keeps the URL in step: a copied URL opens the same step.
  await stepTitle(page, 'Configure SCIM integration').click();
  await expect(page).toHaveURL(/#step-5$/);
  await stepTitle(page, 'Configure SAML integration').click();
  await expect(page).toHaveURL(/#step-4$/);

  // (5) "copy two parameters, SCIM Base URL and Bearer Token" into the IdP, which pushes the groups.
  const scim = await openByTitle(page, 'scim', 'Configure SCIM integration');
  await expect(scim.locator('.copy-value', { hasText: 'SCIM Base URL' })).toContainText(`${base}/scim/v2`);
  await scim.getByRole('button', { name: 'Create Bearer Token' }).click();
  const token = await scim.locator('.copy-value', { hasText: 'Bearer Token' }).locator('code').innerText();
  await outside('/scim-push', { token, directory: guide.directory, vendor: guide.vendor });
  await tickIdpDone(scim);
  await expectGreen(page, 'scim');

  // (6) "Add users to the application groups … select the option Configuration in the IdP Directory is done".
  const assigned = await openByTitle(page, 'users_assigned', 'Add users to the application groups');
  await assigned.getByRole('button', { name: 'Refresh counts' }).click();
  await expect(assigned.getByRole('row', { name: /Desktop-users group/ })).toContainText('2');
  await tickIdpDone(assigned);
  await expectGreen(page, 'users_assigned');

  // (7) Configure backup login: "By default, the backup login is set to the email address of the
  // currently logged-in user" — already green, with the owner chosen and nothing to save.
  const backup = await openByTitle(page, 'backup_login', 'Configure backup login');
  await expect(backup.getByRole('button', { name: /Backup login/ })).toContainText(owner.email);
  await expect(backup.getByRole('button', { name: 'Save backup login' })).toBeDisabled();
  await expectGreen(page, 'backup_login');

  // "When all configuration steps are completed … click the Activate Integration button at the top".
  // Beyond the guide: the bar points to Test connection first.
  await expect(page.locator('#activate-blockers')).toHaveCount(0);
  await expect(page.getByText('Test the connection first')).toBeVisible();
  await page.getByRole('link', { name: 'Test connection' }).click();
  await expect(page.getByRole('region', { name: 'Test connection' })).toBeInViewport();
  await activate.click();
  await expect(page.getByText(/^Activated since/)).toBeVisible();
  await expect(activate).toBeDisabled();
  await expect(deactivate).toBeEnabled();

  // One user activates in the desktop app.
  // The company this walk signed up (its admin owns another one too, so not found by email).
  const me = await page.evaluate(async () => (await fetch('/api/console/me')).json() as Promise<unknown>);
  const accountId = (me as { account: { id: string } }).account.id;
  await outside('/license', { accountId });
  const shell = await startWebshell({ world: await consoleWorld() });
  const desktop2 = await browser.newContext();
  try {
    const app = await desktop2.newPage();
    await app.goto(shell.url);
    const ann = await continueWithSso(app, desktop2, `ann@${guide.domain}`);
    await signInAtIdp(ann, `ann@${guide.domain}`);
    await expect(dialog(app, 'activated')).toContainText(`ann@${guide.domain}`);
  } finally {
    await desktop2.close();
    await shell.stop();
  }

  // The page an admin scans: collapsed against all seven open; axe in light and dark.
  await page.goto(`${base}/console/integration`);
  await expect(page.getByText(/^Activated since/)).toBeVisible();
  // All green: nothing opens by itself.
  await expect(page.locator('button[slot="trigger"][aria-expanded="true"]')).toHaveCount(0);
  const heights = await measureHeights(page);
  testInfo.annotations.push({
    type: 'page height',
    description: `${guide.idp}: collapsed ${heights.collapsed}px, all open ${heights.allOpen}px`,
  });
  console.log(
    `configurator height (${guide.idp}): collapsed ${heights.collapsed}px, all open ${heights.allOpen}px`,
  );
  expect(heights.collapsed).toBeLessThan(heights.allOpen);
  await page.getByRole('button', { name: 'Close all steps' }).click();
  await expectAccessibleInBothSchemes(page, `configurator ${guide.idp} collapsed`);
  await page.getByRole('button', { name: 'Open all steps' }).click();
  await expectAccessibleInBothSchemes(page, `configurator ${guide.idp} all open`);
  return { owner, heights };
}
