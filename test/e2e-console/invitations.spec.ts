// Inviting users (issue 22 item 7), in Chromium: the owner of a new account
// invites a backup login on the Users page, copies the one-time link (no mail
// is sent yet), and a fresh browser opens it, sets a password and lands signed
// in; back as the owner, step 7 of the IdP Integration shows that person as the
// backup login, green. axe-core on the Users page with the invite form and on
// the accept page, light and dark; screenshots in test-results/screens/.
import { expect, test, type Page } from '@playwright/test';
import { ConsoleClient } from '../../devtools/console-client.ts';
import {
  expectAccessibleInBothSchemes,
  expectFieldError,
  expectGreen,
  openStep,
  serviceUrl,
} from './console-pages.ts';

const owner = { email: 'owner@invite.test', password: 'correct horse battery staple' };
const backup = { email: 'backup@invite.test', password: 'a backup password for the day the IdP is down' };

async function screens(page: Page, name: string): Promise<void> {
  for (const colorScheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme });
    await page.screenshot({ path: `test-results/screens/${name}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: null });
}

test('the owner invites a backup login; the invitee sets a password through the link and is step 7’s backup login', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const base = await serviceUrl();
  await new ConsoleClient(base).signUp('Invite Test Co', owner.email, owner.password);

  await page.goto(`${base}/console/sign-in`);
  await page.getByLabel('Email', { exact: true }).fill(owner.email);
  await page.getByLabel('Password', { exact: true }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page).not.toHaveURL(/sign-in/);
  await page.goto(`${base}/console/users`);
  const form = page.getByRole('region', { name: 'Invite user' });
  await expect(form).toBeVisible();

  // Errors per field: an email that is not one, no role chosen.
  await form.getByLabel('Email', { exact: true }).fill('not an email');
  await form.getByRole('button', { name: 'Invite user' }).click();
  await expectFieldError(form, 'Email', /email address/);
  await form.getByLabel('Email', { exact: true }).fill(backup.email);
  await form.getByRole('button', { name: 'Invite user' }).click();
  await expect(form.locator('.field-error')).toContainText(/choose Console admin or Backup login/i);

  await form.getByRole('button', { name: /Role/ }).click();
  await page.getByRole('option', { name: 'Backup login' }).click();
  await form.getByRole('button', { name: 'Invite user' }).click();
  await expect(form).toContainText(`we did not send an email. Give this link to ${backup.email} yourself`);
  const linkText = await form.locator('.one-time-link code').innerText();
  expect(linkText).toMatch(/\/console\/invitation#[A-Za-z0-9_-]{43}$/);
  await form.getByRole('button', { name: 'Copy link' }).click();
  await expect(form.getByText('Copied', { exact: true })).toBeVisible();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).toBe(linkText);
  const pending = page.getByRole('region', { name: 'Pending invitations' });
  await expect(pending.getByRole('row', { name: new RegExp(backup.email) })).toContainText('Backup login');
  await expect(pending).toContainText(owner.email);
  await expect(
    page.getByRole('row', { name: new RegExp(`${backup.email}.*Invitation pending`) }),
  ).toBeVisible();
  await expectAccessibleInBothSchemes(page, 'users with the invite form');
  await screens(page, 'invite');

  // A fresh browser (no session) opens the link, sets a password, lands signed in.
  const invitee = await browser.newContext();
  const inviteePage = await invitee.newPage();
  await inviteePage.goto(link);
  await expect(inviteePage.getByRole('heading', { level: 1, name: 'Accept your invitation' })).toBeVisible();
  await expect(inviteePage.locator('main')).toContainText(`${backup.email}`);
  await expect(inviteePage.locator('main')).toContainText('Invite Test Co');
  await expectAccessibleInBothSchemes(inviteePage, 'accept invitation');
  await screens(inviteePage, 'accept-invitation');
  await inviteePage.getByLabel('Choose a password', { exact: true }).fill('short');
  await inviteePage.getByRole('button', { name: 'Set password and sign in' }).click();
  await expectFieldError(inviteePage, 'Choose a password', /at least 12 characters/);
  await inviteePage.getByLabel('Choose a password', { exact: true }).fill(backup.password);
  await inviteePage.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(inviteePage.getByRole('heading', { level: 1, name: 'IdP Integration' })).toBeVisible();
  await expect(inviteePage.getByText(backup.email).first()).toBeVisible();

  // The link is spent: opened again, the page says so and whom to ask.
  const again = await (await browser.newContext()).newPage();
  await again.goto(link);
  await expect(again.getByRole('alert')).toHaveText(
    `This invitation was already used: ask ${owner.email} for a new one`,
  );
  await invitee.close();

  // Back as the owner: no longer pending; step 7 shows the invitee as the backup login, green.
  await page.reload();
  await expect(page.getByRole('region', { name: 'Pending invitations' })).toHaveCount(0);
  await page.goto(`${base}/console/integration`);
  // The page shows either Start Configuring (no step before 7 done yet) or the steps: wait for one.
  const start = page.getByRole('button', { name: 'Start Configuring' });
  await start.or(page.locator('[data-step]').first()).waitFor();
  if (await start.isVisible()) await start.click();
  await expectGreen(page, 'backup_login');
  const step7 = await openStep(page, 'backup_login');
  await expect(step7).toContainText(`Backup login now: ${backup.email}`);

  // New link (the old one stops working) and Revoke, from the pending list.
  await page.goto(`${base}/console/users`);
  const inviteForm = page.getByRole('region', { name: 'Invite user' });
  await inviteForm.getByLabel('Email', { exact: true }).fill('consultant@partner.test');
  await inviteForm.getByRole('button', { name: /Role/ }).click();
  await page.getByRole('option', { name: 'Console admin' }).click();
  await inviteForm.getByRole('button', { name: 'Invite user' }).click();
  const firstLink = await inviteForm.locator('.one-time-link code').innerText();
  const list = page.getByRole('region', { name: 'Pending invitations' });
  await list.getByRole('button', { name: 'New link for consultant@partner.test' }).click();
  const newLink = await list.locator('.one-time-link code').innerText();
  expect(newLink).not.toBe(firstLink);
  const old = await (await browser.newContext()).newPage();
  await old.goto(firstLink);
  await expect(old.getByRole('alert')).toHaveText(
    `This invitation was withdrawn: ask ${owner.email} for a new one`,
  );
  await list.getByRole('button', { name: 'Revoke the invitation of consultant@partner.test' }).click();
  await expect(page.getByRole('region', { name: 'Pending invitations' })).toHaveCount(0);
});
