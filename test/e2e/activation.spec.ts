// The renderer in Debian's Chromium through webshell against the real core and
// service: every dialog, the SSO activation through a second tab standing in
// for the system browser, key activation, check-in and deactivation.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { continueWithSso, deactivate, dialog, signInAtIdp, snap } from './dialogs.ts';
import { scenario, startWebshell, world, type Webshell } from './webshell.ts';
import { licenseKeyFormat } from '../../common/license-key.ts';

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

test('Continue with SSO: email → the system browser signs in at the IdP → back in the app, Activated', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  await expect(dialog(page, 'account-license')).toContainText('not activated');
  await snap(page, testInfo, '01-account-license-not-activated');

  await page.getByRole('button', { name: 'Sign in…' }).click();
  await expect(dialog(page, 'sign-in')).toBeVisible();
  await snap(page, testInfo, '02-sign-in');
  await page.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('button', { name: 'Business Edition…' }).click();
  await expect(dialog(page, 'business-edition')).toBeVisible();
  await snap(page, testInfo, '03-business-edition');
  await page.getByRole('button', { name: 'Enter Enterprise Key…' }).click();
  await expect(dialog(page, 'enterprise-key')).toBeVisible();
  await snap(page, testInfo, '04-enterprise-key');
  await page.getByRole('button', { name: 'Back' }).click();

  // The email prompt refuses what is not an email, says why, and ties the message to the field.
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill('alice');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('alert')).toContainText('like name@company.com');
  await expect(page.getByLabel('Work email')).toHaveAttribute('aria-invalid', 'true');
  await snap(page, testInfo, '05-email-prompt-invalid');
  await page.getByRole('button', { name: 'Back' }).click();

  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await expect(dialog(page, 'waiting')).toContainText('alice@acme.test');
  await snap(page, testInfo, '06-waiting-for-browser');
  await page.getByRole('button', { name: 'Copy link' }).click();
  await expect(page.getByText('Link copied')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('/oidc/auth?');

  await signInAtIdp(idp, 'alice@acme.test');
  await expect(idp.getByRole('heading', { name: 'You can return to Latchkey' })).toBeVisible();
  await expect(dialog(page, 'activated')).toBeVisible();
  await expect(dialog(page, 'activated')).toContainText('alice@acme.test');
  await expect(dialog(page, 'activated')).toContainText('business');
  await snap(page, testInfo, '07-activated');

  await page.getByRole('button', { name: 'Done' }).click();
  await expect(dialog(page, 'account-license')).toContainText('Licensed to');
  await page.getByRole('button', { name: 'Check license now' }).click();
  await expect(dialog(page, 'account-license')).toContainText('Checked');
  await snap(page, testInfo, '08-account-license-activated');

  // After a reload the app still holds its license (it lives in the core, not the page).
  await page.reload();
  await expect(dialog(page, 'account-license')).toContainText('alice@acme.test');
  await deactivate(page);
});

test('waiting for the browser: Cancel returns to Account & License; Open the browser again opens a new tab', async ({
  page,
  context,
}) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog(page, 'account-license')).toContainText('not activated');
  await idp.close();

  // The user closed the tab before signing in: the app opens the same sign-in again.
  const first = await continueWithSso(page, context, 'alice@acme.test');
  await first.close();
  const again = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Open the browser again' }).click();
  await signInAtIdp(await again, 'alice@acme.test');
  await expect(dialog(page, 'activated')).toBeVisible();
  await page.getByRole('button', { name: 'Done' }).click();
  await deactivate(page);
});

test('Enter Enterprise Key: key and email → Activated with the enterprise key', async ({
  page,
}, testInfo) => {
  const { globexKey, acmeKey } = await world();
  shell = await startWebshell();
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Business Edition…' }).click();
  await page.getByRole('button', { name: 'Enter Enterprise Key…' }).click();
  await page.getByLabel('Enterprise key', { exact: true }).fill('LK-NOPE');
  await page.getByLabel('Work email').fill('dana@globex.test');
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(page.getByRole('alert')).toContainText(licenseKeyFormat);
  await snap(page, testInfo, '09-enterprise-key-invalid');
  // Well formed, but no license has it: back on the key, with why, nothing retyped.
  await page.getByLabel('Enterprise key', { exact: true }).fill('LK-AAAAA-BBBBB-CCCCC-DDDDD');
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(dialog(page, 'enterprise-key').getByRole('alert')).toContainText('No license has this key');
  await expect(page.getByLabel('Work email')).toHaveValue('dana@globex.test');
  await snap(page, testInfo, '09b-enterprise-key-not-found');
  // Acme's key: Acme enforces single sign-on.
  await page.getByLabel('Enterprise key', { exact: true }).fill(acmeKey);
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(dialog(page, 'enterprise-key').getByRole('alert')).toContainText('use Continue with SSO');
  await page.getByLabel('Enterprise key', { exact: true }).fill(globexKey.toLowerCase());
  await page.getByRole('button', { name: 'Activate' }).click();
  await expect(dialog(page, 'activated')).toContainText('Enterprise key');
  await expect(dialog(page, 'activated')).toContainText('dana@globex.test');
  await snap(page, testInfo, '10-activated-with-key');
  await page.getByRole('button', { name: 'Done' }).click();
  await deactivate(page);
});

test('offline: the license server cannot be reached, Account & License says until when the license still works', async ({
  page,
  context,
}, testInfo) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'latchkey-offline-'));
  try {
    shell = await startWebshell({ dataDir });
    await page.goto(shell.url);
    await signInAtIdp(await continueWithSso(page, context, 'alice@acme.test'), 'alice@acme.test');
    await expect(dialog(page, 'activated')).toBeVisible();
    await shell.stop();
    // The server moved out of reach (a closed port): the app starts on its stored license.
    const file = join(dataDir, 'license.json');
    writeFileSync(
      file,
      JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), serverUrl: 'http://127.0.0.1:9' }),
    );
    shell = await startWebshell({ dataDir });
    await page.goto(shell.url);
    await expect(dialog(page, 'account-license')).toContainText('The license server could not be reached');
    await expect(dialog(page, 'account-license')).toContainText('stays valid until');
    await snap(page, testInfo, '11-account-license-offline');
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test('keyboard only: Tab goes left to right to Continue with SSO, Enter opens the email prompt with focus on its heading', async ({
  page,
}) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  await expect(dialog(page, 'account-license')).toBeVisible();
  // macOS order: the default button is last, bottom right.
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Sign in…' })).toBeFocused();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Continue with SSO' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Continue with SSO' })).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByLabel('Work email')).toBeFocused();
});
