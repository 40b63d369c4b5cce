// Who the app says holds the license (DESIGN.md, flow step 9): the signed
// license's holder, never the email typed — in Chromium through webshell.
import { expect, test } from '@playwright/test';
import { continueWithSso, dialog, signInAtIdp, snap } from './dialogs.ts';
import { scenario, startWebshell, type Webshell } from './webshell.ts';

let shell: Webshell | undefined;
test.beforeEach(async () => scenario('reset'));
test.afterEach(async () => {
  await shell?.stop();
  shell = undefined;
});

test('typed bob@acme.test, signed in at the IdP as Alice: Activated names Alice and says "You signed in as alice@acme.test"', async ({
  page,
  context,
}, testInfo) => {
  shell = await startWebshell();
  await page.goto(shell.url);
  const idp = await continueWithSso(page, context, 'bob@acme.test');
  // The typed email reached the IdP: its page offers Bob first.
  await expect(idp.locator('select[name="user"]')).toHaveValue('bob@acme.test');
  await signInAtIdp(idp, 'alice@acme.test');
  const activated = dialog(page, 'activated');
  await expect(activated).toBeVisible();
  await expect(activated.locator('.holder')).toContainText('Alice Admin (alice@acme.test)');
  await expect(activated.getByRole('note')).toContainText(
    'You signed in as alice@acme.test, not bob@acme.test (the email you typed)',
  );
  await snap(page, testInfo, 'licensee-signed-in-as-someone-else');
  // After a reload the app still names the license's holder.
  await page.reload();
  await expect(dialog(page, 'account-license').locator('.holder')).toContainText('alice@acme.test');
  await expect(dialog(page, 'account-license')).not.toContainText('Licensed to bob');
});
