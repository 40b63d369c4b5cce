// Every dialog checked by axe-core (WCAG 2.1 A/AA rules) in Chromium: names,
// roles, labels, contrast, focus order. What a screen-reader user depends on.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { continueWithSso, deactivate, signInAtIdp } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

async function expectAccessible(page: Page, name: string) {
  await expect(page.locator(`[data-dialog="${name}"]`)).toBeVisible({ timeout: 20_000 });
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(
    violations.map((v) => `${name}: ${v.id} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
  ).toEqual([]);
}

test('every dialog passes axe-core WCAG 2.1 AA, in light and dark colour schemes', async ({
  page,
  context,
}) => {
  // Four real sign-ins through the dev IdP (two per colour scheme): each takes
  // 15 s on a busy 2-core machine, so the default 60 s bound is too tight here.
  test.setTimeout(180_000);
  shell = await startWebshell();
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.goto(shell.url);
    await expectAccessible(page, 'account-license');
    await page.getByRole('button', { name: 'Sign in…' }).click();
    await expectAccessible(page, 'sign-in');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Business Edition…' }).click();
    await expectAccessible(page, 'business-edition');
    await page.getByRole('button', { name: 'Enter Enterprise Key…' }).click();
    await page.getByRole('button', { name: 'Activate' }).click();
    await expectAccessible(page, 'enterprise-key');
    await page.getByRole('button', { name: 'Back' }).click();
    await page.getByRole('button', { name: 'Continue with SSO' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await expectAccessible(page, 'email-prompt');
    await page.getByRole('button', { name: 'Back' }).click();

    const idp = await continueWithSso(page, context, 'carol@acme.test');
    await expectAccessible(page, 'waiting');
    await signInAtIdp(idp, 'carol@acme.test');
    await expectAccessible(page, 'failed');
    await page.getByRole('button', { name: 'Close' }).click();
    await context.clearCookies();

    const alice = await continueWithSso(page, context, 'alice@acme.test');
    await signInAtIdp(alice, 'alice@acme.test');
    await expectAccessible(page, 'activated');
    await page.getByRole('button', { name: 'Done' }).click();
    await expectAccessible(page, 'account-license');
    await page.getByRole('button', { name: 'Check license now' }).click();
    await expect(page.getByText('Checked in just now')).toBeVisible();
    await expectAccessible(page, 'account-license');
    await page.getByRole('button', { name: 'Deactivate on this device' }).click();
    await expectAccessible(page, 'confirm-deactivate');
    await page.keyboard.press('Escape');
    await deactivate(page);
    await context.clearCookies();
  }
});
