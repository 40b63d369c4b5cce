// The dialogs behave as macOS dialogs do (issue 20 item 5): the default button
// bottom right with Cancel (or Back) to its left, Return presses the default
// button, Escape cancels, the system font; Deactivate asks first, Check
// license now says what it found, Try again keeps the email — and a key the
// service turned down is forgotten once the user goes Back (item 6).
import { expect, test, type Locator, type Page } from '@playwright/test';
import { continueWithSso, dialog, signInAtIdp, snap } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

/**
 * The button row as a Mac user reads it: `primary` is the bottom-right button of
 * the dialog, `cancel` (when the dialog has one) the button right before it.
 */
async function expectButtonRow(box: Locator, primary: string, cancel?: string) {
  await expect(box.getByRole('button', { name: primary, exact: true })).toBeVisible({ timeout: 20_000 });
  const buttons = box.getByRole('button');
  const boxes: { name: string; x: number; right: number; bottom: number }[] = [];
  for (const b of await buttons.all()) {
    if (!(await b.isVisible())) continue;
    const r = await b.boundingBox();
    if (!r) continue;
    const name = ((await b.textContent()) ?? '').trim();
    boxes.push({ name, x: r.x, right: r.x + r.width, bottom: r.y + r.height });
  }
  const dialogBox = await box.boundingBox();
  const last = boxes.reduce((a, b) =>
    b.bottom > a.bottom + 1 || (b.bottom >= a.bottom - 1 && b.right > a.right) ? b : a,
  );
  expect(last.name, 'the default button is bottom right').toBe(primary);
  expect(dialogBox && dialogBox.x + dialogBox.width - last.right, 'flush with the right edge').toBeLessThan(
    40,
  );
  if (!cancel) return;
  const row = boxes.filter((b) => Math.abs(b.bottom - last.bottom) < 2 && b.right <= last.x);
  const left = row.reduce((a, b) => (b.right > a.right ? b : a));
  expect(left.name, `${cancel} sits left of ${primary}`).toBe(cancel);
}

async function expectSystemFont(page: Page) {
  const fonts = await page.evaluate(() =>
    [document.body, document.querySelector('button')].map((el) =>
      el ? getComputedStyle(el).fontFamily : '',
    ),
  );
  for (const font of fonts) expect(font).toMatch(/^-apple-system, BlinkMacSystemFont, "Segoe UI", system-ui/);
}

test('every dialog: default button bottom right, Cancel or Back to its left, system font', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  // The dialogs render once the core's state arrives: measure the font on a rendered one.
  await expect(dialog(page, 'account-license')).toBeVisible();
  await expectSystemFont(page);
  await expectButtonRow(dialog(page, 'account-license'), 'Continue with SSO');
  await snap(page, testInfo, 'mac-01-account-license');

  await page.getByRole('button', { name: 'Sign in…' }).click();
  await expectButtonRow(dialog(page, 'sign-in'), 'Continue with SSO', 'Back');
  await snap(page, testInfo, 'mac-02-sign-in');
  await page.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('button', { name: 'Business Edition…' }).click();
  await expectButtonRow(dialog(page, 'business-edition'), 'Enter Enterprise Key…', 'Back');
  await snap(page, testInfo, 'mac-03-business-edition');
  await page.getByRole('button', { name: 'Enter Enterprise Key…' }).click();
  await expectButtonRow(dialog(page, 'enterprise-key'), 'Activate', 'Back');
  await snap(page, testInfo, 'mac-04-enterprise-key');
  await page.getByRole('button', { name: 'Back' }).click();

  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await expectButtonRow(dialog(page, 'email-prompt'), 'Next', 'Back');
  await snap(page, testInfo, 'mac-05-email-prompt');
  await page.getByRole('button', { name: 'Back' }).click();

  const idp = await continueWithSso(page, context, 'carol@acme.test');
  await expectButtonRow(dialog(page, 'waiting'), 'Open the browser again', 'Cancel');
  await snap(page, testInfo, 'mac-06-waiting');
  await signInAtIdp(idp, 'carol@acme.test');
  await expectButtonRow(dialog(page, 'failed'), 'Try again', 'Close');
  await snap(page, testInfo, 'mac-07-failed-USER_NOT_IN_GROUP');
});

