// Issue 26 in the desktop app's dialogs (webshell, Chromium): the device limit
// reached → "Release one of my devices…" → a fresh sign-in at the dev IdP →
// My devices (light and dark, axe-clean) → Release → the activation retries by
// itself and ends Activated; and a license that asks IT to approve new devices
// → "Waiting for your IT team to approve this computer" (light and dark).
import { mkdirSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { continueWithSso, dialog, signInAtIdp } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

/** axe-core (WCAG 2.1 AA) and a screenshot, in light and dark. */
async function checkBothSchemes(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    const { violations } = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    expect(violations.map((v) => `${name} ${colorScheme}: ${v.id}`)).toEqual([]);
    await page.screenshot({ path: `test-results/screens/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('device limit reached → Release one of my devices after a fresh sign-in → the retry ends Activated', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await scenario('alice-other-devices');
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'alice@acme.test');
  await signInAtIdp(idp, 'alice@acme.test');
  const failed = dialog(page, 'failed');
  await expect(failed.locator('.message')).toHaveAttribute('data-code', 'DEVICE_LIMIT_REACHED', {
    timeout: 20_000,
  });

  await failed.getByRole('button', { name: 'Release one of my devices…' }).click();
  const devices = dialog(page, 'my-devices');
  await expect(devices).toContainText('sign in again as alice@acme.test');
  const fresh = context.waitForEvent('page');
  await devices.getByRole('button', { name: 'Sign in again' }).click();
  await signInAtIdp(await fresh, 'alice@acme.test');
  const table = devices.getByRole('table', { name: 'Your activated devices' });
  await expect(table.getByRole('row')).toHaveCount(3, { timeout: 20_000 });
  await expect(table).toContainText('Work MacBook Pro');
  await expect(table).toContainText('Windows 11, app 1.4.0');
  await checkBothSchemes(page, 'my-devices');

  await table.getByRole('button', { name: 'Release Home Windows PC' }).click();
  await expect(dialog(page, 'activated')).toBeVisible({ timeout: 20_000 });
});

test('a license that asks IT to approve new devices: the app says it waits', async ({ page, context }) => {
  test.setTimeout(120_000);
  await scenario('device-approval');
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'bob@acme.test');
  await signInAtIdp(idp, 'bob@acme.test');
  const waiting = dialog(page, 'approval-pending');
  await expect(waiting).toContainText('Waiting for your IT team to approve this computer', {
    timeout: 20_000,
  });
  await checkBothSchemes(page, 'approval-pending');
  // Stop waiting: the request stays with IT; the app says so with its code.
  await waiting.getByRole('button', { name: 'Stop waiting' }).click();
  await expect(dialog(page, 'failed').locator('.message')).toHaveAttribute(
    'data-code',
    'DEVICE_APPROVAL_PENDING',
    {
      timeout: 20_000,
    },
  );
});
