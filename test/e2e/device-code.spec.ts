// Issue 26 item 2 in the desktop app's dialogs (webshell, Chromium): an account that lets its users
// sign in on another device → "Sign in on another device" on the SSO step → the code, its link and a
// QR code (light and dark, axe-clean) → a second page (the "phone") enters the code, confirms on the
// service's page and signs in at the dev IdP → the app, polling, ends Activated. Without the opt-in
// the button is not there.
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { dialog, signInAtIdp } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

/** axe-core (WCAG 2.1 AA) and a screenshot, in light and dark. */
async function checkBothSchemes(
  page: Page,
  name: string,
  schemes: readonly ('light' | 'dark')[] = ['light', 'dark'],
) {
  mkdirSync('test-results/screens', { recursive: true });
  for (const colorScheme of schemes) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(violations.map((v) => `${name} ${colorScheme}: ${v.id}`)).toEqual([]);
    await page.screenshot({ path: `test-results/screens/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

async function typeEmail(page: Page, email: string) {
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill(email);
}

test('opted in: the code, link and QR code; the phone confirms and signs in; the app ends Activated', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await scenario('device-code-on');
  shell = await startWebshell();
  await page.goto(shell.url);
  await typeEmail(page, 'alice@acme.test');
  await page.getByRole('button', { name: 'Sign in on another device' }).click({ timeout: 20_000 });

  const shown = dialog(page, 'device-code');
  const code = shown.locator('.user-code');
  await expect(code).toHaveText(/^[A-Z0-9-]{6,}$/, { timeout: 20_000 });
  const userCode = (await code.textContent()) ?? '';
  await expect(shown).toContainText('/device');
  const qr = shown.getByRole('img', { name: /QR code of the sign-in link/ });
  await expect(qr).toBeVisible();
  expect(await qr.getAttribute('alt')).toContain(`user_code=${userCode}`);
  await expect(shown.locator('.countdown')).toHaveText(/^\d+:\d\d$/);
  await checkBothSchemes(page, 'device-code-qr');

  // The phone: the link with the code opens the confirmation naming the app, device and code; Yes.
  const link = (await qr.getAttribute('alt'))?.replace('QR code of the sign-in link ', '') ?? '';
  const phone = await context.newPage();
  await phone.goto(link);
  const yes = phone.getByRole('button', { name: 'Yes, sign in on this device' });
  await expect(yes).toBeVisible();
  await expect(phone.locator('main')).toContainText(userCode);
  await checkBothSchemes(phone, 'device-code-confirm', ['light']);
  await yes.click();
  await signInAtIdp(phone, 'alice@acme.test');

  await expect(dialog(page, 'activated')).toBeVisible({ timeout: 30_000 });
});

test('not opted in: the SSO step offers no other device', async ({ page }) => {
  test.setTimeout(60_000);
  shell = await startWebshell();
  await page.goto(shell.url);
  await typeEmail(page, 'alice@acme.test');
  // Give the discovery answer time to arrive: the button must still not be there.
  await page.waitForTimeout(1500);
  await expect(page.getByRole('button', { name: 'Sign in on another device' })).toHaveCount(0);
});

test('Cancel in the code dialog goes back to idle', async ({ page }) => {
  test.setTimeout(60_000);
  await scenario('device-code-on');
  shell = await startWebshell();
  await page.goto(shell.url);
  await typeEmail(page, 'bob@acme.test');
  await page.getByRole('button', { name: 'Sign in on another device' }).click({ timeout: 20_000 });
  const shown = dialog(page, 'device-code');
  await expect(shown.locator('.user-code')).toBeVisible({ timeout: 20_000 });
  await shown.getByRole('button', { name: 'Cancel' }).click();
  await expect(shown).toHaveCount(0);
  await expect(dialog(page, 'account-license')).toContainText('not activated', { timeout: 10_000 });
});

test('"This is not my device" on the phone: the app shows the Failed dialog with its code', async ({
  page,
  context,
}) => {
  test.setTimeout(90_000);
  await scenario('device-code-on');
  shell = await startWebshell();
  await page.goto(shell.url);
  await typeEmail(page, 'alice@acme.test');
  await page.getByRole('button', { name: 'Sign in on another device' }).click({ timeout: 20_000 });
  const qr = dialog(page, 'device-code').getByRole('img', { name: /QR code of the sign-in link/ });
  await expect(qr).toBeVisible({ timeout: 20_000 });
  const phone = await context.newPage();
  await phone.goto((await qr.getAttribute('alt'))?.replace('QR code of the sign-in link ', '') ?? '');
  await phone.getByRole('button', { name: 'This is not my device' }).click();
  await expect(dialog(page, 'failed').locator('.message')).toHaveAttribute(
    'data-code',
    'DEVICE_CODE_DENIED',
    {
      timeout: 30_000,
    },
  );
  await expect(dialog(page, 'device-code')).toHaveCount(0);
});