test('Return presses the default button and Escape cancels, in every dialog that has them', async ({
  page,
  context,
}) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  await expect(dialog(page, 'account-license')).toBeVisible();
  // Account & License → (Return) Continue with SSO → (Escape) back.
  await page.keyboard.press('Enter');
  await expect(dialog(page, 'email-prompt')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog(page, 'account-license')).toBeVisible();

  for (const [opener, name] of [
    ['Sign in…', 'sign-in'],
    ['Business Edition…', 'business-edition'],
  ] as const) {
    await page.getByRole('button', { name: opener }).click();
    await expect(dialog(page, name)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(dialog(page, 'account-license')).toBeVisible();
  }
  // Business Edition → (Return) Enter Enterprise Key… → (Escape) back.
  await page.getByRole('button', { name: 'Business Edition…' }).click();
  await page.keyboard.press('Enter');
  await expect(dialog(page, 'enterprise-key')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog(page, 'account-license')).toBeVisible();

  // The email prompt: Return in the field is Next.
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill('someone@unregistered.test');
  await page.getByLabel('Work email').press('Enter');
  await expect(dialog(page, 'failed')).toBeVisible({ timeout: 20_000 });
  // Failed: Escape is Close.
  await page.keyboard.press('Escape');
  await expect(dialog(page, 'account-license')).toBeVisible();

  // Waiting for the browser: Escape is Cancel.
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await expect(dialog(page, 'waiting')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog(page, 'account-license')).toContainText('not activated');
  await idp.close();
});

test('Try again keeps the email that was typed, also after the window was reloaded', async ({ page }) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Continue with SSO' }).click();
  await page.getByLabel('Work email').fill('someone@unregistered.test');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(dialog(page, 'failed')).toBeVisible({ timeout: 20_000 });
  await page.reload();
  await expect(dialog(page, 'failed')).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(dialog(page, 'email-prompt')).toBeVisible();
  await expect(page.getByLabel('Work email')).toHaveValue('someone@unregistered.test');
});

test('Check license now says what it found; Deactivate asks first, and Return keeps the license', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  await signInAtIdp(await continueWithSso(page, context, 'alice@acme.test'), 'alice@acme.test');
  await expect(dialog(page, 'activated')).toBeVisible({ timeout: 20_000 });
  await expectButtonRow(dialog(page, 'activated'), 'Done');
  await snap(page, testInfo, 'mac-08-activated');
  await page.keyboard.press('Enter');
  const account = dialog(page, 'account-license');
  await expect(account).toContainText('Licensed to');
  await expectButtonRow(account, 'Check license now');

  await page.getByRole('button', { name: 'Check license now' }).click();
  await expect(account.getByRole('status')).toContainText(
    /Checked in just now — license valid until \w+ \d+, \d{4}/,
  );
  await snap(page, testInfo, 'mac-09-account-license-checked');

  await page.getByRole('button', { name: 'Deactivate on this device' }).click();
  const confirm = page.getByRole('alertdialog', { name: 'Deactivate Latchkey on this device?' });
  await expect(confirm).toBeVisible();
  await expectButtonRow(confirm, 'Cancel', 'Deactivate');
  await snap(page, testInfo, 'mac-10-confirm-deactivate');
  // Cancel is the default: Return keeps the license.
  await page.keyboard.press('Enter');
  await expect(confirm).toBeHidden();
  await expect(account).toContainText('Licensed to');
  await page.getByRole('button', { name: 'Deactivate on this device' }).click();
  await page.keyboard.press('Escape');
  await expect(confirm).toBeHidden();
  await expect(account).toContainText('Licensed to');
  // Focus returns to the button that opened the sheet.
  await expect(page.getByRole('button', { name: 'Deactivate on this device' })).toBeFocused();
  await page.getByRole('button', { name: 'Deactivate on this device' }).click();
  await confirm.getByRole('button', { name: 'Deactivate', exact: true }).click();
  await expect(account).toContainText('not activated');
});

test('a key the service turned down: Back, then reload, shows Account & License and no old notice', async ({
  page,
}) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  await page.getByRole('button', { name: 'Business Edition…' }).click();
  await page.getByRole('button', { name: 'Enter Enterprise Key…' }).click();
  await page.getByLabel('Enterprise key', { exact: true }).fill('LK-AAAAA-BBBBB-CCCCC-DDDDD');
  await page.getByLabel('Work email').fill('dana@globex.test');
  await page.getByRole('button', { name: 'Activate' }).click();
  const key = dialog(page, 'enterprise-key');
  await expect(key.getByRole('alert')).toContainText('No license has this key');
  await page.getByRole('button', { name: 'Back' }).click();
  await expect(dialog(page, 'account-license')).toBeVisible();
  await page.reload();
  await expect(dialog(page, 'account-license')).toContainText('not activated');
  await page.getByRole('button', { name: 'Business Edition…' }).click();
  await page.getByRole('button', { name: 'Enter Enterprise Key…' }).click();
  await expect(key).toBeVisible();
  await expect(key.getByRole('alert')).toHaveCount(0);
});
