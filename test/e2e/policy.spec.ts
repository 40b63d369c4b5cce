// Managed deployment in the renderer (Chromium through the webshell, real core and service):
// ActivateAtStart opens Continue with SSO at start with the organisation's email locked;
// Cancel says how to come back; ActivationMethods=sso hides the Enterprise Key path; a policy
// change shows without a restart; About lists the settings and the policy's problems; an
// invitation's latchkey://activate link opens the SSO step filled in and never activates.
// Screenshots: test-results/screens/policy-*.png.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { dialog } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

let shell: Webshell | undefined;
let root: string | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
  if (root) rmSync(root, { recursive: true, force: true });
  root = undefined;
});

/** A stand-in root holding /etc/latchkey/policy.json (the webshell is a development build). */
function writePolicy(values: Record<string, unknown>): string {
  root ??= mkdtempSync(join(tmpdir(), 'latchkey-e2e-policy-'));
  mkdirSync(join(root, 'etc', 'latchkey'), { recursive: true });
  writeFileSync(join(root, 'etc', 'latchkey', 'policy.json'), JSON.stringify(values));
  return root;
}

async function startWithPolicy(values: Record<string, unknown>): Promise<Webshell> {
  const policyRoot = writePolicy(values);
  return startWebshell({
    env: { ...process.env, LATCHKEY_POLICY_ROOT: policyRoot, LATCHKEY_POLICY_PLATFORM: 'linux' },
    args: ['--urls-on-stdin'],
  });
}

async function screen(page: Page, name: string): Promise<void> {
  mkdirSync('test-results/screens', { recursive: true });
  await page.screenshot({ path: `test-results/screens/policy-${name}.png`, fullPage: true });
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  expect(violations.map((v) => `${name}: ${v.id}`)).toEqual([]);
}

/** No activation started: the core is idle and no "system browser" tab opened. */
async function expectNotActivating(page: Page, context: BrowserContext, url: string): Promise<void> {
  expect(context.pages()).toHaveLength(1);
  const state = (await (await page.request.get(`${url}/bridge/state`)).json()) as { phase: string };
  expect(state.phase).toBe('idle');
}

test('ActivateAtStart: the first start opens Continue with SSO with the managed email locked; Cancel says how to come back; no Enterprise Key with ActivationMethods=sso', async ({
  page,
  context,
}) => {
  shell = await startWithPolicy({
    ActivateAtStart: true,
    Email: 'alice@acme.test',
    ActivationMethods: 'sso',
  });
  await page.goto(shell.url);
  const prompt = dialog(page, 'email-prompt');
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  const email = prompt.getByLabel('Work email');
  await expect(email).toHaveValue('alice@acme.test');
  await expect(email).toHaveAttribute('readonly', '');
  await expect(prompt).toContainText('Set by your organisation');
  await expectNotActivating(page, context, shell.url);
  await screen(page, 'activate-at-start');

  await prompt.getByRole('button', { name: 'Cancel' }).click();
  const account = dialog(page, 'account-license');
  await expect(account).toContainText('not activated');
  await expect(account.getByRole('status').filter({ hasText: 'To activate it later' })).toContainText(
    'In the menu, choose Latchkey → Account & License….Select Continue with SSO.Enter your work email and click Next',
  );
  await expect(account.getByRole('button', { name: 'Business Edition…' })).toHaveCount(0);
  await screen(page, 'cancelled');

  await account.getByRole('button', { name: 'Sign in…' }).click();
  await expect(dialog(page, 'sign-in')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Enter Enterprise Key…' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Back' }).click();

  // The organisation changes the policy while the app runs: the dialog follows, no restart.
  writePolicy({
    ActivateAtStart: true,
    Email: 'alice@acme.test',
    ActivationMethods: 'both',
    CheckInIntervalHours: 'daily',
  });
  await expect(account.getByRole('button', { name: 'Business Edition…' })).toBeVisible({ timeout: 10_000 });
  await account.getByRole('link', { name: 'About Latchkey…' }).click();
  const about = dialog(page, 'about');
  await expect(about).toContainText('Emailalice@acme.test (your organisation (this computer))');
  await expect(about.getByRole('list', { name: 'Policy problems' })).toContainText(
    'CheckInIntervalHours must be a whole number of hours',
  );
  await screen(page, 'about');
});

test('latchkey://activate opens Continue with SSO with the link’s email and never activates; a managed EmailDomain wins and the dialog says so', async ({
  page,
  context,
}) => {
  shell = await startWithPolicy({ EmailDomain: 'acme.test' });
  await page.goto(shell.url);
  await expect(dialog(page, 'account-license')).toBeVisible({ timeout: 20_000 });

  shell.openUrl('latchkey://activate?email=bob%40acme.test&invitation=3f2c9a4e-1b7d-4c55-9e0a-6d8f2b1c7a90');
  const prompt = dialog(page, 'email-prompt');
  await expect(prompt).toBeVisible({ timeout: 10_000 });
  await expect(prompt.getByLabel('Work email')).toHaveValue('bob@acme.test');
  await expect(prompt.getByLabel('Work email')).not.toHaveAttribute('readonly', '');
  // Filled in, not sent: nothing runs until the user presses Next.
  await page.waitForTimeout(1_000);
  await expectNotActivating(page, context, shell.url);
  await screen(page, 'activation-link');

  // Nothing else on the scheme is acted on.
  shell.openUrl('latchkey://deactivate?email=bob%40acme.test');
  await prompt.getByRole('button', { name: 'Back' }).click();
  await expect(dialog(page, 'account-license')).toBeVisible();
  await page.waitForTimeout(1_000);
  await expect(dialog(page, 'account-license')).toBeVisible();

  shell.openUrl('latchkey://activate?email=eve%40initech.test');
  await expect(prompt).toBeVisible({ timeout: 10_000 });
  await expect(prompt.getByLabel('Work email')).toHaveValue('');
  await expect(prompt.getByRole('note')).toContainText(
    'The invitation was for eve@initech.test, but your organisation allows only @acme.test addresses here.',
  );
  await expectNotActivating(page, context, shell.url);
  await screen(page, 'activation-link-domain');
});
