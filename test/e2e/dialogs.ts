// Steps a user takes in the dialogs and at the dev IdP, shared by the specs;
// every dialog shown is saved as a screenshot artifact.
import { expect, type BrowserContext, type Page, type TestInfo } from '@playwright/test';

export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const body = await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await testInfo.attach(name, { body, contentType: 'image/png' });
}

export const dialog = (page: Page, name: string) => page.locator(`[role="dialog"][data-dialog="${name}"]`);

/** Account & License → Continue with SSO → email → Next; returns the "system browser" tab it opened. */
export async function continueWithSso(page: Page, context: BrowserContext, email: string): Promise<Page> {
  await enterSsoEmail(page, email);
  const browser = context.waitForEvent('page');
  await page.getByRole('button', { name: 'Next' }).click();
  return browser;
}

/** Continue with SSO → email → Next, for a domain the service turns down before any browser opens. */
export async function continueWithSsoRefused(
  page: Page,
  context: BrowserContext,
  email: string,
): Promise<void> {
  const opened: Page[] = [];
  context.on('page', (p) => opened.push(p));
  await enterSsoEmail(page, email);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(dialog(page, 'failed')).toBeVisible({ timeout: 20_000 });
  expect(opened, 'no browser tab opens for a domain that cannot sign in').toEqual([]);
}

async function enterSsoEmail(page: Page, email: string): Promise<void> {
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill(email);
}

/** At the dev IdP's login page: pick the user (and a fault QA wants), sign in. */
export async function signInAtIdp(idp: Page, user: string, fault = 'none'): Promise<void> {
  await idp.waitForLoadState();
  await expect(idp.locator('select[name="user"]')).toBeVisible();
  await idp.locator('select[name="user"]').selectOption(user);
  await idp.locator('select[name="fault"]').selectOption(fault);
  await idp.getByRole('button', { name: 'Sign in' }).click();
}

/** Account & License → Deactivate on this device… → Deactivate in the sheet that asks first. */
export async function deactivate(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Deactivate on this device' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Deactivate Latchkey on this device?' });
  await confirm.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(dialog(page, 'account-license')).toContainText('not activated');
}
